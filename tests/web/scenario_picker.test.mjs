// web.scenario_picker: the scenario picker opens on a real click, Space does not play behind it,
// and Escape closes it, as any drop-down list does, without loading anything: the running
// scenario, its tick and its trace hash stay as they were. Clicking the picker again opens it again.
// Screenshots go to $INSIDEOUT_ARTIFACTS as scenario_picker_*.png.
// Run from the repository root: node tests/web/scenario_picker.test.mjs

import {
  clickWidget, fail, openApp, parkMouse, playThroughLessons, pressKey, runBrowserTest, screenshot, state,
  waitFrames, waitInPage, widgetRect,
} from './lib.mjs';

const NAME = 'web.scenario_picker';
const LIST = 'scenario_picker_list';  // the open list's rectangle, published only while it is open

const picked = (page) => page.evaluate(() => ({
  index: Module._io_loaded_scenario(),
  loads: Module._io_scenario_loads(),
}));

async function waitListOpen(page, open, what) {
  await waitInPage(page, what, ([name, want]) => (Module.ccall('io_widget_rect', 'string', ['string'], [name]) !== '') === want,
    [LIST, open], 10_000);
}

async function run(page) {
  const server = await openApp(page);
  try {
    await playThroughLessons(page);
    const before = { ...(await picked(page)), ...(await state(page)) };
    if (before.index < 0) fail('no scenario from the picker is loaded at start');
    if ((await widgetRect(page, LIST)) !== null) fail('the picker\'s list is open before any click');

    await clickWidget(page, 'scenario_picker');
    await waitListOpen(page, true, 'the picker\'s list to open on a click');
    const list = await widgetRect(page, LIST);
    if (!(list.h > 0)) fail(`the open list is empty: ${JSON.stringify(list)}`);
    await parkMouse(page);
    await waitListOpen(page, true, 'the list to stay open while the mouse moves away');
    await screenshot(page, 'scenario_picker_open.png');

    // Space over the open list is not the player's: the run stays paused behind it.
    await pressKey(page, ' ');
    await waitFrames(page, 2);
    if (await page.evaluate(() => Module._io_playing()) !== 0) fail('Space over the open picker started the run');

    await pressKey(page, 'Escape');
    await waitListOpen(page, false, 'Escape to close the picker\'s list');
    await waitFrames(page, 2);
    const after = { ...(await picked(page)), ...(await state(page)) };
    if (after.index !== before.index) fail(`Escape changed the scenario: entry ${before.index} -> ${after.index}`);
    if (after.loads !== before.loads) fail(`Escape loaded a scenario: ${before.loads} loads -> ${after.loads}`);
    if (after.tick !== before.tick || after.hash !== before.hash) {
      fail(`Escape changed the run: tick ${before.tick} -> ${after.tick}, hash ${before.hash} -> ${after.hash}`);
    }
    await screenshot(page, 'scenario_picker_closed.png');

    // Escape left nothing behind: the picker opens again.
    await clickWidget(page, 'scenario_picker');
    await waitListOpen(page, true, 'the picker to open again after Escape');
    await pressKey(page, 'Escape');
    await waitListOpen(page, false, 'a second Escape to close it');

    return `Escape closed the picker (${list.w}x${list.h} px list) and kept entry ${after.index}, tick ${after.tick}`;
  } finally {
    server.close();
  }
}

await runBrowserTest(NAME, run);
