// web.tape_faults: clicking to inject faults. A click on a record of the tape opens its menu: each
// fault that strikes a written record, on each replica that holds it. Bit rot on the leader's copy
// of record 2 is injected with real clicks; the fault ledger counts it, and the tape, which reads
// every visible row back through verification, shows that record as failing its checksum instead
// of its bytes. Then the auditor (a click on the Storage tab) repairs it from a healthy replica.
// Run from the repository root: node tests/web/tape_faults.test.mjs
//   INSIDEOUT_SITE       the built site (default build/web/site)
//   INSIDEOUT_ARTIFACTS  where screenshots go (default build/test-artifacts)

import {
  clickInView, clickWidget, fail, loadScenario, openApp, parkMouse, playThroughLessons, runBrowserTest, screenshot,
  stepTo, waitFrames, waitInPage, widgetRect,
} from './lib.mjs';

const NAME = 'web.tape_faults';
const RECORD = 2;

const faults = (page) => page.evaluate(() => ({ injected: Module._io_faults_injected(), detected: Module._io_faults_detected() }));

async function run(page) {
  const server = await openApp(page);
  try {
    await loadScenario(page, 'replica_repair.json');
    await playThroughLessons(page);
    await stepTo(page, 40);
    await waitFrames(page, 3);
    const before = await faults(page);

    // The tape follows its end: scroll it up with the wheel, as a person would, to record 2.
    const newest = await widgetRect(page, 'tape_record_' + (await page.evaluate(() => Module._io_log_end_offset() - 1)));
    if (!newest) fail('the tape drew no row for its newest record');
    const canvas = await page.locator('#canvas').boundingBox();
    await page.mouse.move(canvas.x + newest.x + newest.w / 2, canvas.y + newest.y + newest.h / 2);
    for (let i = 0; i < 20 && !(await widgetRect(page, 'tape_record_' + RECORD)); ++i) {
      await page.mouse.wheel(0, -200);
      await waitFrames(page, 2);
    }
    await clickWidget(page, 'tape_record_' + RECORD);
    // The menu's buttons are named by record, replica and fault: these are record 2's.
    const button = `record_fault_${RECORD}_0_bit_rot`;
    await waitInPage(page, `the record menu of record ${RECORD} to open`, (b) => Module.ccall('io_widget_rect', 'string', ['string'], [b]) !== '', button);
    await parkMouse(page);
    await screenshot(page, 'tape_faults_menu.png');
    await clickWidget(page, button);
    const after = await faults(page);
    if (after.injected !== before.injected + 1) fail(`bit rot from the tape's menu: ${before.injected} -> ${after.injected} faults injected`);
    if (await widgetRect(page, button)) fail('the record menu stayed open after the fault was injected');
    // The tape reads the leader's copy (replica 0) with verification: record 2 now fails. (No
    // tooltip while its text is read: a tooltip's window ends ImGui's log early.)
    await parkMouse(page);
    await page.evaluate(() => Module.ccall('io_capture_text', null, ['string'], ['tape']));
    await waitInPage(page, 'the tape\'s text', () => Module.ccall('io_captured_text', 'string', [], []) !== '');
    const text = await page.evaluate(() => Module.ccall('io_captured_text', 'string', [], []));
    // ImGui logs a table's cells between '|' bars: record 2's row is "| 2 | ? | checksum_mismatch |".
    if (!text.includes(`| ${RECORD} | ? | checksum_mismatch |`)) fail(`the tape does not show record ${RECORD} failing its checksum:\n${text}`);
    if (text.split('checksum_mismatch').length !== 2) fail(`only record ${RECORD} should fail:\n${text}`);
    await screenshot(page, 'tape_faults_rotten.png');

    // The auditor finds it and repairs it from a healthy copy.
    await clickWidget(page, 'tab_storage');
    await clickInView(page, 'audit_now', 'tab_area');
    const healed = await faults(page);
    if (!(healed.detected > after.detected)) fail(`the audit did not detect the injected fault: ${JSON.stringify(healed)}`);
    return `bit rot injected into record ${RECORD} from the tape (${after.injected} injected), shown failing, then detected by the audit`;
  } finally {
    server.close();
  }
}

await runBrowserTest(NAME, run);
