// The page's figures for scripts/bench: time to the app's first frame in headless Chromium, and
// CPU time per frame if the app measures it. Prints one JSON object on stdout.
// Run from the repository root: node bench/page_bench.mjs [--loads N]
//   INSIDEOUT_SITE  the built site (default build/web/site)
//
// Chromium here draws WebGL in software (SwiftShader), so these are upper bounds of what a
// student's browser with a GPU does; bench/README.md says what each figure includes.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';

const SITE = path.resolve(process.env.INSIDEOUT_SITE || 'build/web/site');
// The UI font web/CMakeLists.txt embeds when it exists (INSIDEOUT_UI_FONT's default).
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const WAIT_MS = 60_000;
// Frames over which the browser's own main-thread time is averaged (the app idles, paused).
const PROXY_FRAMES = 60;
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
];

// Runs in the page before any of its scripts: notes when the app's frame counter first moves,
// in milliseconds since navigation started (performance.now()'s origin). Polls every few ms
// rather than per animation frame, so the figure is not rounded up to the next frame.
function noteFirstFrame() {
  const frames = () => {
    try {
      return typeof Module !== 'undefined' && typeof Module._io_frames === 'function' ? Module._io_frames() : null;
    } catch {
      return null;  // the export exists before the runtime that backs it is ready
    }
  };
  const poll = () => {
    const n = frames();
    if (n !== null && window.__ioRuntimeReadyMs === undefined) window.__ioRuntimeReadyMs = performance.now();
    if (n > 0) {
      window.__ioFirstFrameMs = performance.now();
      return;
    }
    setTimeout(poll, 2);
  };
  poll();
}

// One fresh load (a new context: no cache): when the app's script had arrived, when its runtime
// was ready (wasm compiled, main() entered), and when it had drawn its first frame, all in ms
// since navigation started.
async function firstFrame(browser, url, errors) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    await page.addInitScript(noteFirstFrame);
    await page.goto(url, { timeout: WAIT_MS });
    await page.waitForFunction(() => window.__ioFirstFrameMs !== undefined, null, { timeout: WAIT_MS, polling: 50 });
    return await page.evaluate(() => ({
      script_loaded_ms: performance.getEntriesByType('resource').find((e) => e.name.endsWith('/insideout_app.js'))?.responseEnd ?? null,
      runtime_ready_ms: window.__ioRuntimeReadyMs,
      first_frame_ms: window.__ioFirstFrameMs,
    }));
  } finally {
    await context.close();
  }
}

// CPU per frame: the app's own figure if it exports one (io_frame_cpu_ms: mean milliseconds of
// CPU per frame); otherwise not measured. As context only, Chromium's main-thread task time per
// frame over PROXY_FRAMES idle frames (DevTools' TaskDuration): it includes WebGL submission and
// the browser's own work, and the app sits at its start, far from 100k records.
async function frameCost(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(url, { timeout: WAIT_MS });
    await page.waitForFunction(() => typeof Module !== 'undefined' && typeof Module._io_frames === 'function' &&
      Module._io_frames() > 2, null, { timeout: WAIT_MS, polling: 50 });
    const own = await page.evaluate(() => (typeof Module._io_frame_cpu_ms === 'function' ? Module._io_frame_cpu_ms() : null));
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
    const frames0 = await page.evaluate(() => Module._io_frames());
    const task0 = await taskSeconds();
    await page.waitForFunction((target) => Module._io_frames() >= target, frames0 + PROXY_FRAMES, { timeout: WAIT_MS, polling: 50 });
    const task1 = await taskSeconds();
    const frames1 = await page.evaluate(() => Module._io_frames());
    return {
      cpu_ms_per_frame: own,
      cpu_note: own === null ? 'not measured: the app exposes no frame timer yet (io_frame_cpu_ms)' : 'io_frame_cpu_ms()',
      main_thread_ms_per_frame: ((task1 - task0) * 1000) / (frames1 - frames0),
      main_thread_frames: frames1 - frames0,
    };
  } finally {
    await context.close();
  }
}

// What the app's script is made of: the wasm module (base64 inside it, SINGLE_FILE), the
// JavaScript glue around it, and whether the UI font is among the wasm's embedded files.
function pageParts() {
  const script = readFileSync(path.join(SITE, 'insideout_app.js'), 'utf8');
  const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
  const blobs = script.match(/data:application\/octet-stream;base64,[A-Za-z0-9+/=]+/g) || [];
  const wasm = Buffer.concat(blobs.map((b) => Buffer.from(b.slice(b.indexOf(',') + 1), 'base64')));
  const parts = { wasm_raw: wasm.length, wasm_gzip: gz(wasm), js_glue_raw: script.length - blobs.join('').length,
                  font_embedded: false, font_raw: 0, font_gzip: 0 };
  if (existsSync(FONT)) {
    const font = readFileSync(FONT);
    parts.font_embedded = font.length > 4096 && wasm.indexOf(font.subarray(2048, 2048 + 256)) >= 0;
    if (parts.font_embedded) Object.assign(parts, { font_raw: font.length, font_gzip: gz(font) });
  }
  return parts;
}

async function main() {
  let loads = 3;
  const args = process.argv.slice(2);
  if (args[0] === '--loads') loads = Math.max(1, Number(args[1]) || 3);
  const index = path.join(SITE, 'index.html');
  if (!existsSync(index)) throw new Error(`${index} is missing: build the web preset first`);
  const { server, url } = await startServer(SITE);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: WAIT_MS });
  const errors = [];
  try {
    const runs = [];
    for (let i = 0; i < loads; ++i) runs.push(await firstFrame(browser, url, errors));
    const times = runs.map((r) => r.first_frame_ms);
    const sorted = [...times].sort((a, b) => a - b);
    const median = (key) => [...runs.map((r) => r[key])].sort((a, b) => a - b)[Math.floor(runs.length / 2)];
    const cost = await frameCost(browser, url);
    if (errors.length > 0) throw new Error(`the page reported errors:\n  ${errors.join('\n  ')}`);
    console.log(JSON.stringify({
      browser: `Chromium ${browser.version()} (headless, SwiftShader WebGL)`,
      first_frame_ms: { loads: times, median: sorted[Math.floor(sorted.length / 2)], worst: sorted[sorted.length - 1] },
      script_loaded_ms: median('script_loaded_ms'),
      runtime_ready_ms: median('runtime_ready_ms'),
      ...cost,
      size: pageParts(),
    }));
  } finally {
    await browser.close();
    server.close();
  }
}

main().catch((error) => {
  console.error(`page_bench: ${error.stack || error.message}`);
  process.exitCode = 1;
});
