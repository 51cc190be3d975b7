// web.credit_tab: the Credit tab of scenarios/feedback_loop.json, played to tick 300, reads
// without effort.
// 1. Its charts' scales sit beside the plots, never on them: no line can run through "1000".
// Plays straight through the lesson's stops (web.lesson tests those).
// Screenshots go to $INSIDEOUT_ARTIFACTS as credit_tab_*.png.
// Run from the repository root: node tests/web/credit_tab.test.mjs

import path from 'node:path';
import {
  ARTIFACTS, clickWidget, fail, loadScenario, openApp, parkMouse, playThroughLessons, runBrowserTest, screenshot,
  scrollIntoView, waitInPage, widgetRect,
} from './lib.mjs';

const NAME = 'web.credit_tab';

async function playTo(page, tick) {
  await page.evaluate(() => Module._io_set_playing(1));
  await waitInPage(page, `the run to reach tick ${tick}`, (t) => {
    if (Module._io_tick() < t) return false;
    Module._io_set_playing(0);
    return true;
  }, tick);
}

const overlap = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

// Every chart's scale lies wholly outside its plot, and within the tab.
async function charts(page) {
  const area = await widgetRect(page, 'tab_area');
  const canvas = await page.locator('#canvas').boundingBox();
  for (const chart of ['credit_chart_approval', 'credit_chart_scores']) {
    const plot = await widgetRect(page, chart);
    const scale = await widgetRect(page, `${chart}_scale`);
    if (!plot || !scale) fail(`the app published no rectangle for ${chart} or its scale (is the chart drawn?)`);
    if (!(plot.w > 0 && plot.h > 0 && scale.w > 0 && scale.h > 0)) {
      fail(`${chart}: empty rectangles, plot ${JSON.stringify(plot)}, scale ${JSON.stringify(scale)}`);
    }
    if (overlap(plot, scale)) {
      fail(`${chart}: the scale's labels ${JSON.stringify(scale)} are drawn on the plot ${JSON.stringify(plot)}`);
    }
    if (scale.x < area.x) fail(`${chart}: the scale ${JSON.stringify(scale)} is cut off at the tab's left edge`);
  }
  // A close-up of the charts, for a person to read the labels.
  const top = await widgetRect(page, 'credit_chart_approval');
  await page.screenshot({
    path: path.join(ARTIFACTS, 'credit_tab_charts.png'),
    clip: { x: canvas.x + area.x, y: canvas.y + top.y - 24, width: area.w, height: top.h + 56 },
  });
}

async function run(page) {
  const server = await openApp(page);
  try {
    await playThroughLessons(page);
    await loadScenario(page, 'feedback_loop.json');
    await playTo(page, 300);
    await clickWidget(page, 'tab_credit');
    await scrollIntoView(page, 'credit_chart_scores', 'tab_area');
    await parkMouse(page);
    await charts(page);
    await screenshot(page, 'credit_tab.png');
    return 'the charts\' scales sit beside their plots';
  } finally {
    server.close();
  }
}

await runBrowserTest(NAME, run);
