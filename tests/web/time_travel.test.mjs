// web.time_travel: the player's time travel. A run stepped forward tick by tick records the trace
// hash on its way; then the slider (dragged with the mouse), the Latest button, the left arrow and
// io_seek move the run back and forth, and at every tick they land on the world must be the one
// the straight run had there: same tick, same log, same trace hash. A command given in the past
// makes that tick the furthest reached (the recorded future is dropped). Run from the repository
// root: node tests/web/time_travel.test.mjs
//   INSIDEOUT_SITE       the built site (default build/web/site)
//   INSIDEOUT_ARTIFACTS  where screenshots go (default build/test-artifacts)

import {
  clickWidget, fail, loadScenario, openApp, parkMouse, playThroughLessons, pressKey, runBrowserTest, screenshot,
  state, stepTo, waitFrames, widgetRect,
} from './lib.mjs';

const NAME = 'web.time_travel';
const FURTHEST = 400;

// The world at the present must be the straight run's world at that tick.
function expectStraight(where, now, straight) {
  const want = straight[now.tick];
  if (!want) fail(`${where}: the straight run never stopped at tick ${now.tick}`);
  if (now.hash !== want.hash || now.offset !== want.offset) {
    fail(`${where}: at tick ${now.tick} the trace hash is ${now.hash} and the log ends at ${now.offset}; ` +
         `the straight run had ${want.hash} and ${want.offset}`);
  }
}

async function run(page) {
  const server = await openApp(page);
  try {
    await loadScenario(page, 'first_log.json');
    await playThroughLessons(page);
    const straight = await stepTo(page, FURTHEST);
    const furthest = await page.evaluate(() => Module._io_furthest_tick());
    if (furthest !== FURTHEST) fail(`after stepping to tick ${FURTHEST} the furthest tick is ${furthest}`);
    await waitFrames(page, 2);

    // Drag back with the mouse: a click a quarter of the way along the slider.
    const slider = await widgetRect(page, 'time_travel');
    if (!slider) fail('the player drew no time-travel slider');
    const canvas = await page.locator('#canvas').boundingBox();
    await page.mouse.move(canvas.x + slider.x + slider.w * 0.25, canvas.y + slider.y + slider.h / 2);
    await waitFrames(page, 2);
    await page.mouse.down();
    await waitFrames(page, 2);
    await page.mouse.up();
    await waitFrames(page, 2);
    const back = await state(page);
    if (!(back.tick > 0 && back.tick < FURTHEST / 2)) fail(`a click a quarter along the slider went to tick ${back.tick}`);
    if (back.playing) fail('travelling in time should leave the run paused');
    expectStraight('after the slider', back, straight);
    await parkMouse(page);
    await screenshot(page, 'time_travel_back.png');

    // Latest: back to the furthest tick, the same world as before.
    await clickWidget(page, 'time_travel_latest');
    const latest = await state(page);
    if (latest.tick !== FURTHEST) fail(`Latest went to tick ${latest.tick}, not ${FURTHEST}`);
    expectStraight('after Latest', latest, straight);

    // The left arrow goes back one tick; io_seek anywhere in between.
    await parkMouse(page);
    await pressKey(page, 'ArrowLeft');
    const arrow = await state(page);
    // One tick per press, and more while the key is held (it repeats, as → does): a loaded machine
    // draws few frames a second, so a key held for two frames may already repeat.
    if (!(arrow.tick < FURTHEST && arrow.tick > FURTHEST / 2)) fail(`the left arrow went to tick ${arrow.tick}, from ${FURTHEST}`);
    expectStraight('after the left arrow', arrow, straight);
    for (const tick of [200, 17, 399, 1, 250]) {
      await page.evaluate((t) => Module._io_seek(t), tick);
      const now = await state(page);
      if (now.tick !== tick) fail(`io_seek(${tick}) went to tick ${now.tick}`);
      expectStraight(`after io_seek(${tick})`, now, straight);
    }
    // Past the furthest tick a seek stops there: the future is what Play is for.
    await page.evaluate(() => Module._io_seek(5000));
    if ((await state(page)).tick !== FURTHEST) fail('a seek past the furthest tick should stop at it');

    // Play carries on from the past with the straight run's future.
    await page.evaluate(() => Module._io_seek(100));
    const forward = await stepTo(page, 150);
    for (const [tick, seen] of Object.entries(forward)) {
      expectStraight('stepping on after a seek', { tick: Number(tick), ...seen }, straight);
    }

    // A command in the past rewrites the future: that tick becomes the furthest reached.
    await clickWidget(page, 'crash_deriver_0');
    const crashed = await page.evaluate(() => ({ tick: Module._io_tick(), furthest: Module._io_furthest_tick(), down: Module._io_deriver_down(0) }));
    if (crashed.down !== 1) fail('clicking Crash did not crash the deriver');
    if (crashed.furthest !== crashed.tick) fail(`after a command at tick ${crashed.tick} the furthest tick is ${crashed.furthest}`);
    await stepTo(page, 160);
    await parkMouse(page);
    await screenshot(page, 'time_travel_new_future.png');
    return `seeks by slider (tick ${back.tick}), Latest, left arrow and io_seek matched the straight run; ` +
           `a crash at tick ${crashed.tick} made it the furthest tick`;
  } finally {
    server.close();
  }
}

await runBrowserTest(NAME, run);
