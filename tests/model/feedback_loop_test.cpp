// The predictive feedback loop (credit scores, the lender, the borrowers' ground truth): the view
// is a pure fold of the log like every other view, and the loop it closes amplifies a biased
// prior unless a mitigation breaks it.

#include <doctest/doctest.h>

#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "model/borrowers.h"
#include "model/domain_event.h"
#include "model/event_log.h"
#include "model/lender.h"
#include "model/metric_fields.h"
#include "model/views/credit_scores_view.h"
#include "model/views/view.h"
#include "model/world.h"
#include "scenario/load.h"
#include "scenario/session.h"
#include "../scenario_fixtures.h"

using namespace io::model;
using io::sim::Offset;
using io::sim::Tick;

namespace {

AccountTable four_accounts() { return {{"ann", 0}, {"bo", 0}, {"cy", 0}, {"di", 0}}; }

// ann and bo live in north, cy and di in south; the history says north repays 90 %, south 60 %.
CreditModel two_groups() {
  CreditModel m;
  m.groups = {{"north", 90, 10}, {"south", 60, 40}};
  m.applicants = {{0, 0}, {1, 0}, {2, 1}, {3, 1}};
  m.prior_weight_loans = 10;
  m.record_window = 4;
  return m;
}

DomainEvent loan(DomainEventKind kind, AccountId account, LoanVerdict verdict, std::uint16_t score = 0) {
  DomainEvent e;
  e.kind = kind;
  e.account = account;
  e.amount_cents = 100'000;
  e.verdict = verdict;
  e.score = score;
  return e;
}
DomainEvent decided(AccountId a, LoanVerdict v, std::uint16_t score) { return loan(DomainEventKind::loan_decided, a, v, score); }
DomainEvent ended(AccountId a, LoanVerdict v) { return loan(DomainEventKind::loan_outcome, a, v); }

// A deterministic mix of every loan record, plus a transfer the view must pass over.
std::vector<DomainEvent> loan_history(int n) {
  std::vector<DomainEvent> events;
  const LoanVerdict decisions[] = {LoanVerdict::approved, LoanVerdict::denied, LoanVerdict::explored};
  const LoanVerdict outcomes[] = {LoanVerdict::repaid, LoanVerdict::repaid, LoanVerdict::defaulted,
                                  LoanVerdict::missed_elsewhere, LoanVerdict::repaid};
  for (int i = 0; i < n; ++i) {
    const auto a = AccountId(i % 4);
    events.push_back(decided(a, decisions[i % 3], std::uint16_t((i * 131) % 1001)));
    events.push_back(ended(a, outcomes[(i * 7) % 5]));
    if (i % 9 == 4) {
      DomainEvent t;
      t.kind = DomainEventKind::transfer;
      t.account = 0;
      t.to = 1;
      t.amount_cents = 5;
      events.push_back(t);
    }
  }
  return events;
}

EventLog log_of(const std::vector<DomainEvent>& events) {
  EventLog log;
  for (std::size_t i = 0; i < events.size(); ++i) log.append(Tick{i}, "loan", encode(events[i]));
  return log;
}

}  // namespace

TEST_CASE("feedback: loan events encode their verdict and score, and decoding refuses a verdict of the wrong kind") {
  for (const DomainEvent& e : {decided(2, LoanVerdict::explored, 431), ended(3, LoanVerdict::missed_elsewhere),
                               decided(0, LoanVerdict::denied, 0), ended(1, LoanVerdict::repaid)}) {
    const auto back = decode(encode(e));
    REQUIRE(back.has_value());
    CHECK(*back == e);
  }
  std::string bytes = encode(decided(0, LoanVerdict::approved, 1000));
  bytes[bytes.size() - 3] = char(LoanVerdict::repaid);  // a decision cannot say "repaid"
  CHECK_FALSE(decode(bytes).has_value());
  bytes = encode(decided(0, LoanVerdict::approved, 1000));
  bytes[bytes.size() - 2] = char(0xE9);  // score 1001
  bytes[bytes.size() - 1] = char(0x03);
  CHECK_FALSE(decode(bytes).has_value());
  CHECK(describe(decided(2, LoanVerdict::explored, 431), four_accounts()) == "loan explored: cy 1000.00 at score 431");
}

