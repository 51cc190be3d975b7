// The page's figures for scripts/bench: its size, time to the app's first frame in headless
// Chromium, and the app's own CPU time per frame with 100,000 records in the log
// (bench/frame_100k.json), every tab open in turn. Prints one JSON object on stdout.
// Run from the repository root: node bench/page_bench.mjs [--loads N]
//   INSIDEOUT_SITE  the built site (default build/web/site)
//
// Chromium here draws WebGL in software (SwiftShader), so these are upper bounds of what a
// student's browser with a GPU does; bench/README.md says what each figure includes.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startServer } from '../scripts/serve.mjs';

const SITE = path.resolve(process.env.INSIDEOUT_SITE || 'build/web/site');
// The UI font web/CMakeLists.txt embeds when it exists: the subset it cuts (build/web/fonts/,
// beside the site), else the whole of INSIDEOUT_UI_FONT's default.
const FONTS = [path.join(SITE, '..', 'fonts', 'ui.ttf'), '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'];
// The frame benchmark's world, run to FRAME_RECORDS records before the frames are timed.
const FRAME_SCENARIO = path.join(path.dirname(new URL(import.meta.url).pathname), 'frame_100k.json');
const FRAME_RECORDS = 100_000;
// The dataflow tabs, as the app publishes their headers (web/layout.cpp): each is opened in turn.
const TABS = ['tab_derivers', 'tab_network', 'tab_metrics', 'tab_storage', 'tab_privacy', 'tab_credit'];
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
      wasm_loaded_ms: performance.getEntriesByType('resource').find((e) => e.name.endsWith('/insideout_app.wasm'))?.responseEnd ?? null,
      runtime_ready_ms: window.__ioRuntimeReadyMs,
      first_frame_ms: window.__ioFirstFrameMs,
    }));
  } finally {
    await context.close();
  }
}

// Clicks the widget the app published as `name` with real mouse events (as tests/web/lib.mjs
// does): hover, press and release on frames of their own.
async function clickWidget(page, name) {
  const json = await page.evaluate((n) => Module.ccall('io_widget_rect', 'string', ['string'], [n]), name);
  if (!json) return false;
  const r = JSON.parse(json);
  const frames = (n) => page.evaluate((k) => new Promise((resolve) => {
    const target = Module._io_frames() + k;
    const wait = () => (Module._io_frames() >= target ? resolve() : setTimeout(wait, 5));
    wait();
  }), n);
  await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
  await frames(2);
  await page.mouse.down();
  await frames(2);
  await page.mouse.up();
  await frames(2);
  return true;
}

