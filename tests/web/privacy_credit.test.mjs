// web.privacy_credit: the Privacy and Credit tabs make the chapter's last two lessons operable.
// 1. scenarios/consent_and_erasure.json, played to tick 300 and paused: on the Privacy tab (a real
//    click), "Forget me" for bob appends his erasure; "Look now" finds where his personal data
//    still lingers (views that have not read the erasure yet, at least); a backup and a breach of
//    the disks are reported.
// 2. scenarios/feedback_loop.json, played to tick 300: the Credit tab is there (only worlds with a
//    lender have one); "Drop the neighbourhood" changes the lender's policy.
// Both play straight through the lessons' stops (web.lesson tests those).
// Screenshots go to $INSIDEOUT_ARTIFACTS as privacy_credit_*.png.
// Run from the repository root: node tests/web/privacy_credit.test.mjs

import {
  clickInView, clickWidget, fail, loadScenario, metric, openApp, parkMouse, playThroughLessons, playTo,
  runBrowserTest, screenshot, waitInPage, widgetRect,
} from './lib.mjs';

const NAME = 'web.privacy_credit';
const BOB = 1;  // consent_and_erasure.json's accounts: alice, bob, carol, shop

async function privacy(page) {
  await loadScenario(page, 'consent_and_erasure.json');
  await playTo(page, 300);
  await clickWidget(page, 'tab_privacy');
  const erasedBefore = await metric(page, 'subjects_erased');
  await clickInView(page, `erase_${BOB}`, 'tab_area');
  await waitInPage(page, 'the erasure to be appended', (n) => Module.ccall('io_metric', 'number', ['string'], ['subjects_erased']) > n,
    erasedBefore, 10_000);
  if ((await page.evaluate(() => Module._io_privacy_findings())) !== -1) fail('a privacy check ran before "Look now"');
  await clickInView(page, 'privacy_check', 'tab_area');
  await waitInPage(page, '"Look now" to find lingering data', () => Module._io_privacy_findings() > 0, null, 10_000);
  const findings = await page.evaluate(() => Module._io_privacy_findings());
  await parkMouse(page);
  await screenshot(page, 'privacy_credit_findings.png');

  const backups = await metric(page, 'backups');
  await clickInView(page, 'backup', 'tab_area');
  await waitInPage(page, 'a backup to be taken', (n) => Module.ccall('io_metric', 'number', ['string'], ['backups']) > n, backups, 10_000);
  await clickInView(page, 'breach_disks', 'tab_area');
  await waitInPage(page, 'a breach to be reported', () => Module.ccall('io_metric', 'number', ['string'], ['breaches']) === 1, null, 10_000);
  const leaked = await metric(page, 'breach_items_leaked');
  if (!(leaked > 0)) fail(`a breach of this world's disks should expose personal items: ${leaked}`);
  await parkMouse(page);
  await screenshot(page, 'privacy_credit_breach.png');
  return { findings, leaked };
}

async function credit(page) {
  if ((await widgetRect(page, 'tab_credit')) !== null) fail('a world without a lender shows a Credit tab');
  await loadScenario(page, 'feedback_loop.json');
  await playTo(page, 300);
  await clickWidget(page, 'tab_credit');
  if ((await page.evaluate(() => Module._io_credit_policy(2))) !== 1) fail('the lender should start using the neighbourhood');
  await clickInView(page, 'credit_use_group', 'tab_area');
  await waitInPage(page, 'the policy to drop the neighbourhood', () => Module._io_credit_policy(2) === 0, null, 10_000);
  const gap = await metric(page, 'credit_score_gap');
  await parkMouse(page);
  await screenshot(page, 'privacy_credit_credit.png');
  return { gap };
}

async function run(page) {
  const server = await openApp(page);
  try {
    await playThroughLessons(page);
    const p = await privacy(page);
    const c = await credit(page);
    return `privacy: ${p.findings} places where bob's data lingers, ${p.leaked} items leaked; credit: score gap ${c.gap} ` +
           'when the neighbourhood was dropped';
  } finally {
    server.close();
  }
}

await runBrowserTest(NAME, run);
