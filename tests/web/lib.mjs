// Shared helpers of the browser tests: start the static server and Chromium, open the built site,
// wait on the app's C API (Module._io_*), click on-canvas widgets with real mouse events, and
// report pass/fail the same way in every test.
//   INSIDEOUT_SITE       the built site (default build/web/site)
//   INSIDEOUT_ARTIFACTS  where screenshots go (default build/test-artifacts)

import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const SITE = path.resolve(process.env.INSIDEOUT_SITE || 'build/web/site');
export const ARTIFACTS = path.resolve(process.env.INSIDEOUT_ARTIFACTS || 'build/test-artifacts');
// Chromium here renders WebGL in software (SwiftShader): slow frames, so generous bounds.
export const WAIT_MS = 60_000;
export const VIEWPORT = { width: 1280, height: 800 };
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--enable-unsafe-swiftshader', '--use-angle=swiftshader',
];

export class Failure extends Error {}
export const fail = (message) => { throw new Failure(message); };

// Waits for `predicate(arg)` to hold in the page, failing with `what` after `timeout` ms.
export async function waitInPage(page, what, predicate, arg, timeout = WAIT_MS) {
  try {
    await page.waitForFunction(predicate, arg, { timeout, polling: 100 });
  } catch (error) {
    fail(`timed out after ${timeout / 1000} s waiting for ${what} (${error.message.split('\n')[0]})`);
  }
}

export const state = (page) => page.evaluate(() => ({
  frames: Module._io_frames(),
  playing: Module._io_playing(),
  offset: Module._io_log_end_offset(),
  tick: Module._io_tick(),
  hash: Module.ccall('io_trace_hash', 'string', [], []),
}));

// Lets the app draw `count` more frames, so an input event is seen by a frame of its own.
export async function waitFrames(page, count) {
  const { frames } = await state(page);
  await waitInPage(page, `${count} more frames`, (target) => Module._io_frames() >= target, frames + count);
}

// Holds a key for a couple of frames, as a person does: ImGui 1.86's SDL backend only sees keys
// that are down at some frame, so a press and release within one frame would be lost.
export async function pressKey(page, key) {
  await page.keyboard.down(key);
  await waitFrames(page, 2);
  await page.keyboard.up(key);
}

// The rectangle the app last drew the widget `name` in (canvas CSS pixels), or null.
export async function widgetRect(page, name) {
  const json = await page.evaluate((n) => Module.ccall('io_widget_rect', 'string', ['string'], [n]), name);
  return json ? JSON.parse(json) : null;
}

// Clicks the widget `name` where the app says it drew it, with real mouse events through SDL and
// ImGui: hover first (ImGui decides what is hovered on a frame), then press and release on
// frames of their own.
export async function clickWidget(page, name) {
  const rect = await widgetRect(page, name);
  if (!rect) fail(`the app published no rectangle for "${name}"`);
  if (!(rect.w > 0 && rect.h > 0)) fail(`the rectangle of "${name}" is empty: ${JSON.stringify(rect)}`);
  const canvas = await page.locator('#canvas').boundingBox();
  const x = canvas.x + rect.x + rect.w / 2;
  const y = canvas.y + rect.y + rect.h / 2;
  if (x > canvas.x + canvas.width || y > canvas.y + canvas.height) {
    fail(`"${name}" is outside the canvas at ${JSON.stringify(rect)}`);
  }
  await page.mouse.move(x, y);
  await waitFrames(page, 2);
  await page.mouse.down();
  await waitFrames(page, 2);
  await page.mouse.up();
  await waitFrames(page, 2);
}

// Scrolls the region published as `area` with the mouse wheel, as a person would, until the
// widget `name` lies wholly inside it (a widget scrolled out of view still has a rectangle, but
// a click there would land on whatever is drawn on top).
export async function scrollIntoView(page, name, area) {
  const canvas = await page.locator('#canvas').boundingBox();
  for (let attempt = 0; attempt < 40; ++attempt) {
    const r = await widgetRect(page, name);
    const a = await widgetRect(page, area);
    if (!r) fail(`the app published no rectangle for "${name}"`);
    if (!a) fail(`the app published no rectangle for "${area}"`);
    if (r.y >= a.y && r.y + r.h <= a.y + a.h) return;
    await page.mouse.move(canvas.x + a.x + a.w / 2, canvas.y + a.y + a.h / 2);
    await page.mouse.wheel(0, r.y < a.y ? -60 : 60);
    await waitFrames(page, 2);
  }
  fail(`could not scroll "${name}" into view inside "${area}"`);
}

