// web.dataflow_panels: the tabs below the log make the dataflow model visible and operable.
// Loads scenarios/first_log.json (one deriver, "balances"), plays, and checks with real mouse
// clicks on the canvas that: the deriver's position grows; "Crash" takes it down and its position
// falls back to its checkpoint; played on, it restarts and catches up with the log; "Double
// click" on the network tab sends one payment twice and the front door absorbs the copy;
// "Audit now" on the metrics tab finds every view equal to the log. Screenshots of each tab go
// to $INSIDEOUT_ARTIFACTS as dataflow_panels_*.png.
// Run from the repository root: node tests/web/dataflow_panels.test.mjs

import {
  clickWidget, fail, openApp, parkMouse, playThroughLessons, runBrowserTest, screenshot,
  waitInPage,
} from './lib.mjs';

const NAME = 'web.dataflow_panels';
const SCENARIO = 'first_log.json';

const deriver = (page) => page.evaluate(() => ({
  count: Module._io_deriver_count(),
  position: Module._io_deriver_position(0),
  checkpoint: Module._io_deriver_checkpoint(0),
  down: Module._io_deriver_down(0),
  end: Module._io_log_end_offset(),
  tick: Module._io_tick(),
  playing: Module._io_playing(),
}));

const loadScenario = (page, name) =>
  page.evaluate((n) => Module.ccall('io_load_scenario', 'number', ['string'], [n]), name);

async function setPlaying(page, playing) {
  if ((await page.evaluate(() => Module._io_playing())) === playing) return;
  await clickWidget(page, 'play');  // the same button reads Play or Pause
  await waitInPage(page, `io_playing() to become ${playing}`, (p) => Module._io_playing() === p, playing, 10_000);
}

async function run(page) {
  const server = await openApp(page);
  try {
    await playThroughLessons(page);  // the lesson's stops are tested by web.lesson
    if ((await loadScenario(page, 'no_such_scenario.json')) !== 1) fail('io_load_scenario accepted an unknown name');
    const loaded = await loadScenario(page, SCENARIO);
    if (loaded !== 0) fail(`io_load_scenario("${SCENARIO}") returned ${loaded}`);
    const start = await deriver(page);
    if (start.count < 1) fail(`${SCENARIO} should have a deriver, io_deriver_count() = ${start.count}`);
    if (start.tick !== 0 || start.playing !== 0) fail(`a loaded scenario should start paused at tick 0: ${JSON.stringify(start)}`);
    if (start.down !== 0) fail('the deriver should be up at tick 0');
    if ((await page.evaluate(() => Module._io_deriver_down(99))) !== -1) fail('io_deriver_down(99) should be -1');

    await clickWidget(page, 'tab_derivers');
    await setPlaying(page, 1);
    // Past offset 15 and a few records beyond its last checkpoint, so that the crash visibly
    // throws the position back (the checkpoint is written every 10 records here).
    await waitInPage(page, 'the deriver to read past offset 15 and 3 records past its checkpoint',
      () => Module._io_deriver_position(0) >= 15 &&
            Module._io_deriver_position(0) >= Module._io_deriver_checkpoint(0) + 3, null);
    await setPlaying(page, 0);
    const running = await deriver(page);
    if (!(running.position > start.position)) fail(`the deriver's position did not grow: ${JSON.stringify(running)}`);
    await parkMouse(page);
    await screenshot(page, 'dataflow_panels_running.png');

    // Crash it, paused, so it stays down for the checks and the screenshot.
    await clickWidget(page, 'crash_deriver_0');
    await waitInPage(page, 'io_deriver_down(0) to become 1 after clicking Crash',
      () => Module._io_deriver_down(0) === 1, null, 10_000);
    const crashed = await deriver(page);
    if (crashed.position !== crashed.checkpoint) {
      fail(`a crashed deriver resumes from its checkpoint, but position ${crashed.position} != checkpoint ${crashed.checkpoint}`);
    }
    if (crashed.checkpoint > running.position) fail(`checkpoint ${crashed.checkpoint} is past the position ${running.position}`);
    await parkMouse(page);
    await screenshot(page, 'dataflow_panels_crashed.png');

    // Played on, it restarts after its restart_ticks and catches up with the log's end.
    await setPlaying(page, 1);
    await waitInPage(page, 'the deriver to restart (io_deriver_down(0) back to 0)',
      () => Module._io_deriver_down(0) === 0, null);
    await waitInPage(page, 'the deriver to catch up with the log, past where it crashed',
      (before) => Module._io_deriver_position(0) === Module._io_log_end_offset() && Module._io_deriver_position(0) > before,
      running.position);
    const recovered = await deriver(page);
    await parkMouse(page);
    await screenshot(page, 'dataflow_panels_recovered.png');

    // The network tab: a double click is one payment sent twice; end-to-end dedup absorbs the copy.
    await clickWidget(page, 'tab_network');
    await setPlaying(page, 0);
    const before = await page.evaluate(() => ({
      accepted: Module._io_requests_accepted(), duplicates: Module._io_duplicate_effects(),
    }));
    await clickWidget(page, 'double_click_0');
    await setPlaying(page, 1);
    await waitInPage(page, 'the double-clicked payment to be accepted',
      (n) => Module._io_requests_accepted() > n, before.accepted);
    await waitInPage(page, 'a few more ticks for the second copy', (t) => Module._io_tick() > t, (await deriver(page)).tick + 20);
    await setPlaying(page, 0);
    const duplicates = await page.evaluate(() => Module._io_duplicate_effects());
    if (duplicates !== before.duplicates) fail(`a double click took effect twice: duplicate effects ${before.duplicates} -> ${duplicates}`);
    await parkMouse(page);
    await screenshot(page, 'dataflow_panels_network.png');

    // The metrics tab: the audit runs on click only, and this run keeps every view equal to the log.
    await clickWidget(page, 'tab_metrics');
    if ((await page.evaluate(() => Module._io_last_audit_ok())) !== -1) fail('an audit ran before "Audit now" was clicked');
    await clickWidget(page, 'audit');
    await waitInPage(page, 'the audit to pass after clicking "Audit now"', () => Module._io_last_audit_ok() === 1, null, 10_000);
    await parkMouse(page);
    await screenshot(page, 'dataflow_panels_metrics.png');

    return `deriver crashed at checkpoint ${crashed.checkpoint} (was at ${running.position}), caught up at ` +
           `${recovered.position} by tick ${recovered.tick}; double click: ${duplicates} duplicate effects; audit OK`;
  } finally {
    server.close();
  }
}

await runBrowserTest(NAME, run);
