#include "model/world.h"

#include <algorithm>

#include "sim/assert.h"

namespace io::model {

namespace {

// Draws the fault rates of a seed sweep: each run of the sweep meets a different mix of faults.
EventLogOptions with_drawn_fault_rates(EventLogOptions log, std::uint64_t seed) {
  if (log.random_fault_ppm_max == 0) return log;
  SIM_ASSERT(log.random_fault_replicas <= log.replicas);
  sim::Prng prng(sim::derive_seed(seed, "fault-rates"));
  if (log.replica_faults.empty()) log.replica_faults.assign(log.replicas, log.disk.faults);
  for (std::uint32_t r = 0; r < log.random_fault_replicas; ++r) {
    DiskFaultOptions& f = log.replica_faults[r];
    for (std::uint32_t* ppm : {&f.bit_rot_ppm, &f.latent_sector_error_ppm, &f.lost_write_ppm, &f.misdirected_write_ppm,
                               &f.misdirected_read_ppm}) {
      *ppm = std::uint32_t(prng.range(0, log.random_fault_ppm_max));
    }
  }
  return log;
}

}  // namespace

World::World(WorldOptions options)
    : options_(std::move(options)),
      log_(with_drawn_fault_rates(options_.log, options_.seed), sim::derive_seed(options_.seed, "log")),
      front_door_(options_.front_door),
      stores_{BalancesView(options_.accounts), BalancesView(options_.accounts)},
      next_sample_tick_(0),
      privacy_(options_.privacy, options_.accounts.size(), sim::derive_seed(options_.seed, "keys")),
      trace_(options_.trace_entries_max) {
  SIM_ASSERT(options_.clients.size() <= WorldOptions::clients_max);
  SIM_ASSERT(options_.derivers.size() <= WorldOptions::derivers_max);
  SIM_ASSERT(options_.readers.size() <= ReaderOptions::readers_max);
  SIM_ASSERT(options_.accounts.size() <= accounts_max);
  SIM_ASSERT(options_.client_links.empty() || options_.client_links.size() == options_.clients.size());
  const std::uint64_t seed = options_.seed;

  for (std::size_t i = 0; i < options_.clients.size(); ++i) {
    const ClientOptions& c = options_.clients[i];
    clients_.emplace_back(c, sim::derive_seed(seed, "client/" + c.name));
    const LinkOptions& link = options_.client_links.empty() ? options_.client_link : options_.client_links[i];
    links_.emplace_back(c.name + " <-> front door", link, sim::derive_seed(seed, "link/" + c.name));
    schedule(sim::Tick{c.start_tick}, EventKind::client_wake, std::uint32_t(i));
  }
  links_.emplace_back("front door -> database", options_.dual_writes.database_link, sim::derive_seed(seed, "link/database"));
  links_.emplace_back("front door -> search index", options_.dual_writes.index_link, sim::derive_seed(seed, "link/index"));

  for (std::size_t i = 0; i < options_.derivers.size(); ++i) {
    DeriverOptions& d = options_.derivers[i];
    d.rules.honor_erasure = options_.privacy.cache_honours_erasure;
    d.rules.minimise = options_.privacy.minimise;
    if (d.view == ViewKind::credit_scores) d.credit = options_.credit.model;
    derivers_.emplace_back(d, options_.accounts);
    // A deriver that starts on command (a v2 beside v1, for reprocessing) is not deployed yet.
    const bool starts = !d.start_on_command;
    deriver_scheduled_.push_back(starts);
    deriver_deployed_.push_back(starts);
    if (starts) {
      schedule(sim::Tick{d.start_tick}, EventKind::deriver_wake, std::uint32_t(i));
      int& serving = serving_[std::size_t(d.view)];
      if (serving < 0) serving = int(i);
    }
  }
  for (std::size_t i = 0; i < options_.readers.size(); ++i) {
    const ReaderOptions& r = options_.readers[i];
    readers_.emplace_back(r, sim::derive_seed(seed, "reader/" + r.name));
    schedule(sim::Tick{r.start_tick}, EventKind::reader_wake, std::uint32_t(i));
  }
  effects_per_intent_.push_back(0);  // intent 0 is "none": opening records
  open_accounts();
  if (options_.auditor.enabled) {
    SIM_ASSERT(options_.auditor.interval_ticks >= 1);
    schedule(sim::Tick{options_.auditor.interval_ticks}, EventKind::audit_due);
  }
  schedule_retention();
  if (options_.credit.enabled()) {
    const CreditOptions& credit = options_.credit;
    SIM_ASSERT(credit.borrowers.repay_ppm.size() == credit.model.applicants.size());
    std::vector<std::uint8_t> groups;
    std::vector<std::uint64_t> seeds;
    for (const CreditApplicant& a : credit.model.applicants) {
      SIM_ASSERT(a.account < options_.accounts.size());
      groups.push_back(a.group);
      seeds.push_back(sim::derive_seed(seed, "borrower/" + options_.accounts[a.account].name));
    }
    lender_ = Lender(credit.lender, std::move(groups), credit.model.groups.size(), sim::derive_seed(seed, "lender"));
    borrowers_ = Borrowers(credit.borrowers, seeds);
    open_credit_history();
    schedule(sim::Tick{credit.lender.start_tick}, EventKind::credit_round);
  }
  ledger_.take_new_faults(log_, now_);
  SIM_ASSERT(clients_.size() == options_.clients.size());
  SIM_ASSERT(links_.size() == clients_.size() + 2);
}

void World::open_accounts() {
  true_balances_.assign(options_.accounts.size(), 0);
  for (std::size_t a = 0; a < options_.accounts.size(); ++a) {
    DomainEvent e;
    e.kind = DomainEventKind::account_opened;
    e.account = AccountId(a);
    e.amount_cents = options_.accounts[a].opening_balance_cents;
    opening_total_ += e.amount_cents;
    true_balances_[a] = e.amount_cents;
    // Even in the dual-writes mode the accounts exist in both stores from the start: the race
    // this mode shows is in the writes that follow, not in the set-up.
    stores_.database.apply(sim::Offset{a}, e);
    stores_.search_index.apply(sim::Offset{a}, e);
    if (options_.front_door.writes == WriteMode::log) {
      const AppendResult appended = log_.append(now_, options_.accounts[a].name, encode(e));
      SIM_ASSERT(appended.acknowledged);  // every replica is up at the start
      record(TraceKind::record_appended, 0, appended.offset.value, 0);
    }
  }
}

void World::open_credit_history() {
  // Rounds of past loans, every applicant's first, then every applicant's second...: the short
  // personal histories applicants bring, drawn from the same truth for every group.
  for (std::uint32_t k = 0; k < borrowers_.options().history_loans; ++k) {
    for (std::size_t i = 0; i < borrowers_.size(); ++i) {
      const LoanVerdict outcome = borrowers_.repays(i) ? LoanVerdict::repaid : LoanVerdict::defaulted;
      sim::Offset at;
      const bool appended = append_loan_event(DomainEventKind::loan_outcome, i, outcome, 0, at);
      SIM_ASSERT(appended);  // every replica is up at the start
    }
  }
}

bool World::append_loan_event(DomainEventKind kind, std::size_t applicant, LoanVerdict verdict, std::uint32_t score,
                              sim::Offset& at) {
  SIM_ASSERT(applicant < options_.credit.model.applicants.size());
  SIM_ASSERT(score <= 1000);
  DomainEvent e;
  e.kind = kind;
  e.account = options_.credit.model.applicants[applicant].account;
  e.amount_cents = options_.credit.lender.loan_amount_cents;
  e.verdict = verdict;
  e.score = std::uint16_t(score);
  const AppendResult appended = log_.append(now_, options_.accounts[e.account].name, encode(e));
  if (!appended.acknowledged) return false;
  at = appended.offset;
  record(kind == DomainEventKind::loan_decided ? TraceKind::loan_decided : TraceKind::loan_ended, e.account,
         at.value, std::uint64_t(verdict));
  wake_derivers();
  return true;
}

const CreditScoresView* World::credit_view() const {
  const int d = serving_[std::size_t(ViewKind::credit_scores)];
  return d < 0 ? nullptr : &std::get<CreditScoresView>(derivers_[std::size_t(d)].view());
}

std::vector<World::ApplicantFigures> World::credit_applicants() const {
  std::vector<ApplicantFigures> out;
  const CreditScoresView* view = credit_view();
  const auto& applicants = options_.credit.model.applicants;
  for (std::size_t i = 0; i < applicants.size(); ++i) {
    ApplicantFigures f;
    f.account = applicants[i].account;
    f.group = applicants[i].group;
    if (view != nullptr) f.score = int(view->score(i, lender_.policy().use_group));
    f.true_repay_ppm = options_.credit.borrowers.repay_ppm[i];
    out.push_back(f);
  }
  return out;
}

void World::on_credit_round() {
  if (!lender_.begin_round()) return;
  const CreditScoresView* view = credit_view();
  const bool use_group = lender_.policy().use_group;
  for (std::size_t i = 0; i < lender_.applicant_count(); ++i) {
    if (!lender_.may_apply(i)) continue;
    if (view == nullptr) {
      lender_.unscored(i);
      continue;
    }
    // The lender reads the view as it stands, which may lag the log: decisions made on stale
    // scores are part of what a derived view means.
    const std::uint32_t score = view->score(i, use_group);
    const LoanVerdict verdict = lender_.decide(score);
    sim::Offset at;
    // A decision the log cannot record is not made: the applicant applies again next round.
    if (!append_loan_event(DomainEventKind::loan_decided, i, verdict, score, at)) continue;
    lender_.booked(now_, i, verdict, score, at);
    if (verdict != LoanVerdict::denied) {
      schedule(now_ + lender_.options().loan_ticks, EventKind::loan_due, std::uint32_t(i));
    } else if (borrowers_.harmed_by_denial(i)) {
      schedule(now_ + lender_.options().loan_ticks, EventKind::payment_missed, std::uint32_t(i));
    }
  }
  schedule(now_ + lender_.options().round_interval_ticks, EventKind::credit_round);
}

void World::on_loan_end(std::uint32_t applicant, std::uint64_t argument, bool missed_elsewhere) {
  // Nature decides once; if the log cannot take the record now, the same outcome is retried a
  // loan's length later (argument carries it), so an outage never redraws anyone's fate.
  LoanVerdict outcome = LoanVerdict(argument);
  if (missed_elsewhere) {
    outcome = LoanVerdict::missed_elsewhere;
  } else if (argument == 0) {
    outcome = borrowers_.repays(applicant) ? LoanVerdict::repaid : LoanVerdict::defaulted;
  }
  sim::Offset at;
  if (!append_loan_event(DomainEventKind::loan_outcome, applicant, outcome, 0, at)) {
    schedule(now_ + lender_.options().loan_ticks, missed_elsewhere ? EventKind::payment_missed : EventKind::loan_due,
             applicant, std::uint64_t(outcome));
    return;
  }
  lender_.ended(applicant, outcome);
}

void World::schedule(sim::Tick at, EventKind kind, std::uint32_t target, std::uint64_t argument) {
  SIM_ASSERT(at >= now_);
  agenda_.push(at, Event{kind, target, argument});
}

bool World::next_event_tick(sim::Tick& out) const {
  if (agenda_.empty()) return false;
  out = agenda_.top().tick;
  return true;
}

bool World::step_event(sim::Tick limit) {
  if (agenda_.empty()) return false;
  const sim::Tick next = agenda_.top().tick;
  if (next >= limit) return false;
  if (next.value >= next_sample_tick_) take_samples_until(next);  // otherwise no sample is due
  auto entry = agenda_.pop();
  SIM_ASSERT(entry.tick == next);
  SIM_ASSERT(entry.tick >= now_);  // the agenda never schedules into the past
  now_ = entry.tick;
  handle(entry.payload);
  ledger_.take_new_faults(log_, now_);
  ++events_processed_;
  return true;
}

void World::advance_to(sim::Tick tick) {
  SIM_ASSERT(tick >= now_);
  while (step_event(tick)) {
  }
  take_samples_until(tick);  // before the clock moves: samples are taken at or after now_
  now_ = tick;
  SIM_ASSERT(agenda_.empty() || agenda_.top().tick >= now_);
}

void World::handle(const Event& event) {
  switch (event.kind) {
    case EventKind::client_wake: {
      SIM_ASSERT(event.target < clients_.size());
      Client& client = clients_[event.target];
      if (client.done()) return;
      if (!client.busy()) start_request(event.target, client.new_request(now_, next_intent_++), 1);
      if (!client.done()) schedule(now_ + client.next_interval(), EventKind::client_wake, event.target);
      return;
    }
    case EventKind::client_timeout: on_timeout(event.target, event.argument); return;
    case EventKind::client_retry: {
      if (!clients_[event.target].awaiting(event.argument)) return;  // answered meanwhile
      send_attempt(event.target, event.argument);
      schedule(now_ + clients_[event.target].options().timeout_ticks, EventKind::client_timeout, event.target,
               event.argument);
      return;
    }
    case EventKind::message_arrives: on_arrival(std::uint32_t(event.argument)); return;
    case EventKind::front_door_restart: {
      note_log_passes(1);
      front_door_.restart(log_, &privacy_.keys());
      record(TraceKind::front_door_restarted, 0, front_door_.counters().rebuild_records_read, 0);
      return;
    }
    case EventKind::deriver_wake: on_deriver_wake(event.target); return;
    case EventKind::deriver_restart: {
      Deriver& d = derivers_[event.target];
      if (!d.down()) return;
      d.restart();
      record(TraceKind::deriver_restarted, event.target, d.checkpoint().value, 0);
      deriver_scheduled_[event.target] = false;
      wake_derivers();
      return;
    }
    case EventKind::reader_wake: {
      on_read(event.target);
      schedule(now_ + readers_[event.target].next_interval(), EventKind::reader_wake, event.target);
      return;
    }
    case EventKind::audit_due: {
      run_audit();
      schedule(now_ + options_.auditor.interval_ticks, EventKind::audit_due);
      return;
    }
    case EventKind::replica_restart: on_replica_restart(event.target); return;
    case EventKind::retention_due: {
      if (event.argument != retention_generation_) return;  // the retention changed since
      sweep_retention();
      schedule_retention();
      return;
    }
    case EventKind::credit_round: on_credit_round(); return;
    case EventKind::loan_due: on_loan_end(event.target, event.argument, false); return;
    case EventKind::payment_missed: on_loan_end(event.target, event.argument, true); return;
  }
  SIM_ASSERT(false && "unhandled event kind");
}

void World::start_request(std::uint32_t client, std::uint64_t local, std::uint32_t clicks) {
  SIM_ASSERT(clicks >= 1);
  SIM_ASSERT(clicks <= 2);
  // note: the intent was assigned when the request was made; effects count against it.
  while (effects_per_intent_.size() < next_intent_) effects_per_intent_.push_back(0);
  for (std::uint32_t i = 0; i < clicks; ++i) send_attempt(client, local);
  schedule(now_ + clients_[client].options().timeout_ticks, EventKind::client_timeout, client, local);
}

void World::send_attempt(std::uint32_t client, std::uint64_t local) {
  const std::uint32_t slot = in_flight_.claim();
  Message& m = in_flight_.at(slot);
  const std::uint32_t attempts = clients_[client].attempt(now_, local, m);
  m.client = client;
  m.link = client;
  record(TraceKind::request_sent, client, local, attempts);
  send(slot);
}

void World::send(std::uint32_t slot) {
  const Message& message = in_flight_.at(slot);
  SIM_ASSERT(message.link < links_.size());
  const Fate fate = links_[message.link].send(now_);
  SIM_ASSERT(fate.copies <= 2);
  if (fate.copies == 0) {
    ++counters_.messages_lost;
    record(TraceKind::message_lost, message.link, std::uint64_t(message.kind), fate.partitioned ? 1 : 0);
    in_flight_.release(slot);
    return;
  }
  schedule(fate.deliver_at[0], EventKind::message_arrives, 0, slot);
  if (fate.copies == 2) {
    const std::uint32_t copy = in_flight_.claim();
    in_flight_.at(copy) = in_flight_.at(slot);
    schedule(fate.deliver_at[1], EventKind::message_arrives, 0, copy);
  }
}

void World::on_timeout(std::uint32_t client_index, std::uint64_t local) {
  Client& client = clients_[client_index];
  if (!client.awaiting(local)) return;
  if (client.may_retry(local)) {
    schedule(now_ + client.backoff_ticks(local), EventKind::client_retry, client_index, local);
  } else {
    record(TraceKind::request_given_up, client_index, local, client.attempts(local));
    client.give_up(local);
  }
}

void World::on_arrival(std::uint32_t slot) {
  deliver(in_flight_.at(slot));  // the slot stays claimed (and its message in place) meanwhile
  in_flight_.release(slot);
}

void World::deliver(const Message& m) {
  if (!links_[m.link].deliver(now_)) {
    ++counters_.messages_lost;
    record(TraceKind::message_lost, m.link, std::uint64_t(m.kind), 1);
    return;
  }
  switch (m.kind) {
    case MessageKind::request: on_request(m); return;
    case MessageKind::response: {
      clients_[m.client].answered(m);
      record(TraceKind::answer_received, m.client, m.local, std::uint64_t(m.status));
      return;
    }
    case MessageKind::store_write: on_store_write(m); return;
  }
  SIM_ASSERT(false && "unhandled message kind");
}

void World::on_request(const Message& request) {
  const Offset end_before = log_.end_offset();
  Decision d = front_door_.handle(now_, request, log_, options_.accounts, &privacy_);
  if (d.took_effect) {
    SIM_ASSERT(d.operation != nullptr);
    note_effect(*d.operation);
    if (options_.front_door.writes == WriteMode::log) {
      SIM_ASSERT(log_.end_offset().value == end_before.value + 1);
      record(TraceKind::record_appended, request.client, end_before.value, d.operation->intent);
      wake_derivers();
    } else {
      // Dual writes: the application itself writes each store, over its own link, with no
      // order between the two; nothing ties the stores to one sequence of events.
      for (std::uint32_t store = 0; store < 2; ++store) {
        const std::uint32_t slot = in_flight_.claim();
        Message& w = in_flight_.at(slot);
        w.kind = MessageKind::store_write;
        w.link = std::uint32_t(clients_.size()) + store;
        w.store = store;
        w.operation = *d.operation;
        w.offset = Offset{d.effect_number};
        send(slot);
      }
    }
  } else {
    SIM_ASSERT(log_.end_offset() == end_before);
  }
  if (!d.answered) return;  // the front door was down: the request vanished
  record(TraceKind::request_decided, request.client, request.local, std::uint64_t(d.response.status));
  const std::uint32_t slot = in_flight_.claim();
  in_flight_.at(slot) = std::move(d.response);
  send(slot);
}

void World::on_store_write(const Message& write) {
  BalancesView& store = write.store == 0 ? stores_.database : stores_.search_index;
  store.apply(write.offset, write.operation);
  record(TraceKind::store_written, write.store, write.offset.value, 0);
}

void World::note_effect(const DomainEvent& op) {
  ++counters_.effects;
  SIM_ASSERT(op.intent < effects_per_intent_.size());
  if (++effects_per_intent_.mutable_at(op.intent) > 1) ++counters_.duplicate_effects;
  if (op.kind == DomainEventKind::transfer) {
    true_balances_[op.account] -= op.amount_cents;
    true_balances_[op.to] += op.amount_cents;
  }
}

void World::wake_derivers() {
  for (std::size_t i = 0; i < derivers_.size(); ++i) {
    if (deriver_scheduled_[i] || derivers_[i].down()) continue;
    if (!deriver_deployed_[i]) continue;
    deriver_scheduled_[i] = true;
    schedule(std::max(now_, sim::Tick{derivers_[i].options().start_tick}), EventKind::deriver_wake, std::uint32_t(i));
  }
}

void World::on_deriver_wake(std::uint32_t index) {
  Deriver& d = derivers_[index];
  deriver_scheduled_[index] = false;
  if (d.down()) return;  // a restart wakes it again
  const BatchResult r = d.run_batch(now_, log_, &privacy_.keys(), &decoded_records_);
  if (r.ran && r.records_processed > 0) {
    record(TraceKind::deriver_batch, index, d.position().value, r.applied + r.applied_again);
  }
  if (r.stuck) {
    record(TraceKind::deriver_stuck, index, r.stuck_at.value, std::uint64_t(r.error));
    read_repair(r);
  }
  const bool work_left = d.position() < log_.end_offset();
  if (work_left || !r.ran) {
    // Not yet due, or more to read: come back after the interval. (Stuck: it retries at that
    // pace, which is what a real consumer does with a poison record.)
    deriver_scheduled_[index] = true;
    schedule(now_ + d.options().batch_interval_ticks, EventKind::deriver_wake, index);
  }
}

void World::on_read(std::uint32_t index) {
  Reader& reader = readers_[index];
  const AccountId account = reader.next_account();
  SIM_ASSERT(account < true_balances_.size());
  const std::int64_t truth = true_balances_[account];
  const int b = serving_[std::size_t(ViewKind::balances)];
  std::int64_t value = 0;
  std::uint64_t cost = 1;
  switch (reader.options().path) {
    case ReadPath::view: {
      if (b < 0) return reader.count_unavailable();
      value = std::get<BalancesView>(derivers_[std::size_t(b)].view()).balance_cents(account);
      break;
    }
    case ReadPath::cache: {
      const int c = serving_[std::size_t(ViewKind::cache)];
      if (b < 0 || c < 0) return reader.count_unavailable();
      const auto& source = std::get<BalancesView>(derivers_[std::size_t(b)].view());
      value = derivers_[std::size_t(c)].read_cache(account, source, now_).value;
      break;
    }
    case ReadPath::log_scan: {
      // The read path does all the work: fold the whole log for this one answer.
      cost = log_.end_offset().value;
      for (std::uint64_t o = 0; o < cost; ++o) {
        const auto r = log_.read(Offset{o});
        if (!r.ok()) continue;
        const auto e = decode(r.value().payload);
        if (!e) continue;
        if (e->kind == DomainEventKind::account_opened && e->account == account) value = e->amount_cents;
        if (e->kind == DomainEventKind::transfer && e->account == account) value -= e->amount_cents;
        if (e->kind == DomainEventKind::transfer && e->to == account) value += e->amount_cents;
      }
      break;
    }
  }
  const bool stale = value != truth;
  reader.count(cost, stale);
  record(TraceKind::read_answered, index, account, stale ? 1 : 0);
}

void World::record_violations_from(std::size_t first) {
  for (std::size_t i = first; i < violations_.size(); ++i) {
    const Violation& v = violations_[i];
    record(TraceKind::violation_found, std::uint32_t(v.kind), v.where, v.offset.value);
  }
  violations_total_ += violations_.size() - first;
  // Keep the newest violations_max for the UI; the trace and the total cover all of them.
  if (violations_.size() > WorldOptions::violations_max) {
    violations_.erase(violations_.begin(), violations_.end() - std::ptrdiff_t(WorldOptions::violations_max));
  }
}

void World::run_audit() {
  note_log_passes(audit_passes());  // work for the Timeline's snapshot spacing, scheduled or commanded
  ledger_.take_new_faults(log_, now_);
  const std::size_t first = violations_.size();
  audit(now_, log_, derivers_, deriver_deployed_, options_.accounts, opening_total_, ledger_, auditor_state_, violations_,
        &privacy_, options_.auditor.incremental);
  // Where erased data lingers and consent is ignored: each place reported once.
  for (PrivacyFinding& f : privacy_findings()) {
    const auto key = std::tuple{std::uint8_t(f.kind), std::uint8_t(f.place), f.where, std::uint32_t(f.subject)};
    if (!auditor_state_.reported_privacy.insert(key).second) continue;
    violations_.push_back(make_violation(f.kind, f.where, f.offset, now_, std::move(f.detail)));
  }
  record(TraceKind::audit_ran, 0, violations_.size() - first, 0);
  record_violations_from(first);
  // A view the audit rebuilt starts again from offset 0: make sure its deriver is awake.
  for (std::size_t i = 0; i < derivers_.size(); ++i) {
    if (deriver_deployed_[i] && !deriver_scheduled_[i] && !derivers_[i].down() && derivers_[i].position() < log_.end_offset()) {
      deriver_scheduled_[i] = true;
      schedule(now_, EventKind::deriver_wake, std::uint32_t(i));
    }
  }
}

std::vector<PrivacyFinding> World::privacy_findings() const {
  return find_privacy_violations(log_, privacy_, derivers_, deriver_deployed_, backups_, options_.accounts);
}

bool World::append_privacy_event(DomainEvent event) {
  SIM_ASSERT(is_privacy_event(event.kind));
  const bool everyone = event.account == every_subject;
  SIM_ASSERT(everyone || event.account < options_.accounts.size());
  DomainEvent stored = event;
  privacy_.seal(stored, now_);
  const AppendResult appended = log_.append(now_, everyone ? "retention" : options_.accounts[event.account].name, encode(stored));
  if (!appended.acknowledged) return false;
  record(TraceKind::privacy_appended, event.account, appended.offset.value, std::uint64_t(event.kind));
  const std::uint64_t destroyed = privacy_.note(event, appended.offset, now_);
  if (destroyed > 0) record(TraceKind::keys_destroyed, event.account, destroyed, privacy_.expired_epochs());
  wake_derivers();
  return true;
}

void World::sweep_retention() {
  // Keys expire on time even if the log cannot take the sweep's record now; derivers learn of it
  // from the record, appended as soon as the log can (each later sweep retries).
  const std::uint32_t cutoff = privacy_.expired_before(now_);
  const std::uint64_t destroyed = privacy_.expire(cutoff, now_);
  if (destroyed > 0) record(TraceKind::keys_destroyed, every_subject, destroyed, cutoff);
  if (privacy_.expired_epochs() <= retention_logged_) return;
  DomainEvent sweep;
  sweep.kind = DomainEventKind::erasure_requested;
  sweep.account = every_subject;
  sweep.amount_cents = privacy_.expired_epochs();
  if (append_privacy_event(sweep)) retention_logged_ = privacy_.expired_epochs();
}

void World::schedule_retention() {
  // Only runs that keep memos for a limited time have this event on their agenda, so runs that
  // do not are exactly what they were before privacy existed.
  if (privacy_.options().retention_ticks == 0) return;
  schedule(std::max(now_ + 1, privacy_.next_expiry()), EventKind::retention_due, 0, retention_generation_);
}

void World::read_repair(const BatchResult& stuck) {
  // A verifying reader that finds a bad copy repairs it from a healthy replica before retrying,
  // or reports the record lost; it never serves the bad bytes.
  if (stuck.error == LogReadError::beyond_end || stuck.error == LogReadError::replica_down) return;
  ledger_.take_new_faults(log_, now_);
  const std::size_t first = violations_.size();
  verify_and_repair(log_, log_.leader(), stuck.stuck_at, now_, ledger_, auditor_state_, violations_);
  record_violations_from(first);
}

void World::on_replica_restart(std::uint32_t replica) {
  if (log_.replica_up(replica)) return;
  note_log_passes(1);  // recovery verifies every copy the replica holds
  ledger_.take_new_faults(log_, now_);
  const RecoveryReport report = log_.restart_replica(replica);
  // Recovery writes (catch-up and repairs) can themselves be struck by faults, and recovery may
  // already have found and fixed them: the ledger must know of them before it is told.
  ledger_.take_new_faults(log_, now_);
  record(TraceKind::replica_restarted, replica, report.records_caught_up, report.torn_bytes_truncated);
  const std::size_t first = violations_.size();
  if (report.torn_bytes_truncated > 0) {
    ledger_.tail_truncated(replica, now_);
    Violation v = make_violation(ViolationKind::torn_tail, replica, log_.end_offset(), now_,
                                 "replica " + std::to_string(replica) + ": " + std::to_string(report.torn_bytes_truncated) +
                                     " bytes of a record never acknowledged, truncated");
    v.repaired_at = now_;
    violations_.push_back(std::move(v));
  }
  for (const Offset o : report.records_repaired) {
    ledger_.detected(log_, replica, o, now_);
    ledger_.resolved(log_, replica, o, now_, true);
    Violation v = make_violation(ViolationKind::corrupt_copy, replica, o, now_,
                                 "replica " + std::to_string(replica) + ", record " + std::to_string(o.value) +
                                     ": repaired during recovery");
    v.repaired_at = now_;
    violations_.push_back(std::move(v));
  }
  for (const Offset o : report.records_lost) {
    // Not a fault of this replica's disk (it may never have held the record): the damage is on
    // the others, whose copies were found bad and are accounted for there.
    auditor_state_.reported_lost.insert({replica, o.value});
    violations_.push_back(make_violation(ViolationKind::record_lost, replica, o, now_,
                                         "replica " + std::to_string(replica) + ", record " + std::to_string(o.value) +
                                             ": no healthy copy to recover from; lost here, and will not be served"));
  }
  record_violations_from(first);
}

void World::take_samples_until(sim::Tick tick) {
  // Called before the first event at `tick` or later runs, so the state now is the state at the
  // start of every sample boundary up to `tick`.
  std::uint64_t& interval = options_.metrics_interval_ticks;
  if (interval == 0) return;
  if (tick.value >= next_sample_tick_ && (tick.value - next_sample_tick_) / interval > samples_max) {
    // A long idle stretch: its samples would all be alike; keep only the last samples_max.
    next_sample_tick_ += ((tick.value - next_sample_tick_) / interval - samples_max) * interval;
  }
  while (next_sample_tick_ <= tick.value) {
    if (samples_.size() >= samples_max) {
      // Keep every other sample and sample half as often from now on.
      Samples kept;
      for (std::size_t i = 0; i < samples_.size(); i += 2) kept.push_back(samples_[i]);
      samples_ = std::move(kept);
      interval *= 2;
      next_sample_tick_ = samples_.back().tick.value + interval;
      continue;
    }
    samples_.push_back(sample_at(sim::Tick{next_sample_tick_}, false));
    next_sample_tick_ += interval;
  }
  SIM_ASSERT(samples_.size() <= samples_max);
}

void World::sample_credit(MetricsSample& s) const {
  if (!options_.credit.enabled()) return;
  const CreditModel& model = options_.credit.model;
  const CreditScoresView* view = credit_view();
  const bool use_group = lender_.policy().use_group;
  std::vector<std::uint64_t> members(model.groups.size(), 0), scores(model.groups.size(), 0),
      truth(model.groups.size(), 0);
  for (std::size_t i = 0; i < model.applicants.size(); ++i) {
    const std::uint8_t g = model.applicants[i].group;
    ++members[g];
    if (view != nullptr) scores[g] += view->score(i, use_group);
    truth[g] += options_.credit.borrowers.repay_ppm[i];
  }
  std::uint64_t score_min = UINT64_MAX, score_max = 0, rate_min = UINT64_MAX, rate_max = 0;
  for (std::size_t g = 0; g < model.groups.size(); ++g) {
    const CreditGroupFigures& f = lender_.figures(g);
    CreditGroupSample c;
    c.approvals = f.approvals;
    c.explored = f.explored;
    c.denials = f.denials;
    c.unscored = f.unscored;
    c.repaid = f.repaid;
    c.defaulted = f.defaulted;
    c.missed = f.missed;
    c.approval_rate_permille = lender_.approval_rate_permille(g);
    if (members[g] > 0) {
      c.mean_score = scores[g] / members[g];
      c.true_repay_permille = truth[g] / members[g] / 1000;
      score_min = std::min(score_min, c.mean_score);
      score_max = std::max(score_max, c.mean_score);
    }
    if (view != nullptr) c.group_rate_permille = use_group ? view->group_rate_permille(g) : view->pooled_rate_permille();
    // A group that has not been decided on yet has no approval rate to compare.
    if (f.approvals + f.denials > 0) {
      rate_min = std::min<std::uint64_t>(rate_min, c.approval_rate_permille);
      rate_max = std::max<std::uint64_t>(rate_max, c.approval_rate_permille);
    }
    s.credit_groups.push_back(c);
  }
  s.credit_score_gap = view != nullptr && score_max >= score_min ? score_max - score_min : 0;
  s.credit_approval_rate_gap_permille = rate_max >= rate_min ? rate_max - rate_min : 0;
}

MetricsSample World::sample_at(sim::Tick tick, bool audit) const {
  SIM_ASSERT(tick >= now_);
  MetricsSample s;
  s.tick = tick;
  s.log_end_offset = log_.end_offset().value;
  for (const Client& c : clients_) {
    s.requests_sent += c.counters().requests_made;
    s.retries_sent += c.counters().retries_sent;
    s.requests_given_up += c.counters().given_up;
  }
  const FrontDoorCounters& f = front_door_.counters();
  s.requests_accepted = f.accepted;
  s.duplicates_absorbed = f.duplicates_absorbed;
  s.requests_rejected = f.rejected_invalid + f.rejected_key_reused + f.rejected_log_unavailable;
  s.duplicate_effects = counters_.duplicate_effects;
  s.messages_lost = counters_.messages_lost;
  for (const Reader& r : readers_) {
    s.reads += r.counters().reads;
    s.stale_reads += r.counters().stale_reads;
    s.read_path_cost += r.counters().cost;
  }
  const LedgerCounters& ledger = ledger_.counters();
  s.faults_injected = ledger.injected;
  s.faults_detected = ledger.detected;
  s.faults_repaired = ledger.repaired;
  s.false_alarms = ledger.false_alarms;
  s.detect_ticks_max = ledger.detect_ticks_max;
  s.records_lost = auditor_state_.reported_lost.size();
  s.acknowledged_writes_lost = auditor_state_.reported_ack_lost.size();
  s.violations = violations_total_;
  s.audits = auditor_state_.audits;
  s.subjects_erased = privacy_.subjects_erased();
  s.keys_destroyed = privacy_.keys().destroyed_count();
  for (AccountId a = 0; a < privacy_.subject_count(); ++a) s.marketing_consents += privacy_.consents(a, Purpose::marketing) ? 1 : 0;
  s.memos_not_collected = front_door_.counters().memos_not_collected;
  s.backups = backups_.size();
  s.breaches = breaches_total_;
  if (!breaches_.empty()) {
    s.breach_items_leaked = breaches_.back().items_leaked;
    s.breach_subjects_leaked = breaches_.back().subjects_leaked;
  }
  sample_credit(s);
  for (const Deriver& d : derivers_) {
    s.write_path_cost += d.stats().records_applied_total;
    DeriverSample ds;
    ds.offset = d.position().value;
    ds.checkpoint = d.checkpoint().value;
    ds.lag_records = d.lag_records(log_.end_offset());
    ds.lag_ticks = d.lag_ticks(tick, log_);
    ds.down = d.down();
    ds.stuck = d.stuck();
    s.derivers.push_back(ds);
  }
  if (!audit) return s;

  s.audited = true;
  const Forgotten forgotten = privacy_.forgotten();
  for (const PrivacyFinding& finding : privacy_findings()) {
    ++(finding.kind == ViolationKind::consent_ignored ? s.consent_violations : s.erasure_violations);
  }
  s.views_match_log = true;
  s.money_conserved = true;
  std::int64_t truth_total = 0;
  for (std::int64_t b : true_balances_) truth_total += b;
  s.money_conserved = truth_total == opening_total_;
  for (std::size_t i = 0; i < derivers_.size(); ++i) {
    const View& view = derivers_[i].view();
    const Offset through = applied_through(view);
    if (kind_of(view) == ViewKind::cache) {
      // A cache is judged against the view it fronts once both have read the whole log: before
      // that a difference is lag (timeliness), which heals; after it, it is corruption.
      const int b = serving_[std::size_t(ViewKind::balances)];
      const bool settled = b >= 0 && through == log_.end_offset() &&
                           applied_through(derivers_[std::size_t(b)].view()) == log_.end_offset();
      s.derivers[i].matches_log =
          !settled ||
          stale_entries(std::get<CacheView>(view), std::get<BalancesView>(derivers_[std::size_t(b)].view())).empty();
    } else {
      const View fresh = fold_like(view, log_, options_.accounts, through, nullptr, &privacy_.keys());
      s.derivers[i].matches_log = !first_difference_forgetting(view, fresh, options_.accounts, forgotten).has_value();
    }
    s.views_match_log = s.views_match_log && s.derivers[i].matches_log;
    if (kind_of(view) == ViewKind::balances && std::get<BalancesView>(view).total_cents() != opening_total_) {
      s.money_conserved = false;
    }
  }
  for (std::size_t i = 0; i < derivers_.size(); ++i) {
    const View& view = derivers_[i].view();
    if (kind_of(view) != ViewKind::balances || applied_through(view) != log_.end_offset()) continue;
    for (AccountId a = 0; a < true_balances_.size(); ++a) {
      s.wrong_balances += std::get<BalancesView>(view).balance_cents(a) != true_balances_[a] ? 1 : 0;
    }
  }
  if (options_.front_door.writes == WriteMode::dual_writes) {
    for (const BalancesView* store : {&stores_.database, &stores_.search_index}) {
      if (store->total_cents() != opening_total_) s.money_conserved = false;
    }
    for (AccountId a = 0; a < options_.accounts.size(); ++a) {
      const bool same = stores_.database.balance_cents(a) == stores_.search_index.balance_cents(a) &&
                        stores_.database.display_name(a) == stores_.search_index.display_name(a);
      s.dual_write_divergent_accounts += same ? 0 : 1;
    }
  }
  return s;
}

const char* World::reject_reason(const Command& command) const {
  auto client_ok = [&]() -> const char* {
    if (command.target >= clients_.size()) return "no client with that index";
    if (clients_[command.target].busy()) return "that client has too many requests awaiting an answer";
    return nullptr;
  };
  auto deriver_ok = [&]() -> const char* {
    return command.target < derivers_.size() ? nullptr : "no deriver with that index";
  };
  switch (command.kind) {
    case CommandKind::client_send_now:
    case CommandKind::double_submit: return client_ok();
    case CommandKind::submit: {
      if (const char* why = client_ok()) return why;
      if (command.argument >= options_.accounts.size()) return "no account with that index";
      if (command.argument == clients_[command.target].options().from_accounts.front()) return "a client cannot pay itself";
      if (command.amount < 1 || command.amount > ClientOptions::amount_cents_limit) return "amount out of range";
      if (command.text.size() > DomainEvent::request_id_bytes_max) return "request ID too long";
      if (command.count < 1 || command.count > 2) return "clicks must be 1 or 2";
      return nullptr;
    }
    case CommandKind::corrupt_record:
      if (Offset{command.target} >= log_.end_offset()) return "no record at that offset yet";
      return log_.holds_copy(log_.leader(), Offset{command.target}) ? nullptr
                                                                   : "the replica reads come from holds no copy of that record";
    case CommandKind::crash_front_door: return front_door_.down() ? "the front door is already down" : nullptr;
    case CommandKind::crash_deriver:
      if (const char* why = deriver_ok()) return why;
      return derivers_[command.target].down() ? "that deriver is already down" : nullptr;
    case CommandKind::start_deriver:
      if (const char* why = deriver_ok()) return why;
      return deriver_deployed_[command.target] ? "that deriver is already running" : nullptr;
    case CommandKind::switch_reads:
      if (const char* why = deriver_ok()) return why;
      return deriver_deployed_[command.target] ? nullptr : "that deriver has not been started";
    case CommandKind::inject_fault: {
      if (command.target >= log_.replica_count()) return "no log replica with that index";
      if (command.count > std::uint32_t(DiskFault::misdirected_read)) return "unknown fault class";
      const auto fault = DiskFault(command.count);
      if (fault == DiskFault::torn_write) return "a torn write happens at a crash: use crash_replica with torn";
      if (fault == DiskFault::lost_write || fault == DiskFault::misdirected_write) return nullptr;  // next append
      return log_.holds_copy(std::uint32_t(command.target), Offset{command.argument}) ? nullptr
                                                                                      : "that replica holds no record at that offset";
    }
    case CommandKind::crash_replica:
      if (command.target >= log_.replica_count()) return "no log replica with that index";
      return log_.replica_up(std::uint32_t(command.target)) ? nullptr : "that replica is already down";
    case CommandKind::audit: return nullptr;
    case CommandKind::script_choose:
    case CommandKind::script_continue: return "a script command is for the session, not the world";
    case CommandKind::give_consent:
    case CommandKind::withdraw_consent:
    case CommandKind::request_erasure:
    case CommandKind::backup:
    case CommandKind::breach:
    case CommandKind::set_retention:
    case CommandKind::set_minimise: return privacy_reject_reason(command);
    case CommandKind::set_credit_policy:
      if (!options_.credit.enabled()) return "there is no lender in this world (no credit applicants)";
      return policy_reject_reason(command.target, command.argument);
  }
  return "unknown command kind";
}

const char* World::privacy_reject_reason(const Command& command) const {
  if (options_.front_door.writes != WriteMode::log) return "privacy needs the log (front_door.writes = log)";
  // Consent and erasure are appended by the front door, like any request.
  auto can_append = [&]() -> const char* {
    if (front_door_.down()) return "the front door is down";
    if (log_.running_replicas() < log_.options().ack_replicas) return "too few log replicas are up to acknowledge";
    return nullptr;
  };
  auto subject_ok = [&]() -> const char* {
    if (command.target >= options_.accounts.size()) return "no account with that index";
    return privacy_.subject(AccountId(command.target)).erased ? "that subject has been erased" : nullptr;
  };
  const bool purpose_ok = command.argument == std::uint64_t(Purpose::marketing) ||
                          command.argument == std::uint64_t(Purpose::analytics);
  switch (command.kind) {
    case CommandKind::give_consent:
      if (const char* why = subject_ok()) return why;
      if (!purpose_ok) return "unknown purpose";
      if (command.text.size() > DomainEvent::text_bytes_max) return "contact address too long";
      return can_append();
    case CommandKind::withdraw_consent:
      if (const char* why = subject_ok()) return why;
      if (!purpose_ok) return "unknown purpose";
      if (!privacy_.consents(AccountId(command.target), Purpose(command.argument))) return "that subject does not consent to that purpose";
      return can_append();
    case CommandKind::request_erasure:
      if (const char* why = subject_ok()) return why;
      return can_append();
    case CommandKind::backup:
      if (command.target >= derivers_.size()) return "no deriver with that index";
      if (!deriver_deployed_[command.target]) return "that deriver has not been started";
      return backups_.size() >= backups_max ? "no room for another backup" : nullptr;
    case CommandKind::breach:
      return command.argument <= std::uint64_t(BreachScope::disks_and_keys) ? nullptr : "unknown breach scope";
    case CommandKind::set_retention:
      if (!options_.privacy.crypto_shredding) return "retention works by destroying keys: it needs crypto-shredding";
      return command.argument <= PrivacyOptions::retention_ticks_max ? nullptr : "retention out of range";
    case CommandKind::set_minimise: return command.argument <= 1 ? nullptr : "expected 0 (off) or 1 (on)";
    default: break;
  }
  return "not a privacy command";
}

void World::apply(const Command& command) {
  SIM_ASSERT(command.at == now_);
  SIM_ASSERT(reject_reason(command) == nullptr);
  record(TraceKind::command_applied, std::uint32_t(command.kind), command.target, command.argument);
  const auto target = std::uint32_t(command.target);
  switch (command.kind) {
    case CommandKind::client_send_now:
    case CommandKind::double_submit: {
      const std::uint64_t local = clients_[target].new_request(now_, next_intent_++);
      start_request(target, local, command.kind == CommandKind::double_submit ? 2 : 1);
      return;
    }
    case CommandKind::submit: {
      DomainEvent op;
      op.kind = DomainEventKind::transfer;
      op.account = clients_[target].options().from_accounts.front();
      op.to = AccountId(command.argument);
      op.amount_cents = command.amount;
      op.request_id = command.text;
      op.intent = next_intent_++;
      const std::uint64_t local = clients_[target].new_request(now_, std::move(op));
      start_request(target, local, command.count);
      return;
    }
    case CommandKind::corrupt_record: {
      const std::uint64_t bits = std::uint64_t(log_.stored_size(Offset{command.target})) * 8;
      const std::uint64_t bit = command.argument % bits;
      log_.disk_for_fault_injection(log_.leader()).flip_bit(log_.disk_position(Offset{command.target}) + bit / 8,
                                                            std::uint8_t(bit % 8));
      ledger_.take_new_faults(log_, now_);
      return;
    }
    case CommandKind::crash_front_door: {
      record(TraceKind::front_door_crashed, 0, front_door_.idempotency_table().size(), 0);
      front_door_.crash();
      schedule(now_ + options_.front_door.restart_ticks, EventKind::front_door_restart);
      return;
    }
    case CommandKind::crash_deriver: {
      Deriver& d = derivers_[target];
      record(TraceKind::deriver_crashed, target, d.position().value, d.checkpoint().value);
      d.crash(now_);
      schedule(now_ + d.options().restart_ticks, EventKind::deriver_restart, target);
      return;
    }
    case CommandKind::start_deriver: {
      deriver_deployed_[target] = true;
      deriver_scheduled_[target] = true;
      schedule(now_, EventKind::deriver_wake, target);
      return;
    }
    case CommandKind::switch_reads: {
      serving_[std::size_t(derivers_[target].options().view)] = int(target);
      return;
    }
    case CommandKind::inject_fault: {
      Disk& disk = log_.disk_for_fault_injection(target);
      const auto fault = DiskFault(command.count);
      if (fault == DiskFault::lost_write || fault == DiskFault::misdirected_write) {
        disk.arm(fault);
      } else {
        const Offset o{command.argument};
        // Strike the payload's amount field (its sixth byte), where a flipped bit changes what
        // the record means without making it undecodable: the most dangerous corruption.
        const auto copy = log_.read_copy(target, o);
        const std::uint64_t body = EventLog::header_bytes + (copy.ok() ? copy.value().key.size() + 5 : 3);
        const std::uint64_t at = log_.disk_position(o) + std::min<std::uint64_t>(body, log_.stored_size(o) - 1);
        if (fault == DiskFault::bit_rot) disk.flip_bit(at, 2);
        if (fault == DiskFault::latent_sector_error) disk.make_sector_error(at);
        if (fault == DiskFault::misdirected_read) disk.misdirect_reads(at);
      }
      ledger_.take_new_faults(log_, now_);
      return;
    }
    case CommandKind::crash_replica: {
      log_.crash_replica(target, command.count != 0);
      record(TraceKind::replica_crashed, target, command.count != 0 ? 1 : 0, 0);
      ledger_.take_new_faults(log_, now_);
      schedule(now_ + log_.options().restart_ticks, EventKind::replica_restart, target);
      return;
    }
    case CommandKind::audit: run_audit(); return;
    case CommandKind::script_choose:
    case CommandKind::script_continue: break;  // reject_reason refuses them
    case CommandKind::give_consent:
    case CommandKind::withdraw_consent: {
      DomainEvent e;
      e.kind = command.kind == CommandKind::give_consent ? DomainEventKind::consent_given : DomainEventKind::consent_withdrawn;
      e.account = AccountId(target);
      e.purpose = Purpose(command.argument);
      if (command.kind == CommandKind::give_consent) {
        e.text = command.text.empty() ? options_.accounts[target].name + "@mail.example" : command.text;
      }
      const bool appended = append_privacy_event(std::move(e));
      SIM_ASSERT(appended);  // reject_reason checked that the log can acknowledge
      return;
    }
    case CommandKind::request_erasure: {
      DomainEvent e;
      e.kind = DomainEventKind::erasure_requested;
      e.account = AccountId(target);
      const bool appended = append_privacy_event(std::move(e));
      SIM_ASSERT(appended);
      SIM_ASSERT(privacy_.subject(AccountId(target)).erased);
      return;
    }
    case CommandKind::backup: {
      const Deriver& d = derivers_[target];
      const bool sealed = options_.privacy.backups_sealed;
      backups_.push_back(Backup{target, d.options().name + " @ tick " + std::to_string(now_.value), now_,
                                applied_through(d.view()), sealed, d.view()});
      record(TraceKind::backup_taken, target, backups_.size() - 1, sealed ? 1 : 0);
      SIM_ASSERT(backups_.size() <= backups_max);
      return;
    }
    case CommandKind::breach: {
      note_log_passes(1);
      BreachReport report = assess_breach(now_, BreachScope(command.argument), log_, privacy_.keys(), derivers_, backups_,
                                          front_door_.counters().memos_not_collected);
      record(TraceKind::breach_assessed, std::uint32_t(command.argument), report.items_leaked, report.subjects_leaked);
      breaches_.push_back(std::move(report));
      ++breaches_total_;
      if (breaches_.size() > WorldOptions::breaches_max) breaches_.erase(breaches_.begin());
      return;
    }
    case CommandKind::set_retention: {
      privacy_.set_retention_ticks(command.argument);
      ++retention_generation_;  // a retention_due already on the agenda is now stale
      if (command.argument > 0) sweep_retention();  // a shorter window takes effect at once
      schedule_retention();
      return;
    }
    case CommandKind::set_minimise: privacy_.set_minimise(command.argument != 0); return;
    case CommandKind::set_credit_policy: lender_.set_policy(PolicyKnob(command.target), command.argument); return;
  }
  SIM_ASSERT(false && "unhandled command kind");
}

void World::note_log_passes(std::uint64_t passes) {
  SIM_ASSERT(passes >= 1);
  SIM_ASSERT(passes <= EventLogOptions::replicas_max + WorldOptions::derivers_max + 1);
  log_pass_records_ += passes * log_.end_offset().value;
}

void World::record(TraceKind kind, std::uint32_t subject, std::uint64_t a, std::uint64_t b) {
  trace_.record(now_, std::uint16_t(kind), subject, a, b);
}

}  // namespace io::model
