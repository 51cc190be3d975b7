#pragma once
// The World owns every actor of the simulation and the agenda that drives them: clients, the
// network, the front door, the event log, the derivers with their views, the readers. It is a
// value: copying it is a snapshot (the disk underneath shares unchanged chunks), which is how the
// UI travels in time and how tests compare runs. The only ways to change it are advancing time and
// applying Commands; everything else is read-only.

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/auditor.h"
#include "model/backup.h"
#include "model/breach.h"
#include "model/client.h"
#include "model/command.h"
#include "model/consent_registry.h"
#include "model/decoded_records.h"
#include "model/deriver.h"
#include "model/domain_event.h"
#include "model/event_log.h"
#include "model/fault_ledger.h"
#include "model/front_door.h"
#include "model/lender.h"
#include "model/message.h"
#include "model/metrics.h"
#include "model/network.h"
#include "model/privacy_audit.h"
#include "model/reader.h"
#include "model/trace_kind.h"
#include "model/views/balances_view.h"
#include "sim/chunked_vector.h"
#include "sim/event_queue.h"
#include "sim/prng.h"
#include "sim/trace.h"
#include "sim/types.h"

namespace io::model {

struct DualWriteOptions {
  // The links from the application to each store, used only in the dual-writes mode.
  LinkOptions database_link;
  LinkOptions index_link;
};

struct WorldOptions {
  std::uint64_t seed = 1;  // the root seed; every component derives its own stream from it
  AccountTable accounts;   // opened by the first records of the log, in this order
  std::vector<ClientOptions> clients;
  LinkOptions client_link;  // the default link between each client and the front door
  std::vector<LinkOptions> client_links;  // per client; empty means client_link for all
  FrontDoorOptions front_door;
  DualWriteOptions dual_writes;
  std::vector<DeriverOptions> derivers;
  std::vector<ReaderOptions> readers;
  EventLogOptions log;
  AuditorOptions auditor;
  PrivacyOptions privacy;
  CreditOptions credit;  // a lender and its applicants (none: nothing is scheduled)
  // Metrics are sampled every this many ticks (0: never) into a bounded series for plotting.
  std::uint64_t metrics_interval_ticks = 10;
  // Trace entries kept in memory for inspection (the hash covers all of them regardless).
  std::size_t trace_entries_max = 0;

  static constexpr std::size_t clients_max = 256;
  static constexpr std::size_t derivers_max = 16;
  // Violations kept for the UI; the counts cover all of them.
  static constexpr std::size_t violations_max = 10'000;
  // Breach reports kept for the UI (the newest); each lists up to BreachReport::items_max items.
  static constexpr std::size_t breaches_max = 16;
};

// What the agenda holds. Small and trivially copyable: a snapshot copies the agenda whole.
enum class EventKind : std::uint8_t {
  client_wake,          // target: client — it starts its next new request
  client_timeout,       // target: client, argument: local request — no answer in time?
  client_retry,         // target: client, argument: local request — send another attempt
  message_arrives,      // argument: the message's slot in InFlight
  front_door_restart,
  deriver_wake,         // target: deriver — process one batch
  deriver_restart,      // target: deriver
  reader_wake,          // target: reader
  audit_due,            // the scheduled audit
  replica_restart,      // target: log replica
  retention_due,        // argument: retention generation — the next key epoch expires now
  credit_round,         // every applicant without a loan outstanding applies to the lender
  loan_due,             // target: applicant, argument: 0, or the LoanVerdict of a retried append — a loan ends
  payment_missed,       // target: applicant — a denied applicant misses a payment elsewhere
};
struct Event {
  EventKind kind = EventKind::client_wake;
  std::uint32_t target = 0;
  std::uint64_t argument = 0;
};

// The application's dual-write targets: two stores written directly, with no log between them.
struct DualWriteStores {
  BalancesView database;
  BalancesView search_index;  // the index's copy of account documents (balance and name)
};

class World {
 public:
  explicit World(WorldOptions options);

