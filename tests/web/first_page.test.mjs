// web.first_page: the built site loads in Chromium, draws frames, and a real mouse click on the
// on-canvas "Play" button makes the log grow. Screenshots go to $INSIDEOUT_ARTIFACTS for a
// person to look at. Run from the repository root: node tests/web/first_page.test.mjs
//   INSIDEOUT_SITE       the built site (default build/web/site)
//   INSIDEOUT_ARTIFACTS  where screenshots go (default build/test-artifacts)

import {
  clickWidget, fail, openApp, playThroughLessons, pressKey, runBrowserTest, screenshot, state,
  waitInPage,
} from './lib.mjs';

const NAME = 'web.first_page';

async function run(page) {
  const server = await openApp(page);
  try {
    await playThroughLessons(page);  // the lesson's stops are tested by web.lesson
    const before = await state(page);
    if (before.playing !== 0) fail(`the app should start paused, io_playing() = ${before.playing}`);
    if (!/^[0-9a-f]{16}$/.test(before.hash)) fail(`io_trace_hash() is not 16 hex digits: "${before.hash}"`);
    if (await page.locator('#status').isVisible()) fail('the loading text is still shown after the first frame');
    await screenshot(page, 'first_page_initial.png');

    // Click "Play" where the app says it drew it, with real mouse events through SDL and ImGui.
    await clickWidget(page, 'play');
    await waitInPage(page, 'io_playing() to become 1 after clicking Play', () => Module._io_playing() === 1, null, 10_000);

    // Enough records that the tape in the screenshot is visibly full.
    await waitInPage(page, `the log end offset to grow past ${before.offset + 20}`,
      (target) => Module._io_log_end_offset() >= target, before.offset + 20);
    const playing = await state(page);
    if (playing.playing !== 1) fail(`io_playing() = ${playing.playing} while the run should still be playing`);
    if (!(playing.tick > before.tick)) fail(`io_tick() did not advance (${before.tick} -> ${playing.tick})`);
    if (playing.hash === before.hash) fail('the trace hash did not change while the log grew');
    await screenshot(page, 'first_page_playing.png');

    // Space pauses and resumes too (the shortcut, in addition to the button).
    await pressKey(page, 'Space');
    await waitInPage(page, 'Space to pause', () => Module._io_playing() === 0, null, 10_000);
    await pressKey(page, 'Space');
    await waitInPage(page, 'Space to resume', () => Module._io_playing() === 1, null, 10_000);

    return `log end offset ${playing.offset} at tick ${playing.tick}, trace hash ${playing.hash}`;
  } finally {
    server.close();
  }
}

await runBrowserTest(NAME, run);
