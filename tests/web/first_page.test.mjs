// web.first_page: the built site loads in Chromium, draws frames, and a real mouse click on the
// on-canvas "Play" button makes the log grow. Screenshots go to $INSIDEOUT_ARTIFACTS for a
// person to look at. Run from the repository root: node tests/web/first_page.test.mjs
//   INSIDEOUT_SITE       the built site (default build/web/site)
//   INSIDEOUT_ARTIFACTS  where screenshots go (default build/test-artifacts)

import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

const NAME = 'web.first_page';
const SITE = path.resolve(process.env.INSIDEOUT_SITE || 'build/web/site');
const ARTIFACTS = path.resolve(process.env.INSIDEOUT_ARTIFACTS || 'build/test-artifacts');
// Chromium here renders WebGL in software (SwiftShader): slow frames, so generous bounds.
const WAIT_MS = 60_000;
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
];

class Failure extends Error {}
const fail = (message) => { throw new Failure(message); };

// Waits for `predicate(arg)` to hold in the page, failing with `what` after `timeout` ms.
async function waitInPage(page, what, predicate, arg, timeout = WAIT_MS) {
  try {
    await page.waitForFunction(predicate, arg, { timeout, polling: 100 });
  } catch (error) {
    fail(`timed out after ${timeout / 1000} s waiting for ${what} (${error.message.split('\n')[0]})`);
  }
}

const state = (page) => page.evaluate(() => ({
  frames: Module._io_frames(),
  playing: Module._io_playing(),
  offset: Module._io_log_end_offset(),
  tick: Module._io_tick(),
  hash: Module.ccall('io_trace_hash', 'string', [], []),
}));

// Lets the app draw `count` more frames, so an input event is seen by a frame of its own.
async function waitFrames(page, count) {
  const { frames } = await state(page);
  await waitInPage(page, `${count} more frames`, (target) => Module._io_frames() >= target, frames + count);
}

// Holds a key for a couple of frames, as a person does: ImGui 1.86's SDL backend only sees keys
// that are down at some frame, so a press and release within one frame would be lost.
async function pressKey(page, key) {
  await page.keyboard.down(key);
  await waitFrames(page, 2);
  await page.keyboard.up(key);
}

async function run(page, errors) {
  for (const file of ['index.html', 'insideout_app.js']) {
    if (!existsSync(path.join(SITE, file))) fail(`${path.join(SITE, file)} is missing: build the web preset first`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const { server, url } = await startServer(SITE);
  try {
    await page.goto(url, { timeout: WAIT_MS });
    const title = await page.title();
    if (!title.startsWith('Inside Out')) fail(`unexpected page title "${title}"`);

    await waitInPage(page, 'the first frame (io_frames() > 0)',
      () => typeof Module !== 'undefined' && typeof Module._io_frames === 'function' && Module._io_frames() > 0);
    await waitFrames(page, 2);  // ImGui sizes windows on its first frames
    const before = await state(page);
    if (before.playing !== 0) fail(`the app should start paused, io_playing() = ${before.playing}`);
    if (!/^[0-9a-f]{16}$/.test(before.hash)) fail(`io_trace_hash() is not 16 hex digits: "${before.hash}"`);
    if (await page.locator('#status').isVisible()) fail('the loading text is still shown after the first frame');
    await page.screenshot({ path: path.join(ARTIFACTS, 'first_page_initial.png') });

    // Click "Play" where the app says it drew it, with real mouse events through SDL and ImGui.
    const rectJson = await page.evaluate(() => Module.ccall('io_widget_rect', 'string', ['string'], ['play']));
    if (!rectJson) fail('the app published no rectangle for the "play" button');
    const rect = JSON.parse(rectJson);
    const canvas = await page.locator('#canvas').boundingBox();
    const x = canvas.x + rect.x + rect.w / 2;
    const y = canvas.y + rect.y + rect.h / 2;
    await page.mouse.move(x, y);
    await waitFrames(page, 2);
    await page.mouse.down();
    await waitFrames(page, 2);
    await page.mouse.up();
    await waitInPage(page, 'io_playing() to become 1 after clicking Play', () => Module._io_playing() === 1, null, 10_000);

    // Enough records that the tape in the screenshot is visibly full.
    await waitInPage(page, `the log end offset to grow past ${before.offset + 20}`,
      (target) => Module._io_log_end_offset() >= target, before.offset + 20);
    const playing = await state(page);
    if (playing.playing !== 1) fail(`io_playing() = ${playing.playing} while the run should still be playing`);
    if (!(playing.tick > before.tick)) fail(`io_tick() did not advance (${before.tick} -> ${playing.tick})`);
    if (playing.hash === before.hash) fail('the trace hash did not change while the log grew');
    await page.screenshot({ path: path.join(ARTIFACTS, 'first_page_playing.png') });

    // Space pauses and resumes too (the shortcut, in addition to the button).
    await pressKey(page, 'Space');
    await waitInPage(page, 'Space to pause', () => Module._io_playing() === 0, null, 10_000);
    await pressKey(page, 'Space');
    await waitInPage(page, 'Space to resume', () => Module._io_playing() === 1, null, 10_000);

    if (errors.length > 0) fail(`the page reported errors:\n  ${errors.join('\n  ')}`);
    return playing;
  } finally {
    server.close();
  }
}

async function main() {
  const started = Date.now();
  const errors = [];
  let browser;
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: WAIT_MS });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console error: ${message.text()} (${message.location().url})`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) errors.push(`HTTP ${response.status()} for ${response.url()}`);
    });
    page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
    const result = await run(page, errors);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`log end offset ${result.offset} at tick ${result.tick}, trace hash ${result.hash}; ` +
                `screenshots in ${ARTIFACTS}; ${seconds} s`);
    console.log(`${NAME}: passed`);
  } catch (error) {
    const message = error instanceof Failure ? error.message : error.stack;
    console.error(`${NAME}: FAILED: ${message}`);
    if (errors.length > 0) console.error(`page errors so far:\n  ${errors.join('\n  ')}`);
    process.exitCode = 1;
  } finally {
    if (browser) await browser.close();
  }
}

await main();