TEST_CASE("feedback: a score blends the group's record with the applicant's own recent outcomes") {
  CreditScoresView v(two_groups(), four_accounts());
  // No records yet: everyone scores their group's historical rate.
  CHECK(v.group_rate_permille(0) == 900);
  CHECK(v.group_rate_permille(1) == 600);
  CHECK(v.pooled_rate_permille() == 750);
  CHECK(v.score(0, true) == 900);
  CHECK(v.score(2, true) == 600);
  CHECK(v.score(2, false) == 750);

  // cy repays twice: south's record becomes 62/102, cy's own 2 of 2.
  CHECK(v.apply(Offset{0}, ended(2, LoanVerdict::repaid)));
  CHECK(v.apply(Offset{1}, ended(2, LoanVerdict::repaid)));
  CHECK(v.group_rate_permille(1) == 1000 * 62 / 102);
  CHECK(v.score(2, true) == (10 * (1000 * 62 / 102) + 2000) / 12);
  // di misses a payment elsewhere: it counts against di and against south.
  CHECK(v.apply(Offset{2}, ended(3, LoanVerdict::missed_elsewhere)));
  CHECK(v.group_rate_permille(1) == 1000 * 62 / 103);
  CHECK(v.score(3, true) == (10 * (1000 * 62 / 103)) / 11);
  CHECK(v.record(3).missed == 1);

  // The window keeps the last four outcomes only: five repayments later, ann's default is gone.
  CHECK(v.apply(Offset{3}, ended(0, LoanVerdict::defaulted)));
  for (std::uint64_t o = 4; o < 8; ++o) CHECK(v.apply(Offset{o}, ended(0, LoanVerdict::repaid)));
  CHECK(v.record(0).recent_count == 4);
  CHECK(v.record(0).recent_bits == 0b1111);
  CHECK(v.record(0).defaulted == 1);

  // Loan records about someone who is not an applicant, or with a verdict of the wrong kind, are refused.
  CreditModel m = two_groups();
  m.applicants.pop_back();
  CreditScoresView w(m, four_accounts());
  CHECK_FALSE(w.apply(Offset{0}, ended(3, LoanVerdict::repaid)));
  CHECK_FALSE(w.apply(Offset{1}, decided(0, LoanVerdict::repaid, 10)));
  CHECK(w.applied_through() == Offset{2});
}

TEST_CASE("feedback: the credit view equals a fresh fold of the log, and the auditor's check sees a difference") {
  const auto accounts = four_accounts();
  const auto events = loan_history(60);
  const EventLog log = log_of(events);
  for (DeriverLogic logic : {DeriverLogic::v1, DeriverLogic::v2}) {
    View incremental = make_view(ViewKind::credit_scores, logic, accounts, {}, two_groups());
    for (std::size_t i = 0; i < events.size(); ++i) apply_record(incremental, Offset{i}, events[i], ApplyMode::idempotent);
    FoldStats stats;
    const View fresh = fold_like(incremental, log, accounts, log.end_offset(), &stats);
    CHECK(kind_of(fresh) == ViewKind::credit_scores);
    CHECK(std::get<CreditScoresView>(fresh).model() == two_groups());
    CHECK(stats.records_rejected == 0);
    CHECK_FALSE(first_difference(incremental, fresh, accounts).has_value());

    // A record applied twice (naive redelivery) is a difference the auditor can name.
    View doubled = incremental;
    apply_record(doubled, Offset{events.size() - 1}, events.back(), ApplyMode::naive);
    const auto why = first_difference(doubled, fresh, accounts);
    REQUIRE(why.has_value());
    CHECK(why->find("credit record of") != std::string::npos);
  }
  // v2 keeps missed payments out of the scores: the same log folds to different scores.
  const View v1 = fold_like(make_view(ViewKind::credit_scores, DeriverLogic::v1, accounts, {}, two_groups()), log,
                            accounts, log.end_offset());
  const View v2 = fold_like(make_view(ViewKind::credit_scores, DeriverLogic::v2, accounts, {}, two_groups()), log,
                            accounts, log.end_offset());
  const auto& a = std::get<CreditScoresView>(v1);
  const auto& b = std::get<CreditScoresView>(v2);
  CHECK(a.record(3).missed == b.record(3).missed);
  CHECK(a.record(3).missed > 0);
  CHECK(b.group_rate_permille(1) > a.group_rate_permille(1));
  CHECK(summary(v1, accounts).find("4 applicants in 2 groups") != std::string::npos);
}

