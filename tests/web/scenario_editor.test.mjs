// web.scenario_editor: the Scenario source tab, an author's editor in the page. It opens with the
// running scenario's file text; the test types a new scenario into it with the keyboard and
// presses Run, and the page must then run exactly what the native runner runs from the same text
// (same trace hash after the same ticks). Typed mistakes are refused with file, JSON path and what
// was expected, shown in the tab, and the edited scenario keeps running. Revert brings back the
// text that last ran. Run from the repository root: node tests/web/scenario_editor.test.mjs
//   INSIDEOUT_SITE       the built site (default build/web/site)
//   INSIDEOUT_ARTIFACTS  where screenshots go (default build/test-artifacts)

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  clickWidget, fail, openApp, parkMouse, playThroughLessons, pressKey, runBrowserTest, screenshot, state,
  waitFrames, waitInPage,
} from './lib.mjs';

const NAME = 'web.scenario_editor';
// Small enough to type, busy enough to have a trace worth comparing.
const EDITED = '{"format_version": 1, "title": "Typed in the page", "ticks": 400, "seed": 11, ' +
  '"accounts": [{"name": "ana", "balance_cents": 50000}, {"name": "ben", "balance_cents": 50000}], ' +
  '"clients": [{"name": "ana", "from": ["ana"], "to": ["ben"], "interval_ticks": [3, 9]}, ' +
  '{"name": "ben", "from": ["ben"], "to": ["ana"], "interval_ticks": [4, 11]}], ' +
  '"derivers": [{"name": "balances", "view": "balances"}]}';
const BROKEN = '{"format_version": 1, "title": 5}';

const editorText = (page) => page.evaluate(() => Module.ccall('io_editor_text', 'string', [], []));

// Selects everything in the editor and types `text` over it, as an author would.
async function typeOver(page, text) {
  await clickWidget(page, 'editor_text');
  await page.keyboard.down('Control');
  await pressKey(page, 'a');
  await page.keyboard.up('Control');
  await page.keyboard.type(text);
  await waitInPage(page, 'the typed text to reach the editor', (t) => Module.ccall('io_editor_text', 'string', [], []) === t, text);
}

async function run(page) {
  const server = await openApp(page);
  try {
    await playThroughLessons(page);
    await clickWidget(page, 'tab_source');
    await waitFrames(page, 2);
    const shipped = readFileSync('scenarios/first_log.json', 'utf8');
    if (await editorText(page) !== shipped) fail('the editor did not open with first_log.json\'s text');

    await typeOver(page, EDITED);
    const loadsBefore = await page.evaluate(() => Module._io_scenario_loads());
    await clickWidget(page, 'editor_run');
    const loaded = await page.evaluate(() => ({ loads: Module._io_scenario_loads(), errors: Module._io_load_error_count(), tick: Module._io_tick() }));
    if (loaded.loads !== loadsBefore + 1 || loaded.errors !== 0 || loaded.tick !== 0) {
      fail(`Run did not start the typed scenario: ${JSON.stringify(loaded)}`);
    }
    // The page runs what the runner runs from the same text.
    const browser = await page.evaluate(() => {
      while (Module._io_tick() < 250) Module._io_step();
      return Module.ccall('io_trace_hash', 'string', [], []);
    });
    const runner = 'build/native/insideout';
    if (!existsSync(runner)) fail(`${runner} is missing: build the native preset first`);
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'insideout-editor-')), 'typed.json');
    writeFileSync(file, EDITED);
    const native = spawnSync(runner, ['run', file, '--until', '250', '--json'], { encoding: 'utf8' });
    if (native.status !== 0) fail(`insideout run of the typed text exited ${native.status}: ${native.stderr}`);
    const nativeHash = JSON.parse(native.stdout).trace_hash;
    if (nativeHash !== browser) fail(`the typed scenario hashes to ${browser} in the page and ${nativeHash} in the runner at tick 250`);
    await parkMouse(page);
    await screenshot(page, 'scenario_editor_running.png');

    // A mistake: refused where the author looks, with the JSON path; the typed scenario runs on.
    const running = await state(page);
    await typeOver(page, BROKEN);
    await clickWidget(page, 'editor_run');
    const errorCount = await page.evaluate(() => Module._io_load_error_count());
    if (errorCount < 1) fail('Run accepted a scenario whose title is a number');
    const first = await page.evaluate(() => Module.ccall('io_load_error', 'string', ['number'], [0]));
    if (!first.includes('first_log.json (edited): at /title: expected')) fail(`the error does not name the file and path: ${first}`);
    const after = await state(page);
    if (after.tick !== running.tick || after.hash !== running.hash) fail('a refused edit changed the running scenario');
    // No tooltip while the tab's text is read: a tooltip is a window of its own, whose end stops
    // ImGui's log (and so the capture) early.
    await parkMouse(page);
    await page.evaluate(() => Module.ccall('io_capture_text', null, ['string'], ['source']));
    await waitInPage(page, 'the Scenario source tab\'s text', () => Module.ccall('io_captured_text', 'string', [], []) !== '');
    const shown = await page.evaluate(() => Module.ccall('io_captured_text', 'string', [], []));
    if (!shown.includes('at /title: expected')) fail(`the tab does not show the error:\n${shown}`);
    await parkMouse(page);
    await screenshot(page, 'scenario_editor_error.png');

    // Revert: the text that last ran comes back.
    await clickWidget(page, 'editor_revert');
    if (await editorText(page) !== EDITED) fail('Revert did not bring back the text that last ran');
    return `typed ${EDITED.length} characters; the page and the runner agree (${browser}); ${errorCount} error(s) for a bad title`;
  } finally {
    server.close();
  }
}

await runBrowserTest(NAME, run);
