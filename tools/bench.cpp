// The benchmark behind `insideout bench`. Wall-clock time is measured here, in tools/, and never
// in core/, whose runs must not depend on it. Each figure is measured on the same heavy scenario
// (bench/heavy.json) natively and, from the same source, in WebAssembly under Node:
//   heavy      simulated events per second of a straight run (the median of a few runs);
//   bare_loop  the same number of events through a bare event queue with trivial handlers: the
//              ceiling no model can beat, so the ratio says how much the model itself costs;
//   seek       time to reach ticks of the run through a Timeline (snapshots + replay): random
//              ticks, and the worst ticks there are, each just before a snapshot;
//   memory     log bytes per record beyond its payload, peak memory, the cost of a snapshot.
// Nothing here asserts on time: the figures are printed, and scripts/bench judges them.

#include "bench.h"

#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/event_log.h"
#include "model/world.h"
#include "scenario/load.h"
#include "scenario/session.h"
#include "scenario/timeline.h"
#include "sim/event_queue.h"
#include "sim/prng.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#include <emscripten/heap.h>
#else
#include <sys/resource.h>
#include <time.h>
#endif

#ifdef __EMSCRIPTEN__
// Node's CPU time for this process, user and system, in seconds (the runner only runs in Node).
EM_JS(double, node_cpu_seconds, (), {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
});
// The CPU time of Node's main thread alone, the one that runs the wasm, in seconds (Linux: the
// first figure of /proc's schedstat, in nanoseconds); -1 where it cannot be read.
EM_JS(double, node_main_thread_cpu_seconds, (), {
  try {
    const text = require('fs').readFileSync('/proc/self/task/' + process.pid + '/schedstat', 'utf8');
    return Number(text.split(' ')[0]) / 1e9;
  } catch (e) {
    return -1;
  }
});
#endif

namespace {

using io::scenario::Scenario;
using io::scenario::Session;
using io::scenario::Timeline;
using io::sim::Tick;
using Clock = std::chrono::steady_clock;

constexpr int exit_usage = 2;
constexpr const char* default_scenario = "bench/heavy.json";
constexpr std::uint64_t events_default = 1'000'000;
constexpr std::uint64_t events_quick = 20'000;
// A bound so that a typo cannot ask for a run that outgrows the log's own limit.
constexpr std::uint64_t events_max = 5'000'000;
// Runs advance in strides of this many ticks and stop at the first stride boundary past the
// requested number of events: small enough to overshoot by little, large enough to cost nothing.
constexpr std::uint64_t stride_ticks = 64;
// Pending events in the bare loop: about what the heavy scenario's agenda holds (its 32 clients'
// wake-ups and timeouts, the messages in flight, the derivers and the reader).
constexpr std::size_t bare_pending = 256;

const char* const usage =
    "usage: insideout bench [--json] [--quick] [--scenario FILE] [--events N] [--only heavy|bare|seek|memory]\n";

struct Options {
  bool json = false;
  bool quick = false;
  std::string scenario;
  std::uint64_t events = 0;
  std::string only;  // one figure alone (for profiling it), or "" for all
  bool runs(const char* figure) const { return only.empty() || only == figure; }
};

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Process CPU time in seconds: less disturbed than wall time when the machine is shared. In Node
// it includes the engine's own threads (compiling the wasm in the background, collecting garbage).
std::optional<double> cpu_seconds() {
#ifdef __EMSCRIPTEN__
  return node_cpu_seconds();
#else
  timespec t{};
  if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t) != 0) return std::nullopt;
  return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
#endif
}

// CPU time of the thread that runs the simulation. Natively that is all the process does; under
// Node the process also compiles the wasm and collects garbage on threads of its own, so this is
// the figure that compares the two runtimes' code like for like.
std::optional<double> thread_cpu_seconds() {
#ifdef __EMSCRIPTEN__
  const double s = node_main_thread_cpu_seconds();
  return s < 0 ? std::nullopt : std::optional<double>(s);
#else
  timespec t{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) != 0) return std::nullopt;
  return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
#endif
}

// Bytes the allocator has handed out and not yet taken back.
std::uint64_t heap_in_use() {
#ifdef __EMSCRIPTEN__
  const struct mallinfo m = mallinfo();
  return std::uint64_t(unsigned(m.uordblks)) + std::uint64_t(unsigned(m.hblkhd));
#else
  const struct mallinfo2 m = mallinfo2();
  return std::uint64_t(m.uordblks) + std::uint64_t(m.hblkhd);
#endif
}