TEST_CASE("feedback: the lender approves at the threshold, explores below it, and keeps its books per group") {
  LenderOptions o;
  o.policy.threshold_permille = 700;
  o.recent_decisions = 4;
  Lender lender(o, {0, 0, 1, 1}, 2, 42);
  CHECK(lender.decide(700) == LoanVerdict::approved);
  CHECK(lender.decide(699) == LoanVerdict::denied);  // no exploration: never approved below
  lender.set_policy(PolicyKnob::exploration, io::sim::ppm_one);
  CHECK(lender.decide(0) == LoanVerdict::explored);

  lender.booked(Tick{1}, 0, LoanVerdict::approved, 800, Offset{5});
  CHECK_FALSE(lender.may_apply(0));
  lender.booked(Tick{1}, 2, LoanVerdict::denied, 600, Offset{6});
  lender.booked(Tick{1}, 3, LoanVerdict::explored, 600, Offset{7});
  CHECK(lender.figures(0).approvals == 1);
  CHECK(lender.figures(1).approvals == 1);
  CHECK(lender.figures(1).explored == 1);
  CHECK(lender.figures(1).denials == 1);
  CHECK(lender.approval_rate_permille(1) == 500);
  lender.ended(0, LoanVerdict::repaid);
  CHECK(lender.may_apply(0));
  CHECK(lender.figures(0).repaid == 1);
  // The recent window forgets: four denials in south push the approval out.
  for (int i = 0; i < 4; ++i) lender.booked(Tick{2}, 2, LoanVerdict::denied, 500, Offset{8});
  CHECK(lender.approval_rate_permille(1) == 0);
  CHECK(lender.decisions().size() == 7);
  CHECK(lender.decisions().front().offset == Offset{5});

  CHECK(policy_reject_reason(std::uint64_t(PolicyKnob::threshold), 1001) != nullptr);
  CHECK(policy_reject_reason(std::uint64_t(PolicyKnob::use_group), 2) != nullptr);
  CHECK(policy_reject_reason(7, 0) != nullptr);
  CHECK(policy_reject_reason(std::uint64_t(PolicyKnob::exploration), io::sim::ppm_one) == nullptr);
}

TEST_CASE("feedback: borrowers repay at their true rate, from their own streams") {
  BorrowersOptions o;
  o.repay_ppm = {850'000, 850'000};
  o.denial_harm_ppm = 200'000;
  Borrowers b(o, {1, 2});
  int repaid = 0, harmed = 0;
  for (int i = 0; i < 10'000; ++i) {
    repaid += b.repays(0) ? 1 : 0;
    harmed += b.harmed_by_denial(1) ? 1 : 0;
  }
  // Binomial(10000, 0.85) lies within 8300..8700 with overwhelming probability; for 0.2, 1800..2200.
  CHECK(repaid > 8300);
  CHECK(repaid < 8700);
  CHECK(harmed > 1800);
  CHECK(harmed < 2200);
  // Harm draws do not shift repayment draws: applicant 0's sequence is the same with harm off.
  BorrowersOptions calm = o;
  calm.denial_harm_ppm = 0;
  Borrowers x(o, {1, 2}), y(calm, {1, 2});
  for (int i = 0; i < 100; ++i) {
    x.harmed_by_denial(0);
    CHECK(x.repays(0) == y.repays(0));
  }
}

// ---------------------------------------------------------------------------------------------
// The loop in a World: a lender, twenty applicants with one true repayment rate, and a history
// that rates south lower than north.