  // Processes every event scheduled before `tick`, in (tick, sequence) order; now() becomes
  // `tick`. Time never goes back: `tick` must be >= now().
  void advance_to(sim::Tick tick);
  // Processes the single next event, if any is scheduled before `limit`; returns whether one ran.
  bool step_event(sim::Tick limit);
  // Why `command` cannot be applied to this world (a bad target, say), or nullptr if it can.
  // Commands come from users and share links, so they are checked as values, not asserted.
  const char* reject_reason(const Command& command) const;
  // Applies a command now. Its tick must equal now() (the caller advances first) and
  // reject_reason() must be nullptr.
  void apply(const Command& command);

  sim::Tick now() const { return now_; }
  // Tick of the next scheduled event; false when nothing is scheduled.
  bool next_event_tick(sim::Tick& out) const;
  std::uint64_t events_processed() const { return events_processed_; }
  // Processing done so far, counted deterministically in units of at most about one event's:
  // events processed, plus every log record read by a pass over the whole log (an audit,
  // rebuilding the front door's table, a replica's recovery, a breach assessment). Time travel
  // spaces its snapshots by it, so that the replay after restoring one stays bounded even where
  // a single event scans a long log.
  std::uint64_t work_done() const { return events_processed_ + log_pass_records_; }

  const WorldOptions& options() const { return options_; }
  const AccountTable& accounts() const { return options_.accounts; }
  const EventLog& log() const { return log_; }
  const std::vector<Client>& clients() const { return clients_; }
  const std::vector<Link>& links() const { return links_; }
  const FrontDoor& front_door() const { return front_door_; }
  const std::vector<Deriver>& derivers() const { return derivers_; }
  const std::vector<Reader>& readers() const { return readers_; }
  const DualWriteStores& dual_write_stores() const { return stores_; }
  const InFlight& in_flight() const { return in_flight_; }
  const sim::Trace& trace() const { return trace_; }
  // The deriver that serves reads of `kind`, or -1 if none does (yet).
  int serving(ViewKind kind) const { return serving_[std::size_t(kind)]; }
  bool deployed(std::size_t deriver) const { return deriver_deployed_[deriver]; }

  // Ground truth the simulator knows and no component may use to decide anything: the balance
  // each account has after every logged or written effect so far, in the order they took effect.
  const std::vector<std::int64_t>& true_balances() const { return true_balances_; }
  std::int64_t opening_total_cents() const { return opening_total_; }

  // Privacy: consent and erasure per subject with the key store, the backups taken, the breach
  // reports (newest last), and, computed now, every place where erased data lingers or consent
  // is ignored (O(log length)).
  const ConsentRegistry& privacy() const { return privacy_; }
  const std::vector<Backup>& backups() const { return backups_; }
  const std::vector<BreachReport>& breaches() const { return breaches_; }
  std::vector<PrivacyFinding> privacy_findings() const;

  // Credit: the lender (its policy, books per group and latest decisions), the borrowers' ground
  // truth, and each applicant as the UI shows them: the score the serving view gives under the
  // current policy beside the true repayment rate no component may read.
  const Lender& lender() const { return lender_; }
  const Borrowers& borrowers() const { return borrowers_; }
  // The serving credit_scores view, or nullptr if none serves (yet).
  const CreditScoresView* credit_view() const;
  struct ApplicantFigures {
    AccountId account = 0;
    std::uint8_t group = 0;
    int score = -1;  // from the serving view under the current policy; -1: no view serves
    std::uint32_t true_repay_ppm = 0;
  };
  std::vector<ApplicantFigures> credit_applicants() const;

  // Storage faults: the ledger of what was injected, and what the auditor and reads found.
  const FaultLedger& fault_ledger() const { return ledger_; }
  const std::vector<Violation>& violations() const { return violations_; }
  const AuditorState& auditor_state() const { return auditor_state_; }

  // Counters and the sampled series (oldest first). The series grows with the run up to
  // samples_max, and a snapshot copies it: copy-on-write chunks let the copy share it.
  using Samples = sim::ChunkedVector<MetricsSample>;
  const Counters& counters() const { return counters_; }
  const Samples& samples() const { return samples_; }
  // The metrics as they stand now (computes lags and, if `audit`, compares every view with a
  // fresh fold of the log: O(log length)).
  MetricsSample sample(bool audit) const { return sample_at(now_, audit); }

 private:
  void handle(const Event& event);
  void schedule(sim::Tick at, EventKind kind, std::uint32_t target = 0, std::uint64_t argument = 0);
  void record(TraceKind kind, std::uint32_t subject, std::uint64_t a, std::uint64_t b);

