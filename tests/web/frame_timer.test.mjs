// web.frame_timer: the app's own frame timer and loading a scenario from memory, which the page
// benchmark (bench/page_bench.mjs) relies on. A scenario held in a string loads through
// io_load_scenario_text (a broken one is refused and the running one stays), io_run_to_records
// runs it without drawing, and io_frame_cpu_ms reports a plausible mean over the frames since
// io_frame_times_clear. Run from the repository root: node tests/web/frame_timer.test.mjs
//   INSIDEOUT_SITE       the built site (default build/web/site)
//   INSIDEOUT_ARTIFACTS  where screenshots go (default build/test-artifacts)

import { readFileSync } from 'node:fs';
import { fail, openApp, runBrowserTest, screenshot, waitInPage } from './lib.mjs';

const NAME = 'web.frame_timer';
const SCENARIO = readFileSync(new URL('../../scenarios/first_log.json', import.meta.url), 'utf8');

const loadText = (page, text, name) =>
  page.evaluate(([t, n]) => Module.ccall('io_load_scenario_text', 'number', ['string', 'string'], [t, n]), [text, name]);

async function run(page) {
  const server = await openApp(page);
  try {
    // A broken scenario is refused, and the running one stays.
    const tickBefore = await page.evaluate(() => Module._io_tick());
    const refused = await loadText(page, '{"format_version": 1, "title": ', 'broken.json');
    if (refused !== 2) fail(`io_load_scenario_text(broken) returned ${refused}, expected 2`);

    // The shipped first lesson, from a string this time, run to 40 records without drawing.
    const loaded = await loadText(page, SCENARIO.replace('"title": "', '"title": "From memory: '), 'memory.json');
    if (loaded !== 0) fail(`io_load_scenario_text(first_log.json's text) returned ${loaded}`);
    const fresh = await page.evaluate(() => ({ tick: Module._io_tick(), offset: Module._io_log_end_offset() }));
    if (fresh.tick !== 0) fail(`a freshly loaded scenario should start at tick 0, not ${fresh.tick}`);
    const records = await page.evaluate(() => { Module._io_set_stop_at_steps(0); return Module._io_run_to_records(40); });
    if (records < 40) fail(`io_run_to_records(40) stopped at ${records} records`);
    if (await page.evaluate(() => Module._io_playing()) !== 0) fail('io_run_to_records should leave the run paused');

    // The timer: a mean over the frames since the window was cleared, at most io_frame_window().
    await page.evaluate(() => { Module._io_set_playing(1); Module._io_frame_times_clear(); });
    await waitInPage(page, 'ten timed frames', () => Module._io_frame_times_count() >= 10);
    const t = await page.evaluate(() => ({
      cpu: Module._io_frame_cpu_ms(), sim: Module._io_frame_sim_ms(), gl: Module._io_frame_gl_ms(),
      max: Module._io_frame_cpu_max_ms(), count: Module._io_frame_times_count(), window: Module._io_frame_window(),
    }));
    if (!(t.cpu > 0 && t.cpu < 1000)) fail(`io_frame_cpu_ms() = ${t.cpu} is not a plausible mean`);
    if (!(t.sim >= 0 && t.sim <= t.cpu)) fail(`the simulation's share ${t.sim} ms is not within the frame's ${t.cpu} ms`);
    if (!(t.gl >= 0) || !(t.max >= t.cpu)) fail(`implausible figures: ${JSON.stringify(t)}`);
    if (!(t.count >= 10 && t.count <= t.window)) fail(`io_frame_times_count() = ${t.count}, window ${t.window}`);
    const tick = await page.evaluate(() => Module._io_tick());
    if (!(tick > fresh.tick && tick !== tickBefore)) fail(`the loaded scenario did not play (tick ${tick})`);
    await page.evaluate(() => Module._io_set_playing(0));
    await screenshot(page, 'frame_timer_loaded_from_memory.png');
    return `${records} records; ${t.count} frames: ${t.cpu.toFixed(2)} ms per frame (simulation ${t.sim.toFixed(2)}, WebGL ${t.gl.toFixed(2)})`;
  } finally {
    server.close();
  }
}

await runBrowserTest(NAME, run);