namespace {

struct Lesson {
  std::uint32_t exploration_ppm = 0;
  bool use_group = true;
  std::string logic = "v1";
  std::uint32_t denial_harm_ppm = 200'000;
  std::uint64_t ticks = 1200;
  std::string schedule = "[]";
};

// The lesson's world as a scenario file: the loader builds it, as it does for a teacher's file.
std::string lesson_json(const Lesson& p) {
  const char* north[] = {"ann", "ben", "cat", "dan", "eve", "fay", "gus", "hal", "ida", "jon"};
  const char* south[] = {"pia", "quin", "rex", "sam", "tia", "uma", "vic", "wes", "xia", "yan"};
  std::string accounts, applicants;
  for (int g = 0; g < 2; ++g) {
    for (const char* name : g == 0 ? north : south) {
      accounts += std::string(accounts.empty() ? "" : ", ") + "{\"name\": \"" + name + "\"}";
      applicants += std::string(applicants.empty() ? "" : ", ") + "{\"account\": \"" + name + "\", \"group\": \"" +
                    (g == 0 ? "north" : "south") + "\", \"repay_ppm\": 850000}";
    }
  }
  return R"({"format_version": 1, "title": "feedback loop", "seed": 1, "ticks": )" + std::to_string(p.ticks) +
         R"(, "accounts": [)" + accounts + R"(],
    "clients": [{"name": "idle", "from": ["ann"], "to": ["pia"], "start_tick": 100000000}],
    "derivers": [{"name": "scores", "view": "credit_scores", "logic": ")" + p.logic + R"(", "batch_records": 50}],
    "credit": {
      "groups": [{"name": "north", "history_repaid": 170, "history_defaulted": 30},
                 {"name": "south", "history_repaid": 124, "history_defaulted": 76}],
      "applicants": [)" + applicants + R"(],
      "prior_weight_loans": 16, "record_window": 8, "history_loans": 4, "denial_harm_ppm": )" +
         std::to_string(p.denial_harm_ppm) + R"(,
      "lender": {"threshold_permille": 680, "exploration_ppm": )" + std::to_string(p.exploration_ppm) +
         R"(, "use_group": )" + (p.use_group ? "true" : "false") + R"(,
                 "round_interval_ticks": 20, "loan_ticks": 10, "recent_decisions": 30}},
    "schedule": )" + p.schedule + "}";
}

io::scenario::Scenario lesson(const Lesson& p = {}) { return io::testing::parsed(lesson_json(p), "feedback.json"); }

// The approval-rate gap (north minus south, per mille of the decisions made in the window) and the
// mean score gap over the samples of the first and the last third of a run.
struct Gaps {
  std::int64_t early_approval = 0, late_approval = 0, early_score = 0, late_score = 0;
  bool grew() const { return late_approval > early_approval && late_score > early_score; }
};

Gaps gaps_of(const World& w) {
  const auto& s = w.samples();
  REQUIRE(s.size() >= 30);
  const std::size_t third = s.size() / 3;
  auto window = [&](std::size_t from, std::size_t to) {
    std::int64_t rate[2];
    for (int g = 0; g < 2; ++g) {
      const auto& a = s[from].credit_groups[g];
      const auto& b = s[to - 1].credit_groups[g];
      const std::int64_t approved = std::int64_t(b.approvals - a.approvals);
      const std::int64_t decided = approved + std::int64_t(b.denials - a.denials);
      rate[g] = decided == 0 ? 0 : 1000 * approved / decided;
    }
    std::int64_t score = 0;
    for (std::size_t i = from; i < to; ++i) {
      score += std::int64_t(s[i].credit_groups[0].mean_score) - std::int64_t(s[i].credit_groups[1].mean_score);
    }
    return std::pair{rate[0] - rate[1], score / std::int64_t(to - from)};
  };
  Gaps g;
  std::tie(g.early_approval, g.early_score) = window(0, third);
  std::tie(g.late_approval, g.late_score) = window(s.size() - third, s.size());
  return g;
}

Gaps run_gaps(const io::scenario::Scenario& sc, std::uint64_t seed) {
  io::scenario::Session session(sc, seed);
  session.run_to_end();
  return gaps_of(session.world());
}

}  // namespace