// Scrolls `name` into view inside `area`, then clicks it.
export async function clickInView(page, name, area) {
  await scrollIntoView(page, name, area);
  await clickWidget(page, name);
}

// A metric by the name the runner prints ("audits", "credit/south/approval_rate_permille").
export const metric = (page, name) =>
  page.evaluate((n) => Module.ccall('io_metric', 'number', ['string'], [n]), name);

// Plays from the page to `tick` and pauses there (the frames are slow in software rendering).
export async function playTo(page, tick) {
  await page.evaluate(() => Module._io_set_playing(1));
  await waitInPage(page, `the run to reach tick ${tick}`, (t) => {
    if (Module._io_tick() < t) return false;
    Module._io_set_playing(0);
    return true;
  }, tick);
}

// Steps the run one tick at a time up to `to`, as the Step button does, and returns the trace
// hash and log end offset at every tick on the way: { tick: { hash, offset } }.
export const stepTo = (page, to) => page.evaluate((target) => {
  const seen = {};
  while (Module._io_tick() < target) {
    Module._io_step();
    seen[Module._io_tick()] = {
      hash: Module.ccall('io_trace_hash', 'string', [], []), offset: Module._io_log_end_offset(),
    };
  }
  return seen;
}, to);

// Loads /scenarios/NAME as the picker does; fails unless it loaded.
export async function loadScenario(page, name) {
  const result = await page.evaluate((n) => Module.ccall('io_load_scenario', 'number', ['string'], [n]), name);
  if (result !== 0) fail(`io_load_scenario("${name}") returned ${result}`);
}

// Tests that are not about the lesson let a scripted scenario play straight through, without the
// stops at each step that wait for a learner (the lesson's "Stop at each step", off).
export const playThroughLessons = (page) => page.evaluate(() => Module._io_set_stop_at_steps(0));

// Moves the mouse onto the sidebar's title bar, where hovering shows no tooltip, and lets a frame
// see it: screenshots then show the panels, not the last clicked button's tooltip.
export async function parkMouse(page) {
  const canvas = await page.locator('#canvas').boundingBox();
  await page.mouse.move(canvas.x + 4, canvas.y + 4);
  await waitFrames(page, 2);
}

export async function screenshot(page, file) {
  await page.screenshot({ path: path.join(ARTIFACTS, file) });
}

// Opens the built site in `page` and waits for the app's first frames. Returns the server, which
// the caller closes.
export async function openApp(page) {
  for (const file of ['index.html', 'insideout_app.js', 'insideout_app.wasm']) {
    if (!existsSync(path.join(SITE, file))) fail(`${path.join(SITE, file)} is missing: build the web preset first`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const { server, url } = await startServer(SITE);
  try {
    await page.goto(url, { timeout: WAIT_MS });
    const title = await page.title();
    if (!title.startsWith('Inside Out')) fail(`unexpected page title "${title}"`);
    // Module._io_frames exists as soon as the script has run, but throws until the wasm module
    // (compiled while the page loads) is instantiated: not ready yet, not a failure.
    await waitInPage(page, 'the first frame (io_frames() > 0)', () => {
      try {
        return Module._io_frames() > 0;
      } catch {
        return false;
      }
    });
    await waitFrames(page, 2);  // ImGui sizes windows on its first frames
  } catch (error) {
    server.close();
    throw error;
  }
  return server;
}

// Runs `body(page, errors)` in a fresh Chromium page at VIEWPORT, collecting page errors, console
// errors and failed requests into `errors`. `body` returns a one-line summary. Prints
// "NAME: passed" or "NAME: FAILED: why" and sets the exit code.
export async function runBrowserTest(name, body) {
  const started = Date.now();
  const errors = [];
  let browser;
  try {
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS, timeout: WAIT_MS });
    const page = await browser.newPage({ viewport: VIEWPORT });
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console error: ${message.text()} (${message.location().url})`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) errors.push(`HTTP ${response.status()} for ${response.url()}`);
    });
    page.on('requestfailed', (request) => errors.push(`request failed: ${request.url()} ${request.failure()?.errorText}`));
    const summary = await body(page, errors);
    if (errors.length > 0) fail(`the page reported errors:\n  ${errors.join('\n  ')}`);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`${summary}; screenshots in ${ARTIFACTS}; ${seconds} s`);
    console.log(`${name}: passed`);
  } catch (error) {
    const message = error instanceof Failure ? error.message : error.stack;
    console.error(`${name}: FAILED: ${message}`);
    if (errors.length > 0) console.error(`page errors so far:\n  ${errors.join('\n  ')}`);
    process.exitCode = 1;
  } finally {
    if (browser) await browser.close();
  }
}
