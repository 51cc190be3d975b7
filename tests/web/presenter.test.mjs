// web.presenter: presenter view, for a class reading a projected screen. The checkbox under Run
// details makes every control and line of text 1.4 times larger (the font is rasterised anew, not
// stretched) and back again; "?presenter" in the address opens the page that way. The run is not
// touched: the view is not the model. Run from the repository root: node tests/web/presenter.test.mjs
//   INSIDEOUT_SITE       the built site (default build/web/site)
//   INSIDEOUT_ARTIFACTS  where screenshots go (default build/test-artifacts)

import {
  clickWidget, fail, openApp, parkMouse, runBrowserTest, screenshot, state, waitFrames, waitInPage, widgetRect,
} from './lib.mjs';

const NAME = 'web.presenter';
const SCALE = 1.4;

const playHeight = async (page) => (await widgetRect(page, 'play')).h;
const near = (value, want) => Math.abs(value - want) <= want * 0.08;

async function run(page) {
  const server = await openApp(page);
  try {
    const normal = await playHeight(page);
    const before = await state(page);
    await clickWidget(page, 'run_details');
    await clickWidget(page, 'presenter');
    await waitFrames(page, 3);
    const large = await playHeight(page);
    if (!near(large, normal * SCALE)) fail(`presenter view made the Play button ${large} px high, from ${normal} (wanted about ${normal * SCALE})`);
    const after = await state(page);
    if (after.tick !== before.tick || after.hash !== before.hash) fail('presenter view changed the run');
    await parkMouse(page);
    await screenshot(page, 'presenter_view.png');

    await clickWidget(page, 'presenter');
    await waitFrames(page, 3);
    const back = await playHeight(page);
    if (!near(back, normal)) fail(`turning presenter view off left the Play button ${back} px high, not ${normal}`);

    // A bookmark with ?presenter opens in presenter view.
    const other = await page.context().browser().newPage({ viewport: { width: 1280, height: 800 } });
    await other.goto(page.url().replace(/\/(#.*)?$/, '/?presenter'));
    await waitInPage(other, 'the app\'s first frames', () => {
      try {
        return Module._io_frames() > 3;
      } catch {
        return false;
      }
    });
    const bookmarked = await playHeight(other);
    if (!near(bookmarked, normal * SCALE)) fail(`?presenter opened with a Play button ${bookmarked} px high, not about ${normal * SCALE}`);
    await other.close();
    return `Play is ${normal} px high, ${large} px in presenter view, ${back} px after; ?presenter opens at ${bookmarked} px`;
  } finally {
    server.close();
  }
}

await runBrowserTest(NAME, run);