TEST_CASE("feedback: the lender decides on the served view, the log records it all, and the audit agrees") {
  io::scenario::Session s(lesson(), 7);
  const io::model::MetricsSample m = io::testing::finish(s);
  const World& w = s.world();
  CHECK(m.views_match_log);
  CHECK(m.derivers[0].matches_log);
  REQUIRE(m.credit_groups.size() == 2);
  // Both groups repay at the same true rate: whatever separates them is the model.
  CHECK(m.credit_groups[0].true_repay_permille == 850);
  CHECK(m.credit_groups[1].true_repay_permille == 850);
  // 60 rounds of 10 north applicants, each decided once a round (a loan ends before the next).
  CHECK(m.credit_groups[0].approvals + m.credit_groups[0].denials == 600);
  CHECK(m.credit_groups[0].unscored == 0);
  // Every decision, outcome and history record is in the log, and the view has read them all.
  const CreditScoresView* view = w.credit_view();
  REQUIRE(view != nullptr);
  std::uint64_t approved = 0, outcomes = 0;
  for (std::size_t i = 0; i < view->applicant_count(); ++i) {
    approved += view->record(i).approved;
    outcomes += view->record(i).repaid + view->record(i).defaulted + view->record(i).missed;
  }
  CHECK(approved == m.credit_groups[0].approvals + m.credit_groups[1].approvals);
  const std::uint64_t history = 4 * 20;
  CHECK(outcomes == history + m.credit_groups[0].repaid + m.credit_groups[0].defaulted + m.credit_groups[0].missed +
                        m.credit_groups[1].repaid + m.credit_groups[1].defaulted + m.credit_groups[1].missed);
  // The lender's latest decision is the log's record at its offset.
  const LoanDecisionRecord& last = w.lender().decisions().back();
  const auto record = w.log().read(last.offset);
  REQUIRE(record.ok());
  const auto event = decode(record.value().payload);
  REQUIRE(event.has_value());
  CHECK(event->kind == DomainEventKind::loan_decided);
  CHECK(event->verdict == last.verdict);
  CHECK(event->score == last.score);
  // The UI's per-applicant figures: a score from the served view beside the truth.
  const auto applicants = w.credit_applicants();
  REQUIRE(applicants.size() == 20);
  CHECK(applicants[13].score == int(view->score(13, true)));
  CHECK(applicants[13].true_repay_ppm == 850'000);
  // Metric names resolve against the credit groups and read the same figures.
  std::string why;
  const auto ref = resolve_metric("credit/south/approval_rate_permille", w.options(), why);
  REQUIRE(ref.has_value());
  CHECK(metric_value(*ref, m, w) == std::int64_t(m.credit_groups[1].approval_rate_permille));
  const auto gap = resolve_metric("credit_score_gap", w.options(), why);
  REQUIRE(gap.has_value());
  CHECK(metric_value(*gap, m, w) == std::int64_t(m.credit_score_gap));
  CHECK_FALSE(resolve_metric("credit/west/approvals", w.options(), why).has_value());
  CHECK(why.find("no credit group named \"west\"") != std::string::npos);
}

TEST_CASE("feedback: a crashed credit deriver resumes from its checkpoint and its view still equals the log") {
  Lesson p;
  p.schedule = R"([{"tick": 305, "action": "crash_deriver", "deriver": "scores"},
                   {"tick": 700, "action": "audit"}])";
  io::scenario::Session s(lesson(p), 3);
  const io::model::MetricsSample m = io::testing::finish(s);
  CHECK(m.views_match_log);
  CHECK(m.violations == 0);
  CHECK(s.world().derivers()[0].stats().crashes_total == 1);
  CHECK(s.world().derivers()[0].stats().restarts_total == 1);
  // Meanwhile the lender kept reading the view the crashed deriver left behind: stale scores,
  // not missing ones (a derived view outlives the process that maintains it).
  CHECK(m.credit_groups[0].unscored + m.credit_groups[1].unscored == 0);
}

TEST_CASE("feedback: with a biased history and no mitigation, the gaps grow (seed sweep)") {
  // Amplification is a tendency, not a certainty: a lucky run of south repayments early on can
  // hold the gap. In this model it grows in both approvals and scores in about nine runs of ten
  // (179 of seeds 1..200 when this test was written). We require 160: a clear majority, with room
  // for small model changes, and far above what the mitigations below show (about one in eight).
  const auto sc = lesson();
  int grew = 0;
  std::int64_t early = 0, late = 0;
  for (std::uint64_t seed = 1; seed <= 200; ++seed) {
    const Gaps g = run_gaps(sc, seed);
    grew += g.grew() ? 1 : 0;
    early += g.early_approval;
    late += g.late_approval;
  }
  MESSAGE("gaps grew in " << grew << " of 200 seeds; mean approval gap " << early / 200 << " -> " << late / 200);
  CHECK(grew >= 160);
  CHECK(late > early);
}

