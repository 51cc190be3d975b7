// web.credit_tab: the Credit tab of scenarios/feedback_loop.json, played to tick 300, reads
// without effort.
// 1. Its charts' scales sit beside the plots, never on them: no line can run through "1000".
// 2. One unit per kind of figure, so a student compares two figures without converting: scores are
//    points out of 1000, every rate (approval, repayment, the model's estimate, exploration) is in
//    % with one decimal. The test reads the text the tab drew and compares it with the model's
//    metrics (in per mille); the policy's sliders take what they show: a threshold typed as 700
//    is a score of 700, an exploration typed as 25 is 25 % (250000 ppm in the model).
// Plays straight through the lesson's stops (web.lesson tests those).
// Screenshots go to $INSIDEOUT_ARTIFACTS as credit_tab_*.png.
// Run from the repository root: node tests/web/credit_tab.test.mjs

import path from 'node:path';
import {
  ARTIFACTS, clickInView, clickWidget, fail, loadScenario, metric, openApp, parkMouse, playThroughLessons,
  playTo, pressKey, runBrowserTest, screenshot, scrollIntoView, waitInPage, widgetRect,
} from './lib.mjs';

const NAME = 'web.credit_tab';

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

// The text the Credit tab draws on its next frame, a line per row.
async function creditText(page) {
  await page.evaluate(() => Module.ccall('io_capture_text', null, ['string'], ['credit']));
  await waitInPage(page, 'the Credit tab\'s text', () => Module.ccall('io_captured_text', 'string', [], []) !== '', null,
    10_000);
  return page.evaluate(() => Module.ccall('io_captured_text', 'string', [], []));
}

// A rate in per mille as the tab shows it: 85.0 %.
const percent = (permille) => `${(permille / 10).toFixed(1)} %`;

function expectText(text, wanted, what) {
  if (!text.includes(wanted)) fail(`the Credit tab should show ${what} as "${wanted}"; it shows:\n${text}`);
}

// No figure in another unit, and every % figure with one decimal.
function oneConvention(text, what) {
  for (const other of ['‰', 'per mille', 'permille']) {
    if (text.includes(other)) fail(`${what} still speaks in ${other}:\n${text}`);
  }
  const percents = text.match(/[0-9.]+ ?%/g) || [];
  if (percents.length === 0) fail(`${what} shows no rate in %:\n${text}`);
  const odd = percents.filter((p) => !/^[0-9]+\.[0-9] %$/.test(p));
  if (odd.length > 0) fail(`${what} shows rates not as "12.3 %": ${odd.join(', ')}`);
  return percents.length;
}

async function units(page) {
  const text = await creditText(page);
  const rates = oneConvention(text, 'the Credit tab');
  for (const group of ['north', 'south']) {
    const m = async (field) => metric(page, `credit/${group}/${field}`);
    expectText(text, percent(await m('approval_rate_permille')), `${group}'s approval rate`);
    expectText(text, `${percent(await m('group_rate_permille'))} vs ${percent(await m('true_repay_permille'))}`,
      `${group}'s model estimate beside the truth`);
    expectText(text, `${await m('mean_score')}`, `${group}'s mean score (points)`);
  }
  const gap = await metric(page, 'credit_approval_rate_gap_permille');
  expectText(text, `${(gap / 10).toFixed(1)} percentage points of approval rate`, 'the gap in approval rates');
  expectText(text, 'explore 0.0 % of refusals', 'the policy\'s exploration');
  expectText(text, 'explore 0.0 %', 'the exploration slider');

  // The sliders take what they show. Ctrl+click types a value into an ImGui slider.
  const type = async (slider, value, apply) => {
    await scrollIntoView(page, slider, 'tab_area');
    await page.keyboard.down('Control');
    await clickWidget(page, slider);
    await page.keyboard.up('Control');
    await page.keyboard.type(value);
    await pressKey(page, 'Enter');
    await clickInView(page, apply, 'tab_area');
  };
  await type('credit_threshold_slider', '700', 'credit_threshold');
  await waitInPage(page, 'a threshold typed as 700 to be a score of 700', () => Module._io_credit_policy(0) === 700, null,
    10_000);
  await type('credit_explore_slider', '25', 'credit_explore');
  await waitInPage(page, 'an exploration typed as 25 to be 25 % (250000 ppm)', () => Module._io_credit_policy(1) > 0,
    null, 10_000);
  const ppm = await page.evaluate(() => Module._io_credit_policy(1));
  if (ppm !== 250000) fail(`an exploration typed as 25 on a slider in % should be 250000 ppm, not ${ppm}`);
  await parkMouse(page);
  const after = await creditText(page);
  expectText(after, 'approve a score of 700 or more · explore 25.0 % of refusals', 'the policy after the change');
  expectText(after, 'explore 25.0 %', 'the exploration slider after the change');
  oneConvention(after, 'the Credit tab after the change');

  // The sliders follow the policy when it changes by other means: back in time, before the
  // changes, they show the policy in force then, not the values last applied.
  const changedAt = await page.evaluate(() => Module._io_tick());
  await page.evaluate((t) => Module._io_seek(t), changedAt - 1);
  const policyThen = await page.evaluate(() => [Module._io_credit_policy(0), Module._io_credit_policy(1)]);
  if (policyThen[0] === 700) fail(`travelling back to tick ${changedAt - 1} should undo the threshold of 700`);
  const then = await creditText(page);
  expectText(then, `threshold ${policyThen[0]}`, 'the threshold slider back in time');
  expectText(then, `explore ${percent(policyThen[1] / 1000)}`, 'the exploration slider back in time');
  await page.evaluate(() => Module._io_seek(Module._io_furthest_tick()));

  // The lesson's checks on per-mille metrics say the percentage too, as the tab shows it.
  await parkMouse(page);
  await page.evaluate(() => Module.ccall('io_capture_text', null, ['string'], ['lesson']));
  await waitInPage(page, 'the lesson\'s text', () => Module.ccall('io_captured_text', 'string', [], []) !== '');
  const lesson = await page.evaluate(() => Module.ccall('io_captured_text', 'string', [], []));
  const check = lesson.split('\n').find((l) => l.includes('credit/south/true_repay_permille'));
  if (!check || !check.includes('== 850 (85.0 %)') || !check.includes('(found 850 = 85.0 %)')) {
    fail(`the lesson's check on a per-mille metric should show the percentage: ${check}`);
  }

  // The applicants' true rates, in the same unit as the groups'.
  await clickInView(page, 'credit_applicants', 'tab_area');
  await parkMouse(page);
  const list = await creditText(page);
  oneConvention(list, 'the applicants\' list');
  const truth = percent(await metric(page, 'credit/south/true_repay_permille'));
  if (!new RegExp(`\\| pia \\| south \\| [0-9]+ \\| ${truth.replace('.', '\\.')} \\|`).test(list)) {
    fail(`the applicants' list should show pia's score in points and her true rate as ${truth}:\n${list}`);
  }
  await scrollIntoView(page, 'credit_applicants_table', 'tab_area');
  await parkMouse(page);
  await screenshot(page, 'credit_tab_applicants.png');
  return rates;
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
    const rates = await units(page);
    return `the charts' scales sit beside their plots; ${rates} rates in %, none in per mille, sliders in their units`;
  } finally {
    server.close();
  }
}

await runBrowserTest(NAME, run);