  void open_accounts();
  void start_request(std::uint32_t client, std::uint64_t local, std::uint32_t clicks);
  void send_attempt(std::uint32_t client, std::uint64_t local);
  // Hands the message in `slot` (claimed from in_flight_) to its link: schedules its arrival and
  // a duplicate's, or frees the slot if the link loses it.
  void send(std::uint32_t slot);
  void on_timeout(std::uint32_t client, std::uint64_t local);
  void on_arrival(std::uint32_t slot);
  void deliver(const Message& message);
  void on_request(const Message& request);
  void on_store_write(const Message& write);
  void note_effect(const DomainEvent& op);
  void wake_derivers();
  void on_deriver_wake(std::uint32_t index);
  void on_read(std::uint32_t index);
  void take_samples_until(sim::Tick tick);
  void run_audit();
  void read_repair(const BatchResult& stuck);
  void on_replica_restart(std::uint32_t replica);
  void record_violations_from(std::size_t first);
  // Appends a privacy event through the front door's path (sealed, noted by the registry);
  // returns false, changing nothing, if the log could not acknowledge it.
  bool append_privacy_event(DomainEvent event);
  const char* privacy_reject_reason(const Command& command) const;
  void sweep_retention();
  void schedule_retention();
  void open_credit_history();
  void on_credit_round();
  // Appends a loan record; false, changing nothing, if the log could not acknowledge it.
  bool append_loan_event(DomainEventKind kind, std::size_t applicant, LoanVerdict verdict, std::uint32_t score,
                         sim::Offset& at);
  void on_loan_end(std::uint32_t applicant, std::uint64_t argument, bool missed_elsewhere);
  void sample_credit(MetricsSample& s) const;
  MetricsSample sample_at(sim::Tick tick, bool audit) const;
  // Counts `passes` reads of every record of the log in work_done().
  void note_log_passes(std::uint64_t passes);
  // Passes over the log an audit makes: a scrub of every replica, a fold per view, the privacy scan.
  std::uint64_t audit_passes() const { return log_.replica_count() + derivers_.size() + 1; }

  WorldOptions options_;
  sim::Tick now_{0};
  sim::EventQueue<Event> agenda_;
  EventLog log_;
  std::vector<Client> clients_;
  std::vector<Link> links_;  // clients' links first (by client index), then database, index
  FrontDoor front_door_;
  std::vector<Deriver> derivers_;
  std::vector<bool> deriver_scheduled_;  // a deriver_wake is on the agenda
  std::vector<bool> deriver_deployed_;   // started (at its start_tick, or by start_deriver)
  std::vector<Reader> readers_;
  DualWriteStores stores_;
  std::array<int, view_kind_count> serving_ = [] {
    std::array<int, view_kind_count> none{};
    none.fill(-1);
    return none;
  }();
  InFlight in_flight_;
  std::uint64_t next_intent_ = 1;
  // Index: intent; how many times it took effect. One per request ever made, and only recent ones
  // change: copy-on-write chunks keep a snapshot's copy of it cheap.
  sim::ChunkedVector<std::uint32_t> effects_per_intent_;
  std::vector<std::int64_t> true_balances_;
  std::int64_t opening_total_ = 0;
  Counters counters_;
  FaultLedger ledger_;
  // Records the derivers read lately, decoded once for all of them (a cache: copies start empty).
  DecodedRecords decoded_records_;
  AuditorState auditor_state_;
  std::vector<Violation> violations_;
  std::uint64_t violations_total_ = 0;
  Samples samples_;
  std::uint64_t next_sample_tick_ = 0;
  ConsentRegistry privacy_;
  std::vector<Backup> backups_;
  std::vector<BreachReport> breaches_;
  std::uint64_t breaches_total_ = 0;
  std::uint32_t retention_logged_ = 0;      // the retention cutoff the log has been told of
  std::uint64_t retention_generation_ = 0;  // a retention_due of an older generation is stale
  Lender lender_;
  Borrowers borrowers_;
  sim::Trace trace_;
  std::uint64_t events_processed_ = 0;
  std::uint64_t log_pass_records_ = 0;  // see work_done()
};

}  // namespace io::model