TEST_CASE("feedback: exploration, dropping the group feature, or reprocessing without the harm stops the growth") {
  Lesson explore, pooled, v2;
  explore.exploration_ppm = 250'000;
  pooled.use_group = false;
  v2.logic = "v2";
  const auto base = lesson();
  for (const auto& [name, p] : {std::pair{"exploration", explore}, std::pair{"no group", pooled}, std::pair{"v2", v2}}) {
    const auto sc = lesson(p);
    int grew = 0;
    std::int64_t base_late = 0, early = 0, late = 0, late_abs = 0;
    for (std::uint64_t seed = 1; seed <= 50; ++seed) {
      const Gaps g = run_gaps(sc, seed);
      grew += g.grew() ? 1 : 0;
      early += g.early_approval;
      late += g.late_approval;
      late_abs += g.late_approval < 0 ? -g.late_approval : g.late_approval;
      base_late += run_gaps(base, seed).late_approval;
    }
    MESSAGE(std::string(name) << ": grew in " << grew << " of 50; mean approval gap " << early / 50 << " -> " << late / 50
                 << " (unmitigated: " << base_late / 50 << ")");
    CHECK(grew <= 20);            // unmitigated: about 45 of 50
    CHECK(late < base_late / 2);  // the late gap is less than half the unmitigated one
    if (std::string(name) == "no group") {
      CHECK(late_abs / 50 < 100);  // the groups are scored alike: no gap to speak of
    } else {
      CHECK(late < early);  // the gap shrinks
    }
  }
}

TEST_CASE("feedback: a credit run is a pure function of (scenario, seed, commands), and a snapshot resumes it") {
  const auto sc = lesson();
  io::scenario::Session a(sc, 11), b(sc, 11), c(sc, 12);
  a.run_to_end();
  b.advance_to(Tick{400});
  const World snapshot = b.world();
  b.run_to_end();
  c.run_to_end();
  CHECK(a.world().trace().hash() == b.world().trace().hash());
  CHECK(a.world().trace().hash() != c.world().trace().hash());
  CHECK(a.world().lender().decisions() == b.world().lender().decisions());
  World resumed = snapshot;
  resumed.advance_to(Tick{sc.ticks});
  CHECK(resumed.trace().hash() == a.world().trace().hash());
}

