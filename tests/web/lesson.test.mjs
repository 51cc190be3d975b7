// web.lesson: a scenario's script works in the browser, end to end, with real clicks.
// 1. The course orders the picker: course.json's first lesson comes first, numbered, and is the
//    one loaded at start. The run waits at its first step with the narration shown; Play and
//    Continue do nothing until the prediction is answered. Answering it (a click on a choice) and
//    clicking Continue plays on; the run stops by itself at the next step, and the first step's
//    prediction is then marked (read back with ◀). Reset forgets the answer.
// 2. An ethics prompt changes the world: scenarios/deriver_crash.json asks (its fifth step)
//    whether to run the auditor; choosing it and clicking Decide runs an audit at once (the
//    "audits" metric goes 0 -> 1); at the next step the consequence and the choice's checks show.
// Screenshots go to $INSIDEOUT_ARTIFACTS as lesson_*.png.
// Run from the repository root: node tests/web/lesson.test.mjs

import {
  clickInView, clickWidget, fail, loadScenario, metric, openApp, parkMouse, runBrowserTest, screenshot,
  waitFrames, waitInPage, widgetRect,
} from './lib.mjs';

const NAME = 'web.lesson';
const FIRST = 'first_log.json';
const ETHICS = 'deriver_crash.json';
const AREA = 'lesson_area';

const lesson = (page) => page.evaluate(() => ({
  steps: Module._io_script_step_count(),
  reached: Module._io_script_steps_reached(),
  held: Module._io_script_held(),
  viewed: Module._io_script_viewed_step(),
  playing: Module._io_playing(),
  tick: Module._io_tick(),
}));

// Waits until the run stops at step `reached` (1-based count of steps reached).
async function waitHeldAt(page, reached) {
  await waitInPage(page, `the run to stop at step ${reached}`,
    (n) => Module._io_script_held() === 1 && Module._io_script_steps_reached() === n, reached);
}

// Clicks Continue for a step without a question and waits for the next stop.
async function continueTo(page, reached) {
  await clickWidget(page, 'lesson_continue');
  await waitHeldAt(page, reached);
}

async function courseAndPrediction(page) {
  const picker = await page.evaluate(() => {
    const labels = [];
    const names = [];
    for (let i = 0; i < Module._io_scenario_count(); ++i) {
      labels.push(Module.ccall('io_scenario_label', 'string', ['number'], [i]));
      names.push(Module.ccall('io_scenario_name', 'string', ['number'], [i]));
    }
    return { labels, names, errors: Module._io_course_error_count() };
  });
  if (picker.errors !== 0) fail(`course.json has ${picker.errors} problem(s)`);
  if (picker.names[0] !== FIRST || !picker.labels[0].startsWith('1. ')) {
    fail(`the picker should start with the course's first lesson, "1. ..." (${FIRST}): ${JSON.stringify(picker)}`);
  }
  if (picker.names.includes('course.json') || picker.names.includes('schema.json')) {
    fail(`course.json or schema.json is offered as a scenario: ${JSON.stringify(picker.names)}`);
  }

  // The app opens on the course's first lesson, waiting at its first step.
  const start = await lesson(page);
  if (start.steps < 3 || start.reached !== 1 || start.held !== 1 || start.tick !== 0) {
    fail(`${FIRST} should open held at its first step, tick 0: ${JSON.stringify(start)}`);
  }
  if ((await page.evaluate(() => Module._io_script_prediction_answer(0))) !== -1) fail('an answer exists before any click');
  await parkMouse(page);
  await screenshot(page, 'lesson_first_step.png');

  // Neither Play nor Continue moves the world before the prediction is answered.
  await clickWidget(page, 'play');
  await clickWidget(page, 'lesson_continue');
  await waitFrames(page, 4);
  const refused = await lesson(page);
  if (refused.playing !== 0 || refused.held !== 1 || refused.tick !== 0) {
    fail(`Play or Continue ran the world before the prediction was answered: ${JSON.stringify(refused)}`);
  }

  if (((await page.evaluate(() => Module._io_script_step_asks(0))) & 1) === 0) fail(`${FIRST}'s first step asks no prediction any more`);
  // Answer with a real click on the second choice.
  const choice = 1;
  await clickInView(page, `prediction_choice_${choice}`, AREA);
  await waitInPage(page, 'the answer to be stored', (c) => Module._io_script_prediction_answer(0) === c, choice, 10_000);
  await parkMouse(page);
  await screenshot(page, 'lesson_answered.png');

  // Continue: the world plays and stops by itself at the next step.
  await clickWidget(page, 'lesson_continue');
  await waitInPage(page, 'Continue to play the run', () => Module._io_tick() > 0 || Module._io_script_steps_reached() > 1, null, 10_000);
  await waitHeldAt(page, 2);
  const second = await lesson(page);
  if (second.playing !== 0 || second.viewed !== 1) fail(`at the second step the run should pause and show it: ${JSON.stringify(second)}`);
  const marks = await page.evaluate(() => [0, 1, 2, 3].map((c) => Module._io_script_prediction_right(0, c)));
  if (!marks.slice(0, 2).every((m) => m === 0 || m === 1)) fail(`the first prediction is not resolved at the second step: ${marks}`);
  await parkMouse(page);
  await screenshot(page, 'lesson_second_step.png');

  // ◀ shows the first step again, read-only, with each choice marked right or wrong.
  await clickInView(page, 'lesson_previous', AREA);
  await waitInPage(page, 'the first step to be shown', () => Module._io_script_viewed_step() === 0, null, 10_000);
  await parkMouse(page);
  await scrollToBottom(page);
  await screenshot(page, 'lesson_prediction_marked.png');

  // Reset starts over and forgets the answer.
  await clickWidget(page, 'reset');
  await waitInPage(page, 'Reset to start the lesson again',
    () => Module._io_tick() === 0 && Module._io_script_steps_reached() === 1 && Module._io_script_prediction_answer(0) === -1,
    null, 10_000);
  return { choice, marks: marks.slice(0, 2), secondTick: second.tick };
}