// CPU per frame, from the app's own timer (io_frame_cpu_ms: the mean over its last frames of the
// simulation and the UI build, the WebGL calls excluded): the frame benchmark's world is run to
// FRAME_RECORDS records, then plays at the default speed while each tab is open in turn; the
// judged figure is the slowest tab's mean. As context only, Chromium's main-thread task time per
// frame over PROXY_FRAMES frames (DevTools' TaskDuration): it includes WebGL submission and the
// browser's own work.
async function frameCost(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.goto(url, { timeout: WAIT_MS });
    // Module._io_frames throws until the wasm module is instantiated: not ready yet.
    await page.waitForFunction(() => { try { return Module._io_frames() > 2; } catch { return false; } }, null,
      { timeout: WAIT_MS, polling: 50 });
    if (await page.evaluate(() => typeof Module._io_frame_cpu_ms !== 'function')) {
      return { cpu_ms_per_frame: null, cpu_note: 'not measured: the app exposes no frame timer (io_frame_cpu_ms)' };
    }
    const text = readFileSync(FRAME_SCENARIO, 'utf8');
    const loaded = await page.evaluate((t) => Module.ccall('io_load_scenario_text', 'number', ['string', 'string'], [t, 'frame_100k.json']), text);
    if (loaded !== 0) throw new Error(`io_load_scenario_text(frame_100k.json) returned ${loaded}`);
    const runStarted = Date.now();
    const records = await page.evaluate((n) => { Module._io_set_stop_at_steps(0); return Module._io_run_to_records(n); }, FRAME_RECORDS);
    const runSeconds = (Date.now() - runStarted) / 1000;
    if (records < FRAME_RECORDS) throw new Error(`the frame benchmark's world stopped at ${records} records`);
    await page.evaluate(() => Module._io_set_playing(1));
    const window = await page.evaluate(() => Module._io_frame_window ? Module._io_frame_window() : 60);
    const tabs = {};
    for (const tab of TABS) {
      if (!(await clickWidget(page, tab))) continue;  // the credit tab exists only with a lender
      await page.evaluate(() => Module._io_frame_times_clear());
      await page.waitForFunction((n) => Module._io_frame_times_count() >= n, window, { timeout: WAIT_MS, polling: 50 });
      tabs[tab] = await page.evaluate(() => ({
        cpu_ms: Module._io_frame_cpu_ms(), sim_ms: Module._io_frame_sim_ms(), gl_ms: Module._io_frame_gl_ms(),
        cpu_max_ms: Module._io_frame_cpu_max_ms(), frames: Module._io_frame_times_count(),
      }));
    }
    // One learner's "Audit now" (the metrics tab) at this size: O(log length), so it is the
    // slowest frame there is; timed as the slowest frame of a window that holds the click.
    let auditMs = null;
    if (await clickWidget(page, 'tab_metrics')) {
      await page.evaluate(() => Module._io_frame_times_clear());
      if (await clickWidget(page, 'audit')) auditMs = await page.evaluate(() => Module._io_frame_cpu_max_ms());
    }
    const state = await page.evaluate(() => ({ records: Module._io_log_end_offset(), tick: Module._io_tick(), playing: Module._io_playing() }));
    if (state.playing !== 1) throw new Error('the frame benchmark\'s world stopped playing while it was measured');
    const worst = Object.entries(tabs).sort((a, b) => b[1].cpu_ms - a[1].cpu_ms)[0];

    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const taskSeconds = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
    const frames0 = await page.evaluate(() => Module._io_frames());
    const task0 = await taskSeconds();
    await page.waitForFunction((target) => Module._io_frames() >= target, frames0 + PROXY_FRAMES, { timeout: WAIT_MS, polling: 50 });
    const task1 = await taskSeconds();
    const frames1 = await page.evaluate(() => Module._io_frames());
    return {
      cpu_ms_per_frame: worst[1].cpu_ms,
      cpu_note: `io_frame_cpu_ms(): mean of ${worst[1].frames} frames with the slowest tab (${worst[0]}) open, ` +
        `${Math.round(state.records)} records, playing at the default speed`,
      frame_world: { scenario: 'bench/frame_100k.json', records: state.records, tick: state.tick, run_seconds: runSeconds },
      frame_tabs: tabs,
      audit_now_frame_ms: auditMs,
      main_thread_ms_per_frame: ((task1 - task0) * 1000) / (frames1 - frames0),
      main_thread_frames: frames1 - frames0,
    };
  } finally {
    await context.close();
  }
}

// What the page is made of, raw and gzip -9: every file of the site, and the wasm module's
// share of it (a file of its own, or base64 inside the script with SINGLE_FILE), and whether the
// UI font is among the wasm's embedded files.
function pageParts() {
  const gz = (bytes) => gzipSync(bytes, { level: 9 }).length;
  const files = {};
  for (const name of readdirSync(SITE).sort()) {
    const bytes = readFileSync(path.join(SITE, name));
    files[name] = { raw: bytes.length, gzip: gz(bytes) };
  }
  const script = readFileSync(path.join(SITE, 'insideout_app.js'), 'utf8');
  const blobs = script.match(/data:application\/octet-stream;base64,[A-Za-z0-9+/=]+/g) || [];
  const wasmFile = path.join(SITE, 'insideout_app.wasm');
  const wasm = existsSync(wasmFile) ? readFileSync(wasmFile)
    : Buffer.concat(blobs.map((b) => Buffer.from(b.slice(b.indexOf(',') + 1), 'base64')));
  const parts = { files, total_raw: 0, total_gzip: 0, wasm_separate: existsSync(wasmFile),
                  wasm_raw: wasm.length, wasm_gzip: gz(wasm), js_glue_raw: script.length - blobs.join('').length,
                  js_glue_gzip: blobs.length === 0 ? files['insideout_app.js'].gzip : null,
                  font_embedded: false, font_raw: 0, font_gzip: 0 };
  for (const f of Object.values(files)) { parts.total_raw += f.raw; parts.total_gzip += f.gzip; }
  for (const fontFile of FONTS) {
    if (!existsSync(fontFile)) continue;
    const font = readFileSync(fontFile);
    if (font.length > 4096 && wasm.indexOf(font.subarray(1024, 1024 + 256)) >= 0) {
      Object.assign(parts, { font_embedded: true, font_raw: font.length, font_gzip: gz(font) });
      break;
    }
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
      wasm_loaded_ms: median('wasm_loaded_ms'),
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