// The most memory the process has held so far: resident set natively; in WebAssembly the size of
// the linear memory, which only ever grows.
std::uint64_t peak_memory() {
#ifdef __EMSCRIPTEN__
  return emscripten_get_heap_size();
#else
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return std::uint64_t(u.ru_maxrss) * 1024;  // Linux reports kibibytes
#endif
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n == 0 ? 0 : n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

std::string hex16(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016" PRIx64, v);
  return buf;
}

// `file` as given if it exists, else relative to the source tree (the runner may start anywhere).
std::string resolve(const std::string& file) {
  if (std::filesystem::exists(file) || std::filesystem::path(file).is_absolute()) return file;
#ifdef INSIDEOUT_SOURCE_DIR
  const std::string in_repo = std::string(INSIDEOUT_SOURCE_DIR) + "/" + file;
  if (std::filesystem::exists(in_repo)) return in_repo;
#endif
  return file;
}

// Advances `run` (a Session or a Timeline) in strides until `events` have been processed or the
// scenario ends.
template <typename Run, typename WorldOf>
void run_events(Run& run, WorldOf world_of, std::uint64_t events, Tick end) {
  while (world_of(run).events_processed() < events && world_of(run).now() < end) {
    run.advance_to(std::min(end, world_of(run).now() + stride_ticks));
  }
}

struct HeavyFigure {
  std::uint64_t events = 0;
  std::uint64_t ticks = 0;
  std::uint64_t trace_hash = 0;
  std::uint64_t audits = 0;  // full audits the auditor ran during the run
  std::vector<double> seconds;      // one per repeat
  std::optional<double> cpu_seconds;  // per run: all runs' CPU time divided by their count
  std::vector<double> thread_cpu_seconds;  // one per repeat, if the runtime tells it
  double events_per_second = 0;
  std::uint64_t heap_in_use_bytes = 0;  // at the end of a run, the session still alive
};

HeavyFigure measure_heavy(const Scenario& scenario, std::uint64_t events, int repeats) {
  HeavyFigure f;
  const std::optional<double> cpu_start = cpu_seconds();
  const std::uint64_t heap_before = heap_in_use();
  for (int r = 0; r < repeats; ++r) {
    Session session(scenario, scenario.seed);
    const std::optional<double> thread_start = thread_cpu_seconds();
    const auto start = Clock::now();
    run_events(session, [](const Session& s) -> const io::model::World& { return s.world(); }, events, session.end_tick());
    f.seconds.push_back(seconds_since(start));
    if (const auto thread_end = thread_cpu_seconds(); thread_start && thread_end) {
      f.thread_cpu_seconds.push_back(*thread_end - *thread_start);
    }
    const auto& world = session.world();
    f.events = world.events_processed();
    f.ticks = world.now().value;
    f.trace_hash = world.trace().hash();
    f.audits = world.auditor_state().audits;
    f.heap_in_use_bytes = heap_in_use() - heap_before;
  }
  if (const auto cpu_end = cpu_seconds(); cpu_start && cpu_end) f.cpu_seconds = (*cpu_end - *cpu_start) / repeats;
  f.events_per_second = double(f.events) / median(f.seconds);
  return f;
}

struct BareFigure {
  std::uint64_t events = 0;
  double seconds = 0;
  double events_per_second = 0;
};

// Keeps the bare loop's work observable, so the compiler cannot drop it.
volatile std::uint64_t bare_sink = 0;

// `events` events through the simulator's own event queue, with the World's event type, each
// handler doing nothing but reschedule its event a pseudo-random 1..16 ticks later.
BareFigure measure_bare_loop(std::uint64_t events, int repeats) {
  std::vector<double> seconds;
  for (int r = 0; r < repeats; ++r) {
    io::sim::EventQueue<io::model::Event> queue;
    for (std::size_t i = 0; i < bare_pending; ++i) {
      queue.push(Tick{i % 16}, io::model::Event{io::model::EventKind::client_wake, std::uint32_t(i), i});
    }
    std::uint64_t x = 0x9E3779B97F4A7C15ULL, sum = 0;
    const auto start = Clock::now();
    for (std::uint64_t n = 0; n < events; ++n) {
      const auto entry = queue.pop();
      sum += entry.payload.argument;
      x ^= x << 13;  // xorshift64: the cheapest draw there is
      x ^= x >> 7;
      x ^= x << 17;
      queue.push(entry.tick + (1 + (x & 15)), entry.payload);
    }
    seconds.push_back(seconds_since(start));
    bare_sink = sum;
  }
  BareFigure f;
  f.events = events;
  f.seconds = median(seconds);
  f.events_per_second = double(events) / f.seconds;
  return f;
}

struct MemoryFigure {
  std::uint64_t log_records = 0;
  std::uint32_t replicas = 1;            // copies of each record the log keeps
  double payload_bytes_per_record = 0;   // key + payload, as the model hands them to the log
  double bytes_per_record = 0;           // heap the log grows by per record, all replicas
  // What a record costs beyond its payload, per copy: (bytes - replicas * payload) / replicas.
  double overhead_bytes_per_record = 0;
};

// Appends the heavy run's records to an empty log with the scenario's options and divides the
// heap it grew by the records: the whole cost of a record (headers, checksums, index entries,
// disk slack, on every replica), less the payload each replica stores.
MemoryFigure measure_log_overhead(const Scenario& scenario, std::uint64_t events) {
  std::vector<io::model::Record> records;
  {
    Session session(scenario, scenario.seed);
    run_events(session, [](const Session& s) -> const io::model::World& { return s.world(); }, events, session.end_tick());
    const auto& log = session.world().log();
    records.reserve(log.end_offset().value);
    for (std::uint64_t o = 0; o < log.end_offset().value; ++o) {
      auto r = log.read(io::sim::Offset{o});
      if (r.ok()) records.push_back(std::move(r).value());
    }
  }
  MemoryFigure f;
  std::uint64_t payload = 0;
  for (const auto& r : records) payload += r.key.size() + r.payload.size();
  const std::uint64_t before = heap_in_use();
  {
    io::model::EventLog log(scenario.world.log);
    for (const auto& r : records) log.append(r.appended_at, r.key, r.payload);
    const std::uint64_t grown = heap_in_use() - before;
    f.log_records = records.size();
    f.replicas = scenario.world.log.replicas;
    if (!records.empty()) {
      f.payload_bytes_per_record = double(payload) / double(records.size());
      f.bytes_per_record = double(grown) / double(records.size());
      f.overhead_bytes_per_record = f.bytes_per_record / f.replicas - f.payload_bytes_per_record;
    }
  }
  return f;
}

struct SeekFigure {
  std::uint64_t run_events = 0;
  std::uint64_t run_ticks = 0;
  std::uint64_t learner_commands = 0;
  double record_seconds = 0;
  std::uint64_t snapshot_interval_work = 0;  // as the Timeline ended up (it doubles when thinning)
  std::size_t snapshots = 0;
  std::uint64_t timeline_heap_bytes = 0;  // snapshots, history and the present together
  std::uint64_t snapshot_bytes = 0;       // one more copy of the present, at the end of the run
  double snapshot_copy_ms = 0;
  std::vector<double> seek_ms;        // to random ticks
  std::vector<double> worst_case_ms;  // to the tick before each snapshot: the longest replays
  double worst_cpu_ms = 0;            // the most CPU time any seek took (wall time swings with load)
  bool reproduces_run = false;  // seeking back to the end gives the recorded run's trace hash
};

// Records the run through a Timeline with its default snapshot policy (the UI's), with a learner
// command now and then, then seeks to `seeks` random ticks of it; then to the tick just before
// each snapshot, latest first, so that each seek restores the snapshot before and replays a whole
// interval (the worst case a random tick can only stumble on); and back to its end.
SeekFigure measure_seek(const Scenario& scenario, std::uint64_t events, int seeks) {
  SeekFigure f;
  const std::uint64_t heap_before = heap_in_use();
  Timeline timeline(Session(scenario, scenario.seed));
  auto world_of = [](const Timeline& t) -> const io::model::World& { return t.session().world(); };
  const Tick end = timeline.session().end_tick();
  const auto start = Clock::now();
  // A learner's command every tenth of the run: the seeks must replay them at their ticks.
  for (std::uint64_t step = 1; step <= 10; ++step) {
    run_events(timeline, world_of, events * step / 10, end);
    if (step < 10 && !timeline.session().world().clients().empty()) {
      const auto client = step % timeline.session().world().clients().size();
      if (timeline.command(io::model::Command::of(io::model::CommandKind::client_send_now, client)) == nullptr) {
        ++f.learner_commands;
      }
    }
  }
  f.record_seconds = seconds_since(start);
  f.run_events = world_of(timeline).events_processed();
  f.run_ticks = timeline.now().value;
  f.snapshots = timeline.snapshot_count();
  f.snapshot_interval_work = timeline.options().snapshot_interval_work;
  f.timeline_heap_bytes = heap_in_use() - heap_before;
  const std::uint64_t recorded_hash = world_of(timeline).trace().hash();
  const Tick recorded_end = timeline.now();
  {
    const std::uint64_t before = heap_in_use();
    const auto copy_start = Clock::now();
    const Session copy = timeline.session();
    f.snapshot_copy_ms = seconds_since(copy_start) * 1e3;
    f.snapshot_bytes = heap_in_use() - before;
    bare_sink = copy.world().events_processed();
  }

  auto timed_seek = [&](Tick target, std::vector<double>& into) {
    const std::optional<double> cpu_start = cpu_seconds();
    const auto seek_start = Clock::now();
    timeline.seek(target);
    into.push_back(seconds_since(seek_start) * 1e3);
    if (const auto cpu_end = cpu_seconds(); cpu_start && cpu_end) {
      f.worst_cpu_ms = std::max(f.worst_cpu_ms, (*cpu_end - *cpu_start) * 1e3);
    }
  };
  io::sim::Prng prng(0x5EEC);  // fixed: every run of the benchmark seeks to the same ticks
  for (int i = 0; i < seeks; ++i) timed_seek(Tick{prng.below(recorded_end.value + 1)}, f.seek_ms);
  std::vector<Tick> before_snapshots;
  for (std::size_t i = 0; i < timeline.snapshot_count(); ++i) before_snapshots.push_back(Tick{timeline.snapshot_tick(i).value - 1});
  for (auto t = before_snapshots.rbegin(); t != before_snapshots.rend(); ++t) timed_seek(*t, f.worst_case_ms);
  timed_seek(recorded_end, f.worst_case_ms);  // from the first interval: restores the last snapshot
  f.reproduces_run = world_of(timeline).trace().hash() == recorded_hash;
  return f;
}

std::optional<Options> parse(int argc, char** argv) {
  Options o;
  for (int i = 0; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--json") {
      o.json = true;
    } else if (arg == "--quick") {
      o.quick = true;
    } else if (arg == "--scenario" && i + 1 < argc) {
      o.scenario = argv[++i];
    } else if (arg == "--only" && i + 1 < argc) {
      o.only = argv[++i];
      if (o.only != "heavy" && o.only != "bare" && o.only != "seek" && o.only != "memory") return std::nullopt;
    } else if (arg == "--events" && i + 1 < argc) {
      const std::string v = argv[++i];
      if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
      o.events = std::stoull(v);
      if (o.events == 0 || o.events > events_max) return std::nullopt;
    } else {
      return std::nullopt;
    }
  }
  return o;
}