TEST_CASE("feedback: set_credit_policy turns one knob mid-run, and is refused as a value when it cannot apply") {
  Lesson p;
  p.schedule = R"([{"tick": 600, "action": "set_credit_policy", "use_group": false}])";
  io::scenario::Session s(lesson(p), 5), kept(lesson(), 5);
  s.advance_to(Tick{599});
  CHECK(s.world().lender().policy().use_group);
  s.run_to_end();
  kept.run_to_end();
  CHECK_FALSE(s.world().lender().policy().use_group);
  CHECK(kept.world().lender().policy().use_group);
  // Same seed, same first half; from tick 600 the lender scores south without the group's record
  // and approves south more often than the lender that kept the model.
  const auto changed = s.world().sample(false);
  const auto same = kept.world().sample(false);
  CHECK(changed.credit_groups[1].approvals > same.credit_groups[1].approvals);
  CHECK(changed.credit_score_gap < same.credit_score_gap);

  io::scenario::Session learner(lesson(), 5);
  Command c = Command::of(CommandKind::set_credit_policy, std::uint64_t(PolicyKnob::threshold), 1001);
  CHECK(learner.command(c) != nullptr);
  c.target = 9;
  c.argument = 0;
  CHECK(learner.command(c) != nullptr);
  c = Command::of(CommandKind::set_credit_policy, std::uint64_t(PolicyKnob::exploration), 500'000);
  CHECK(learner.command(c) == nullptr);
  CHECK(learner.world().lender().policy().exploration_ppm == 500'000);

  // A world without a lender refuses the command instead of asserting.
  WorldOptions none;
  none.accounts = {{"a", 0}, {"b", 0}};
  const World empty(none);
  CHECK(std::string(empty.reject_reason(Command::of(CommandKind::set_credit_policy, 0, 500))).find("no lender") !=
        std::string::npos);
  CHECK(empty.sample(false).credit_groups.empty());
  CHECK(empty.credit_view() == nullptr);
}

TEST_CASE("feedback: the loader reports credit mistakes with JSON pointers") {
  auto errors_of = [](const std::string& text) {
    std::string all;
    auto r = io::scenario::parse_scenario(text, "bad.json");
    if (!r.ok()) {
      for (const auto& e : r.error()) all += e.to_string() + "\n";
    }
    return all;
  };
  std::string text = lesson_json({});
  auto replace = [&](std::string from, std::string to) {
    std::string t = text;
    const auto at = t.find(from);
    REQUIRE(at != std::string::npos);
    return t.replace(at, from.size(), to);
  };
  CHECK(errors_of(text).empty());
  CHECK(errors_of(replace("\"group\": \"south\"", "\"group\": \"sout\"")).find("/credit/applicants/10/group: no group named \"sout\"") !=
        std::string::npos);
  CHECK(errors_of(replace("{\"account\": \"pia\"", "{\"account\": \"ann\"")).find("already applies as /credit/applicants/0") !=
        std::string::npos);
  CHECK(errors_of(replace("\"view\": \"credit_scores\"", "\"view\": \"balances\"")).find("at /credit: the lender reads") !=
        std::string::npos);
  CHECK(errors_of(replace("\"threshold_permille\": 680", "\"threshold_permille\": 1680")).find("/credit/lender/threshold_permille") !=
        std::string::npos);
  CHECK(errors_of(replace("\"schedule\": []", R"("schedule": [{"tick": 5, "action": "set_credit_policy", "use_group": false, "exploration_ppm": 5}])"))
            .find("/schedule/0: set_credit_policy expects exactly one") != std::string::npos);
  // A credit_scores view with no /credit to score.
  const std::string no_credit = R"({"format_version": 1, "title": "t", "ticks": 10, "accounts": [{"name": "a"}, {"name": "b"}],
    "clients": [{"name": "c", "from": ["a"], "to": ["b"]}], "derivers": [{"name": "s", "view": "credit_scores"}],
    "schedule": [{"tick": 1, "action": "set_credit_policy", "threshold_permille": 5}]})";
  const std::string e = errors_of(no_credit);
  CHECK(e.find("/derivers/0/view: a credit_scores view scores the applicants of /credit") != std::string::npos);
  CHECK(e.find("/schedule/0/action: set_credit_policy changes the lender's policy") != std::string::npos);
}

TEST_CASE("feedback_loop.json: every step is reached and every check holds, whichever choice the learner makes") {
  auto loaded = io::scenario::load_scenario_file(std::string(INSIDEOUT_SOURCE_DIR) + "/scenarios/feedback_loop.json");
  REQUIRE(loaded.ok());
  const io::scenario::Scenario& sc = loaded.value();
  const auto& steps = sc.script.steps;
  REQUIRE(steps.size() >= 5);
  REQUIRE(steps.size() <= 15);
  std::size_t prompt = steps.size(), predicted = steps.size();
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].ethics) prompt = i;
    if (steps[i].prediction) predicted = i;
  }
  REQUIRE(prompt < steps.size());
  REQUIRE(predicted < steps.size());
  std::vector<std::uint64_t> score_gap;
  for (std::uint32_t choice = 0; choice < steps[prompt].ethics->choices.size(); ++choice) {
    io::scenario::SessionOptions options;
    options.choices = {{prompt, choice}};
    io::scenario::Session s(sc, sc.seed, options);
    s.run_to_end();
    CHECK(s.steps_reached() == steps.size());
    CHECK(s.expectations_met());
    CHECK(s.refused_commands() == 0);
    CHECK(s.progress()[prompt].ethics_choice == int(choice));
    // With the default seed the gap grows before the choice: the first answer is the right one.
    REQUIRE(s.progress()[predicted].prediction_resolved);
    CHECK(s.progress()[predicted].prediction_right[0]);
    CHECK_FALSE(s.progress()[predicted].prediction_right[1]);
    score_gap.push_back(s.world().sample(false).credit_score_gap);
  }
  // The choices change the outcome: every mitigation ends with a smaller gap than keeping the model.
  for (std::size_t c = 1; c < score_gap.size(); ++c) CHECK(score_gap[c] < score_gap[0]);
}
