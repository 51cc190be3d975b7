// web.share_link: a link to a moment of a run. The sharer steps a lesson, crashes a deriver, plays
// on and travels back to before the crash, then clicks Share: the address bar holds the link. A
// second page opened at that URL must show the same world (tick, log, trace hash), and stepping
// on must replay the recorded crash, as the sharer's run had it. A link pasted into an open page
// opens too, and the native runner (insideout run --link) reaches the same trace hash. A broken
// link leaves the first scenario running and says why on the page. Run from the repository root: node tests/web/share_link.test.mjs
//   INSIDEOUT_SITE       the built site (default build/web/site)
//   INSIDEOUT_ARTIFACTS  where screenshots go (default build/test-artifacts)

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import {
  clickWidget, fail, loadScenario, openApp, parkMouse, playThroughLessons, runBrowserTest, screenshot, state,
  stepTo, waitFrames, waitInPage,
} from './lib.mjs';

const NAME = 'web.share_link';

// A page of its own (as another browser would open the link) at `url`, its app running; its
// errors count as the test's.
async function openAt(browser, url, errors) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => errors.push(`page error (${url}): ${error.message}`));
  page.on('console', (message) => { if (message.type() === 'error') errors.push(`console error: ${message.text()}`); });
  await page.goto(url);
  // As openApp waits: io_frames throws until the wasm module is instantiated.
  await waitInPage(page, 'the app\'s first frames', () => {
    try {
      return Module._io_frames() > 2;
    } catch {
      return false;
    }
  });
  return page;
}

async function run(page, errors) {
  const server = await openApp(page);
  try {
    await loadScenario(page, 'deriver_crash.json');
    await playThroughLessons(page);
    const sharerRun = await stepTo(page, 120);
    await clickWidget(page, 'crash_deriver_0');
    if (await page.evaluate(() => Module._io_deriver_down(0)) !== 1) fail('clicking Crash did not crash the deriver');
    // A command belongs to its tick: reaching tick 120 from now on includes the crash.
    sharerRun[120] = { hash: (await state(page)).hash };
    Object.assign(sharerRun, await stepTo(page, 200));
    await page.evaluate(() => Module._io_seek(100));
    const before = await state(page);

    await clickWidget(page, 'share');
    const url = page.url();
    if (!url.includes('#v=1&s=deriver_crash%2Ejson&')) fail(`Share did not put a link in the address bar: ${url}`);
    await parkMouse(page);
    await screenshot(page, 'share_link_popup.png');

    // The link in a tab of its own: the same world at the same tick, and the crash still to come.
    const other = await openAt(page.context().browser(), url, errors);
    const opened = await state(other);
    if (opened.tick !== before.tick || opened.hash !== before.hash || opened.offset !== before.offset) {
      fail(`the link opened at tick ${opened.tick}, hash ${opened.hash}, log end ${opened.offset}; ` +
           `the sharer was at tick ${before.tick}, hash ${before.hash}, log end ${before.offset}`);
    }
    const future = await stepTo(other, 120);
    if (await other.evaluate(() => Module._io_deriver_down(0)) !== 1) fail('the recorded crash did not replay at tick 120');
    Object.assign(future, await stepTo(other, 200));
    for (const [tick, { hash }] of Object.entries(future)) {
      if (hash !== sharerRun[tick].hash) fail(`stepping on from the link: tick ${tick} has hash ${hash}, the sharer's ${sharerRun[tick].hash}`);
    }
    await parkMouse(other);
    await screenshot(other, 'share_link_opened.png');

    // A link pasted into an open page, which does not reload: the app notices the new fragment.
    const pastedFragment = new URL(url).hash.replace(`&t=${before.tick}&`, '&t=90&');
    if (!pastedFragment.includes('&t=90&')) fail(`no tick to change in ${pastedFragment}`);
    await other.evaluate((fragment) => { location.hash = fragment; }, pastedFragment);
    await waitInPage(other, 'the pasted link to open', () => Module._io_tick() === 90);
    const pasted = await state(other);
    if (pasted.hash !== sharerRun[90].hash) fail(`the pasted link opened with hash ${pasted.hash}, not ${sharerRun[90].hash}`);
    await other.close();

    // The native runner opens the same link at the same world: the browser's wasm and the native
    // build agree on a learner's path, not only on scripted runs.
    const runner = 'build/native/insideout';
    if (!existsSync(runner)) fail(`${runner} is missing: build the native preset first`);
    const native = spawnSync(runner, ['run', 'scenarios/deriver_crash.json', '--link', url, '--json'], { encoding: 'utf8' });
    if (native.status !== 0) fail(`insideout run --link exited ${native.status}: ${native.stderr}`);
    const summary = JSON.parse(native.stdout);
    if (summary.trace_hash !== before.hash || summary.ticks !== before.tick) {
      fail(`insideout run --link reached tick ${summary.ticks} with hash ${summary.trace_hash}; the browser: ${before.tick}, ${before.hash}`);
    }

    // A broken link: the first scenario runs, and the page says what is wrong with the link.
    const broken = await openAt(page.context().browser(), url.replace(/#.*/, '#v=1&s=no_such_lesson.json&seed=1&t=0'), errors);
    const errorLines = await broken.evaluate(() => Module._io_load_error_count());
    if (errorLines !== 1) fail(`a link to a missing scenario gave ${errorLines} error lines`);
    if ((await state(broken)).frames < 3) fail('the app did not keep running after a broken link');
    await waitFrames(broken, 2);
    await screenshot(broken, 'share_link_broken.png');
    const refused = await broken.evaluate(() => Module.ccall('io_open_link', 'number', ['string'], ['v=1&s=first_log.json&seed=1&t=99999999']));
    if (refused !== 2) fail(`a link past the scenario's end was not refused (${refused})`);
    await broken.close();
    return `a link at tick ${before.tick} reopened the same world (hash ${before.hash}) and replayed the crash at tick 120; ` +
           'pasted links open; broken ones are refused with a message';
  } finally {
    server.close();
  }
}

await runBrowserTest(NAME, run);