const char* runtime_name() {
#ifdef __EMSCRIPTEN__
  return "wasm";
#else
  return "native";
#endif
}

}  // namespace

int command_bench(int argc, char** argv) {
  const std::optional<Options> parsed = parse(argc, argv);
  if (!parsed) {
    std::fprintf(stderr, "insideout: bad bench arguments (--events takes 1 to %" PRIu64 ")\n%s", events_max, usage);
    return exit_usage;
  }
  const Options& o = *parsed;
  const std::string file = resolve(o.scenario.empty() ? default_scenario : o.scenario);
  auto loaded = io::scenario::load_scenario_file(file);
  if (!loaded.ok()) {
    for (const auto& e : loaded.error()) std::fprintf(stderr, "%s\n", e.to_string().c_str());
    return exit_usage;
  }
  const Scenario scenario = std::move(loaded).value();
  const std::uint64_t events = o.events != 0 ? o.events : o.quick ? events_quick : events_default;
  // Five runs, not three: other work on a shared machine slows single runs by a third or more,
  // and the median of five is less often one of them.
  const int repeats = o.quick ? 1 : 5;
  const int seeks = o.quick ? 5 : 50;
  const bool wasm = runtime_name() == std::string("wasm");

  std::optional<HeavyFigure> heavy;
  std::optional<std::uint64_t> peak;
  std::optional<BareFigure> bare;
  std::optional<MemoryFigure> memory;
  std::optional<SeekFigure> seek;
  if (o.runs("heavy")) {
    heavy = measure_heavy(scenario, events, repeats);
    peak = peak_memory();  // before anything else grows the process: the straight runs' peak
  }
  if (o.runs("bare")) bare = measure_bare_loop(heavy ? heavy->events : events, repeats);
  if (o.runs("memory")) memory = measure_log_overhead(scenario, events);
  if (o.runs("seek")) seek = measure_seek(scenario, events, seeks);
  const bool has_ratio = heavy && bare;
  const double ratio = has_ratio ? heavy->events_per_second / bare->events_per_second : 0;
  const double seek_median = seek ? median(seek->seek_ms) : 0;
  // The worst seek of all, the deliberately worst ticks included: a random sample can miss them.
  const double seek_random_worst = seek && !seek->seek_ms.empty() ? *std::max_element(seek->seek_ms.begin(), seek->seek_ms.end()) : 0;
  const double seek_worst_case = seek && !seek->worst_case_ms.empty()
                                     ? *std::max_element(seek->worst_case_ms.begin(), seek->worst_case_ms.end())
                                     : 0;
  const double seek_worst = std::max(seek_random_worst, seek_worst_case);

  if (o.json) {
    using Json = nlohmann::ordered_json;
    Json out;
    out["runtime"] = runtime_name();
    out["quick"] = o.quick;
    out["scenario"] = file;
    out["seed"] = scenario.seed;
    Json& auditor = out["auditor"];
    auditor["enabled"] = scenario.world.auditor.enabled;
    auditor["interval_ticks"] = scenario.world.auditor.interval_ticks;
    if (heavy) {
      Json& h = out["heavy"];
      h["events"] = heavy->events;
      h["ticks"] = heavy->ticks;
      h["trace_hash"] = hex16(heavy->trace_hash);
      h["audits"] = heavy->audits;
      h["repeats"] = repeats;
      h["seconds"] = median(heavy->seconds);
      h["cpu_seconds"] = heavy->cpu_seconds ? Json(*heavy->cpu_seconds) : Json();
      // Main-thread CPU time: the median run's, and the fastest run's, which scripts/bench judges
      // (other work on a shared machine only ever adds to a run's time).
      const bool thread_times = heavy->thread_cpu_seconds.size() == std::size_t(repeats);
      h["thread_cpu_seconds"] = thread_times ? Json(median(heavy->thread_cpu_seconds)) : Json();
      h["thread_cpu_seconds_best"] =
          thread_times ? Json(*std::min_element(heavy->thread_cpu_seconds.begin(), heavy->thread_cpu_seconds.end()))
                       : Json();
      h["events_per_second"] = heavy->events_per_second;
    }
    if (bare) {
      Json& b = out["bare_loop"];
      b["events"] = bare->events;
      b["pending"] = bare_pending;
      b["seconds"] = bare->seconds;
      b["events_per_second"] = bare->events_per_second;
    }
    if (has_ratio) out["ratio_to_bare"] = ratio;
    if (seek) {
      Json& s = out["seek"];
      s["run_events"] = seek->run_events;
      s["run_ticks"] = seek->run_ticks;
      s["learner_commands"] = seek->learner_commands;
      s["record_seconds"] = seek->record_seconds;
      s["snapshot_interval_work"] = seek->snapshot_interval_work;
      s["snapshots"] = seek->snapshots;
      s["seeks"] = seek->seek_ms.size();
      s["random_worst_ms"] = seek_random_worst;
      s["worst_case_seeks"] = seek->worst_case_ms.size();
      s["worst_case_median_ms"] = median(seek->worst_case_ms);
      s["worst_cpu_ms"] = seek->worst_cpu_ms;
      s["median_ms"] = seek_median;
      s["worst_ms"] = seek_worst;
      s["reproduces_run"] = seek->reproduces_run;
    }
    Json& m = out["memory"];
    if (memory) {
      m["log_records"] = memory->log_records;
      m["replicas"] = memory->replicas;
      m["payload_bytes_per_record"] = memory->payload_bytes_per_record;
      m["bytes_per_record"] = memory->bytes_per_record;
      m["overhead_bytes_per_record"] = memory->overhead_bytes_per_record;
    }
    if (heavy) {
      m["peak_bytes"] = *peak;
      m["peak_kind"] = wasm ? "wasm linear memory" : "resident set (ru_maxrss)";
      m["run_heap_bytes"] = heavy->heap_in_use_bytes;
    }
    if (seek) {
      m["snapshot_bytes"] = seek->snapshot_bytes;
      m["snapshot_copy_ms"] = seek->snapshot_copy_ms;
      m["timeline_heap_bytes"] = seek->timeline_heap_bytes;
    }
    if (m.empty()) out.erase("memory");
    std::printf("%s\n", out.dump().c_str());
  } else {
    const double mib = 1024.0 * 1024.0;
    std::printf("insideout bench (%s%s): %s, seed %" PRIu64 "\n", runtime_name(), o.quick ? ", quick" : "", file.c_str(), scenario.seed);
    if (heavy) {
      std::printf("  heavy run   %" PRIu64 " events, %" PRIu64 " ticks in %.3f s (median of %d): %.3f M events/s\n",
                  heavy->events, heavy->ticks, median(heavy->seconds), repeats, heavy->events_per_second / 1e6);
      if (heavy->thread_cpu_seconds.size() == std::size_t(repeats)) {
        const double cpu = median(heavy->thread_cpu_seconds);
        const double best = *std::min_element(heavy->thread_cpu_seconds.begin(), heavy->thread_cpu_seconds.end());
        std::printf("              main thread's CPU time %.3f s (median), %.3f s (best): %.3f M events/s of CPU (best)\n",
                    cpu, best, double(heavy->events) / best / 1e6);
      }
    }
    if (bare) {
      std::printf("  bare loop   %" PRIu64 " events in %.3f s: %.2f M events/s", bare->events, bare->seconds,
                  bare->events_per_second / 1e6);
      if (has_ratio) std::printf("; the model runs at %.1f%% of it", ratio * 100);
      std::printf("\n");
    }
    if (seek) {
      std::printf("  seek        %zu seeks to random ticks of a %" PRIu64 "-event run with %zu snapshots and %" PRIu64
                  " learner commands: median %.1f ms, worst %.1f ms; reproduces the run: %s\n",
                  seek->seek_ms.size(), seek->run_events, seek->snapshots, seek->learner_commands, seek_median,
                  seek_random_worst, seek->reproduces_run ? "yes" : "NO");
      std::printf("              %zu seeks to the tick before each snapshot (a whole interval of replay): median %.1f ms,"
                  " worst %.1f ms; worst of all %.1f ms (%.1f ms of CPU at most)\n",
                  seek->worst_case_ms.size(), median(seek->worst_case_ms), seek_worst_case, seek_worst, seek->worst_cpu_ms);
    }
    if (memory) {
      std::printf("  log         %.1f bytes per record and replica beyond %.1f bytes of key and payload"
                  " (%.1f bytes per record on its %u replicas)\n",
                  memory->overhead_bytes_per_record, memory->payload_bytes_per_record, memory->bytes_per_record,
                  memory->replicas);
    }
    if (heavy) std::printf("  peak        %.1f MiB (%s)\n", double(*peak) / mib, wasm ? "wasm linear memory" : "max RSS");
    if (seek) {
      std::printf("  snapshot    %.1f MiB, %.1f ms to copy at the end of the run; the timeline holds %.1f MiB\n",
                  double(seek->snapshot_bytes) / mib, seek->snapshot_copy_ms, double(seek->timeline_heap_bytes) / mib);
    }
    if (scenario.world.auditor.enabled) {
      std::printf("  auditor     on, a full audit every %" PRIu64 " ticks", scenario.world.auditor.interval_ticks);
      if (heavy) std::printf(" (%" PRIu64 " in the run)", heavy->audits);
      std::printf("\n");
    } else {
      std::printf("  auditor     off in this scenario\n");
    }
  }
  // A seek that does not reproduce the run is a bug, not a slow figure.
  return !seek || seek->reproduces_run ? 0 : 1;
}