// Scrolls the lesson to its end (the prediction's marks and explanation, the checks).
async function scrollToBottom(page) {
  const canvas = await page.locator('#canvas').boundingBox();
  const a = await widgetRect(page, AREA);
  await page.mouse.move(canvas.x + a.x + a.w / 2, canvas.y + a.y + a.h / 2);
  for (let i = 0; i < 8; ++i) {
    await page.mouse.wheel(0, 200);
    await waitFrames(page, 1);
  }
  await page.mouse.move(canvas.x + 4, canvas.y + 4);
  await waitFrames(page, 2);
}

async function ethicsChoice(page) {
  await loadScenario(page, ETHICS);
  await waitHeldAt(page, 1);
  // The first step with an ethics prompt ("what-now": run the auditor, choice 0, or leave the
  // naive view wrong).
  const ETHICS_STEP = await page.evaluate(() => {
    for (let i = 0; i < Module._io_script_step_count(); ++i) if (Module._io_script_step_asks(i) & 2) return i;
    return -1;
  });
  if (ETHICS_STEP < 0) fail(`${ETHICS} has no ethics prompt any more`);
  // Through the steps before the prompt, answering each prediction with its first choice.
  for (let reached = 1; reached <= ETHICS_STEP; ++reached) {
    await answerIfAsked(page, reached - 1);
    await continueTo(page, reached + 1);
  }
  const at = await lesson(page);
  if (at.reached !== ETHICS_STEP + 1) fail(`expected to wait at the ethics step: ${JSON.stringify(at)}`);
  const auditsBefore = await metric(page, 'audits');
  if (auditsBefore !== 0) fail(`no audit should have run before the choice: audits = ${auditsBefore}`);

  // Continue is refused until a choice is decided.
  await clickWidget(page, 'lesson_continue');
  await waitFrames(page, 4);
  if ((await lesson(page)).held !== 1) fail('Continue moved on before the ethics choice was made');

  await clickInView(page, 'ethics_choice_0', AREA);
  await parkMouse(page);
  await screenshot(page, 'lesson_ethics_pending.png');
  if ((await page.evaluate((s) => Module._io_script_ethics_choice(s), ETHICS_STEP)) !== -1) {
    fail('picking a choice should not decide it before "Decide" is clicked');
  }
  await clickInView(page, 'ethics_decide', AREA);
  await waitInPage(page, 'the ethics choice to be taken', (s) => Module._io_script_ethics_choice(s) === 0, ETHICS_STEP, 10_000);
  const auditsAfter = await metric(page, 'audits');
  if (auditsAfter !== 1) fail(`choosing "run the auditor" should run one audit at once: audits = ${auditsAfter}`);

  await continueTo(page, ETHICS_STEP + 2);
  await parkMouse(page);
  await screenshot(page, 'lesson_ethics_answered.png');  // the next step opens with what the choice did
  await clickInView(page, 'lesson_previous', AREA);
  await waitInPage(page, 'the ethics step to be shown', (s) => Module._io_script_viewed_step() === s, ETHICS_STEP, 10_000);
  await scrollToBottom(page);
  await screenshot(page, 'lesson_ethics_consequence.png');
  const met = await page.evaluate(() => Module._io_script_expectations_met());
  if (met !== 1) fail('a check failed on the way through deriver_crash.json');
  return { auditsBefore, auditsAfter };
}

// Answers the held step's prediction, if it asks one, with a click on its first choice.
async function answerIfAsked(page, step) {
  const asks = await page.evaluate((s) => Module._io_script_step_asks(s), step);
  if ((asks & 1) === 0) return;
  await clickInView(page, 'prediction_choice_0', AREA);
  await waitInPage(page, `the answer at step ${step + 1}`, (s) => Module._io_script_prediction_answer(s) === 0, step, 10_000);
}

async function run(page) {
  const server = await openApp(page);
  try {
    const first = await courseAndPrediction(page);
    const ethics = await ethicsChoice(page);
    return `${FIRST}: answered choice ${first.choice}, marks ${JSON.stringify(first.marks)}, second step at tick ` +
           `${first.secondTick}; ${ETHICS}: audits ${ethics.auditsBefore} -> ${ethics.auditsAfter} on the choice`;
  } finally {
    server.close();
  }
}

await runBrowserTest(NAME, run);
