// web.storage_panel: the "Storage and audit" tab makes storage faults and the auditor operable.
// Loads scenarios/storage_audit_catches_it.json (two replicas, verify on read off, a scheduled bit
// flip at tick 400, an auditor every 300 ticks), opens the tab with a real click, plays to about
// tick 450 and pauses; injects a bit_rot fault through the panel's "Inject" button (replica 0,
// record 0: the controls' defaults) and checks the fault ledger counted it; clicks "Run the auditor
// now" and checks that every injected fault was detected and that violations were reported.
// Screenshots go to $INSIDEOUT_ARTIFACTS as storage_panel_*.png.
// Run from the repository root: node tests/web/storage_panel.test.mjs

import {
  clickWidget, fail, openApp, parkMouse, playThroughLessons, runBrowserTest, screenshot,
  waitFrames, waitInPage, widgetRect,
} from './lib.mjs';

const NAME = 'web.storage_panel';
const SCENARIO = 'storage_audit_catches_it.json';

const storage = (page) => page.evaluate(() => ({
  injected: Module._io_faults_injected(),
  detected: Module._io_faults_detected(),
  violations: Module._io_violations(),
  up0: Module._io_replica_up(0),
  up1: Module._io_replica_up(1),
  none: Module._io_replica_up(9),
  tick: Module._io_tick(),
  end: Module._io_log_end_offset(),
}));

async function setPlaying(page, playing) {
  if ((await page.evaluate(() => Module._io_playing())) === playing) return;
  await clickWidget(page, 'play');  // the same button reads Play or Pause
  await waitInPage(page, `io_playing() to become ${playing}`, (p) => Module._io_playing() === p, playing, 10_000);
}

async function run(page) {
  const server = await openApp(page);
  try {
    await playThroughLessons(page);  // the lesson's stops are tested by web.lesson
    const loaded = await page.evaluate((n) => Module.ccall('io_load_scenario', 'number', ['string'], [n]), SCENARIO);
    if (loaded !== 0) fail(`io_load_scenario("${SCENARIO}") returned ${loaded}`);
    const start = await storage(page);
    if (start.injected !== 0 || start.violations !== 0) fail(`a fresh run should have no faults: ${JSON.stringify(start)}`);
    if (start.up0 !== 1 || start.up1 !== 1 || start.none !== -1) fail(`replicas at tick 0: ${JSON.stringify(start)}`);

    await clickWidget(page, 'tab_storage');
    // Played with a real click; paused from the page the moment it reaches tick 450 (frames are
    // slow in software rendering, and the scheduled audit at tick 600 must not run first).
    await setPlaying(page, 1);
    await waitInPage(page, 'the run to reach tick 450', () => {
      if (Module._io_tick() < 450) return false;
      Module._io_set_playing(0);
      return true;
    }, null);
    const paused = await storage(page);
    if (paused.injected < 1) fail(`the scheduled bit flip at tick 400 is missing from the ledger: ${JSON.stringify(paused)}`);
    await parkMouse(page);
    await screenshot(page, 'storage_panel_before.png');

    // Inject bit rot with the panel's defaults (bit_rot, replica 0, record 0).
    await clickWidget(page, 'inject_fault');
    await waitInPage(page, 'io_faults_injected() to grow after clicking Inject',
      (n) => Module._io_faults_injected() > n, paused.injected, 10_000);
    const injected = await storage(page);

    await clickWidget(page, 'audit_now');
    await waitInPage(page, 'every injected fault to be detected after "Run the auditor now"',
      () => Module._io_faults_detected() === Module._io_faults_injected() && Module._io_violations() > 0, null, 10_000);
    const audited = await storage(page);
    if (audited.injected !== injected.injected) fail(`the audit injected faults: ${JSON.stringify(audited)}`);
    await parkMouse(page);
    await screenshot(page, 'storage_panel_audited.png');
    if (audited.tick >= 600) fail(`the run went past the scheduled audit at tick 600: ${JSON.stringify(audited)}`);

    // A crash from the replicas table: replica 0 goes down (paused, so it stays down).
    await clickWidget(page, 'crash_replica_0');
    await waitInPage(page, 'replica 0 to go down after clicking Crash', () => Module._io_replica_up(0) === 0, null, 10_000);
    await parkMouse(page);
    await screenshot(page, 'storage_panel_crashed.png');
    // Scrolled down the tab: the violations and the fault ledger.
    const tab = await widgetRect(page, 'tab_storage');
    const canvas = await page.locator('#canvas').boundingBox();
    await page.mouse.move(canvas.x + tab.x - 60, canvas.y + canvas.height - 120);  // the tab's left margin
    for (let i = 0; i < 4; ++i) {
      await page.mouse.wheel(0, 200);
      await waitFrames(page, 2);
    }
    await page.mouse.move(canvas.x + 4, canvas.y + 4);
    await waitFrames(page, 2);
    await screenshot(page, 'storage_panel_lists.png');

    return `paused at tick ${paused.tick}; faults injected ${paused.injected} -> ${injected.injected}, ` +
           `detected ${audited.detected}, violations ${audited.violations}; replica 0 crashed`;
  } finally {
    server.close();
  }
}

await runBrowserTest(NAME, run);
