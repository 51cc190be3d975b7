#include "model/views/view.h"

#include <algorithm>

#include "sim/assert.h"

namespace io::model {

namespace {

std::string quoted_name(AccountId account, const AccountTable& accounts) {
  return "\"" + (account < accounts.size() ? accounts[account].name : "#" + std::to_string(account)) + "\"";
}

// Long postings lists are cut: a sentence is for people, and the first offsets tell the story.
std::string format_postings(const SearchIndexView::Postings& list) {
  constexpr std::size_t shown_max = 8;
  std::string out = "[";
  for (std::size_t i = 0; i < list.size() && i < shown_max; ++i) out += (i ? ", " : "") + std::to_string(list[i]);
  if (list.size() > shown_max) out += ", ... (" + std::to_string(list.size()) + " in all)";
  return out + "]";
}

std::string through(sim::Offset applied_through) {
  return applied_through.value == 0 ? "nothing applied" : "through offset " + std::to_string(applied_through.value - 1);
}

std::optional<std::string> differ(const BalancesView& a, const BalancesView& b, const AccountTable& accounts) {
  if (a.account_count() != b.account_count())
    return "number of accounts: " + std::to_string(a.account_count()) + " vs " + std::to_string(b.account_count());
  for (std::size_t i = 0; i < a.account_count(); ++i) {
    const auto id = AccountId(i);
    if (a.balance_cents(id) != b.balance_cents(id))
      return "balance of " + quoted_name(id, accounts) + ": " + format_cents(a.balance_cents(id)) + " vs " +
             format_cents(b.balance_cents(id));
    if (a.display_name(id) != b.display_name(id))
      return "name of " + quoted_name(id, accounts) + ": \"" + a.display_name(id) + "\" vs \"" + b.display_name(id) + "\"";
  }
  return std::nullopt;
}

std::optional<std::string> differ(const SearchIndexView& a, const SearchIndexView& b, const AccountTable&) {
  // Walk both indexes in word order at once; the first word whose lists differ is reported.
  const auto& x = a.postings();
  const auto& y = b.postings();
  auto i = x.begin();
  auto j = y.begin();
  static const SearchIndexView::Postings none;
  while (i != x.end() || j != y.end()) {
    const bool take_x = j == y.end() || (i != x.end() && i->first <= j->first);
    const bool take_y = i == x.end() || (j != y.end() && j->first <= i->first);
    SIM_ASSERT(take_x || take_y);
    const std::string& word = take_x ? i->first : j->first;
    const auto& left = take_x ? i->second : none;
    const auto& right = take_y ? j->second : none;
    if (left != right)
      return "transfers mentioning \"" + word + "\": " + format_postings(left) + " vs " + format_postings(right);
    if (take_x) ++i;
    if (take_y) ++j;
  }
  return std::nullopt;
}

std::optional<std::string> differ(const CountersView& a, const CountersView& b, const AccountTable& accounts) {
  if (a.account_count() != b.account_count())
    return "number of accounts: " + std::to_string(a.account_count()) + " vs " + std::to_string(b.account_count());
  for (std::size_t i = 0; i < a.account_count(); ++i) {
    const auto id = AccountId(i);
    if (a.count(id) != b.count(id))
      return "count of " + quoted_name(id, accounts) + ": " + std::to_string(a.count(id)) + " vs " +
             std::to_string(b.count(id));
  }
  return std::nullopt;
}

std::optional<std::string> differ(const CacheView&, const CacheView&, const AccountTable&) { return std::nullopt; }

std::optional<std::string> differ(const MarketingView& a, const MarketingView& b, const AccountTable& accounts) {
  auto i = a.entries().begin();
  auto j = b.entries().begin();
  for (; i != a.entries().end() && j != b.entries().end(); ++i, ++j) {
    if (i->first != j->first) {
      const AccountId first = std::min(i->first, j->first);
      return "marketing consent of " + quoted_name(first, accounts) + ": " + (first == i->first ? "listed" : "absent") +
             " vs " + (first == j->first ? "listed" : "absent");
    }
    if (i->second.contact != j->second.contact)
      return "contact of " + quoted_name(i->first, accounts) + ": \"" + i->second.contact + "\" vs \"" +
             j->second.contact + "\"";
  }
  if (i != a.entries().end()) return "marketing consent of " + quoted_name(i->first, accounts) + ": listed vs absent";
  if (j != b.entries().end()) return "marketing consent of " + quoted_name(j->first, accounts) + ": absent vs listed";
  return std::nullopt;
}

std::string describe_record(const ApplicantRecord& r) {
  return std::to_string(r.repaid) + " repaid, " + std::to_string(r.defaulted) + " defaulted, " + std::to_string(r.missed) +
         " missed, " + std::to_string(r.approved) + " approved, " + std::to_string(r.denied) + " denied, recent " +
         std::to_string(r.recent_count) + "/" + std::to_string(r.recent_bits);
}

std::optional<std::string> differ(const CreditScoresView& a, const CreditScoresView& b, const AccountTable& accounts) {
  if (a.model() != b.model()) return std::string("the models differ (groups, applicants or weights)");
  // Group records are sums of applicant records, so comparing applicants covers them.
  for (std::size_t i = 0; i < a.applicant_count(); ++i) {
    if (a.record(i) != b.record(i))
      return "credit record of " + quoted_name(a.model().applicants[i].account, accounts) + ": " +
             describe_record(a.record(i)) + " vs " + describe_record(b.record(i));
  }
  return std::nullopt;
}

}  // namespace

const char* to_string(ApplyOutcome outcome) {
  switch (outcome) {
    case ApplyOutcome::applied: return "applied";
    case ApplyOutcome::skipped: return "skipped";
    case ApplyOutcome::applied_again: return "applied_again";
    case ApplyOutcome::rejected: return "rejected";
  }
  return "unknown";
}

View make_view(ViewKind kind, DeriverLogic logic, const AccountTable& accounts, PrivacyRules rules,
               const CreditModel& credit) {
  SIM_ASSERT(accounts.size() <= accounts_max);
  SIM_ASSERT(logic == DeriverLogic::v1 || logic == DeriverLogic::v2);
  switch (kind) {
    case ViewKind::balances: return BalancesView(accounts, logic);
    case ViewKind::search_index: return SearchIndexView(logic);
    case ViewKind::counters: return CountersView(accounts, logic);
    case ViewKind::cache: return CacheView(logic, CacheView::entries_max, rules);
    case ViewKind::marketing: return MarketingView(logic, rules);
    case ViewKind::credit_scores: return CreditScoresView(credit, accounts, logic);
  }
  SIM_ASSERT(false && "unknown ViewKind");
  return BalancesView(accounts, logic);
}

ViewKind kind_of(const View& view) {
  SIM_ASSERT(!view.valueless_by_exception());
  return ViewKind(view.index());
}

DeriverLogic logic_of(const View& view) {
  return std::visit([](const auto& v) { return v.logic(); }, view);
}

PrivacyRules rules_of(const View& view) {
  if (const auto* v = std::get_if<CacheView>(&view)) return v->rules();
  if (const auto* v = std::get_if<MarketingView>(&view)) return v->rules();
  return PrivacyRules{};
}

namespace {

// What a reader holding `keys` (or none) sees of a decoded event's personal text.
void open_for_reader(DomainEvent& event, const KeyStore* keys) {
  if (!event.sealed) return;
  if (keys != nullptr) {
    keys->open_in_place(event);
    return;
  }
  event.sealed = false;
  event.text.clear();
  event.shredded = true;
}

}  // namespace

std::optional<DomainEvent> read_event(std::string_view payload, const KeyStore* keys) {
  DomainEvent event;
  if (!decode_into(payload, event)) return std::nullopt;
  open_for_reader(event, keys);
  return event;
}

bool read_event_into(std::string_view payload, const KeyStore* keys, DomainEvent& out, KindSet texts) {
  if (!decode_facts_into(payload, out, texts)) return false;
  // A text left out opens as an empty one would: to "" if its key is alive, else shredded.
  open_for_reader(out, keys);
  return true;
}

namespace {

// std::visit for the hot paths: a switch the compiler inlines, where libc++'s visit (WebAssembly)
// calls through a table of function pointers, several times per record applied.
template <typename ViewRef, typename Visitor>
decltype(auto) visit_view(ViewRef& view, Visitor&& visit) {
  switch (view.index()) {
    case 0: return visit(*std::get_if<0>(&view));
    case 1: return visit(*std::get_if<1>(&view));
    case 2: return visit(*std::get_if<2>(&view));
    case 3: return visit(*std::get_if<3>(&view));
    case 4: return visit(*std::get_if<4>(&view));
    case 5: return visit(*std::get_if<5>(&view));
  }
  SIM_ASSERT(false && "a View holds one of its alternatives");
  return visit(*std::get_if<0>(&view));
}
static_assert(std::variant_size_v<View> == 6, "visit_view names every alternative");

}  // namespace

KindSet text_kinds(const View& view) {
  return visit_view(view, [](const auto& v) { return v.text_kinds; });
}

sim::Offset applied_through(const View& view) {
  return visit_view(view, [](const auto& v) { return v.applied_through(); });
}

ApplyOutcome apply_record(View& view, sim::Offset offset, const DomainEvent& event, ApplyMode mode) {
  // One dispatch on the kind for the whole record, not one per look at applied_through.
  return visit_view(view, [&](auto& v) {
    const sim::Offset before = v.applied_through();
    const bool redelivered = offset < before;
    if (redelivered && mode == ApplyMode::idempotent) return ApplyOutcome::skipped;
    const bool accepted = v.apply(offset, event);
    // Processing a record, even a rejected one, moves the view past it and never back.
    SIM_ASSERT(v.applied_through() >= before);
    SIM_ASSERT(v.applied_through() > offset);
    if (!accepted) return ApplyOutcome::rejected;
    return redelivered ? ApplyOutcome::applied_again : ApplyOutcome::applied;
  });
}

void fold_more(View& view, const EventLog& log, sim::Offset from, sim::Offset end, FoldStats* stats,
               const KeyStore* keys, std::vector<std::uint64_t>* unreadable) {
  FoldStats local;
  const FoldJob job{&view, from, end, unreadable, &local};
  fold_more_together(std::span(&job, 1), log, keys);
  SIM_ASSERT(local.records_applied + local.records_rejected + local.records_unreadable + local.records_undecodable ==
             end.value - from.value);
  if (stats) {
    stats->records_applied += local.records_applied;
    stats->records_rejected += local.records_rejected;
    stats->records_unreadable += local.records_unreadable;
    stats->records_undecodable += local.records_undecodable;
  }
}

void fold_more_together(std::span<const FoldJob> jobs, const EventLog& log, const KeyStore* keys) {
  for (const FoldJob& job : jobs) {
    SIM_ASSERT(job.view != nullptr);
    SIM_ASSERT(job.from <= job.end);
    SIM_ASSERT(job.end <= log.end_offset());
    SIM_ASSERT(applied_through(*job.view) <= job.from);
  }
  // One buffer and one event for every record: reading and decoding allocate nothing.
  EventLog::ReadBuffer buffer;
  DomainEvent event;
  // The texts some job's view reads; the others need not be copied.
  KindSet texts = 0;
  for (const FoldJob& job : jobs) texts = KindSet(texts | text_kinds(*job.view));
  std::uint64_t at = 0;
  while (true) {
    // The next offset some job still needs.
    std::uint64_t next = UINT64_MAX;
    for (const FoldJob& job : jobs) {
      if (job.end.value > at) next = std::min(next, std::max(at, job.from.value));
    }
    if (next == UINT64_MAX) break;
    at = next;
    const auto covers = [at](const FoldJob& job) { return job.from.value <= at && at < job.end.value; };
    const auto record = log.read_view(sim::Offset{at}, buffer);
    const bool decoded = record.ok() && read_event_into(record.value().payload, keys, event, texts);
    for (const FoldJob& job : jobs) {
      if (!covers(job)) continue;
      if (!record.ok()) {
        if (job.unreadable) job.unreadable->push_back(at);
        if (job.stats) ++job.stats->records_unreadable;
      } else if (!decoded) {
        if (job.stats) ++job.stats->records_undecodable;
      } else {
        const ApplyOutcome outcome = apply_record(*job.view, sim::Offset{at}, event, ApplyMode::idempotent);
        SIM_ASSERT(outcome == ApplyOutcome::applied || outcome == ApplyOutcome::rejected);  // in order: never a redelivery
        if (job.stats) ++(outcome == ApplyOutcome::applied ? job.stats->records_applied : job.stats->records_rejected);
      }
    }
    ++at;
  }
}

View fold(ViewKind kind, DeriverLogic logic, const EventLog& log, const AccountTable& accounts, sim::Offset end,
          FoldStats* stats, const KeyStore* keys, PrivacyRules rules) {
  View view = make_view(kind, logic, accounts, rules);
  if (stats) *stats = FoldStats{};
  fold_more(view, log, sim::Offset{0}, end, stats, keys);
  return view;
}

View empty_like(const View& like, const AccountTable& accounts) {
  const auto* credit = std::get_if<CreditScoresView>(&like);
  return make_view(kind_of(like), logic_of(like), accounts, rules_of(like), credit ? credit->model() : CreditModel{});
}

bool same_configuration(const View& a, const View& b) {
  if (kind_of(a) != kind_of(b) || logic_of(a) != logic_of(b) || !(rules_of(a) == rules_of(b))) return false;
  const auto* x = std::get_if<CreditScoresView>(&a);
  const auto* y = std::get_if<CreditScoresView>(&b);
  return x == nullptr || x->model() == y->model();
}

View fold_like(const View& like, const EventLog& log, const AccountTable& accounts, sim::Offset end, FoldStats* stats,
               const KeyStore* keys) {
  View view = empty_like(like, accounts);
  if (stats) *stats = FoldStats{};
  fold_more(view, log, sim::Offset{0}, end, stats, keys);
  return view;
}

std::optional<std::string> first_difference(const View& a, const View& b, const AccountTable& accounts) {
  if (a.index() != b.index())
    return std::string("kinds differ: ") + to_string(kind_of(a)) + " vs " + to_string(kind_of(b));
  return std::visit(
      [&](const auto& x) -> std::optional<std::string> {
        using V = std::decay_t<decltype(x)>;
        return differ(x, std::get<V>(b), accounts);
      },
      a);
}

std::string summary(const View& view, const AccountTable& accounts) {
  const std::string head = std::string(to_string(kind_of(view))) + " " + to_string(logic_of(view)) + ": ";
  const std::string tail = ", " + through(applied_through(view));
  if (const auto* v = std::get_if<BalancesView>(&view))
    return head + std::to_string(v->account_count()) + " accounts, total " + format_cents(v->total_cents()) + tail;
  if (const auto* v = std::get_if<SearchIndexView>(&view))
    return head + std::to_string(v->word_count()) + " words, " + std::to_string(v->posting_count()) + " postings" +
           (v->words_dropped() ? ", " + std::to_string(v->words_dropped()) + " words dropped" : "") + tail;
  if (const auto* v = std::get_if<CountersView>(&view)) {
    std::string busiest;
    std::uint64_t best = 0;
    for (std::size_t i = 0; i < v->account_count(); ++i) {
      const auto id = AccountId(i);
      if (v->count(id) > best) {
        best = v->count(id);
        busiest = ", most " + quoted_name(id, accounts) + " (" + std::to_string(best) + ")";
      }
    }
    return head + std::to_string(v->total()) + " counted" + busiest + tail;
  }
  if (const auto* v = std::get_if<MarketingView>(&view)) {
    return head + std::to_string(v->entries().size()) + " subjects consenting" + tail;
  }
  if (const auto* v = std::get_if<CreditScoresView>(&view)) {
    std::uint64_t outcomes = 0;
    for (std::size_t g = 0; g < v->model().groups.size(); ++g) outcomes += v->group_record(g).outcomes;
    return head + std::to_string(v->applicant_count()) + " applicants in " + std::to_string(v->model().groups.size()) +
           " groups, " + std::to_string(outcomes) + " outcomes" + tail;
  }
  const auto& c = std::get<CacheView>(view);
  return head + std::to_string(c.entries().size()) + "/" + std::to_string(c.capacity()) + " entries, " +
         std::to_string(c.hits()) + " hits, " + std::to_string(c.misses()) + " misses, " +
         std::to_string(c.invalidations()) + " invalidations" + tail;
}

}  // namespace io::model
