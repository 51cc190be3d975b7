#pragma once
// A materialized view, any kind: the uniform face the Deriver, the Auditor and the UI use. The
// chapter's two checks live here. First, a view is a pure function of the log: fold() recomputes
// one from offset 0 and first_difference() says where an incrementally maintained view departs
// from it. Second, exactly-once effects: each view stores applied_through, the offset after the
// last record it applied, WITH its data (as a real system commits both in one transaction), so a
// record redelivered after a deriver crash can be recognised and skipped, or, in naive mode,
// applied a second time.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "model/domain_event.h"
#include "model/event_log.h"
#include "model/key_store.h"
#include "model/views/balances_view.h"
#include "model/views/cache_view.h"
#include "model/views/counters_view.h"
#include "model/views/credit_scores_view.h"
#include "model/views/marketing_view.h"
#include "model/views/search_index_view.h"
#include "model/views/view_kind.h"
#include "sim/types.h"

namespace io::model {

// Alternatives in ViewKind's order, so that kind_of() is the variant's index.
using View = std::variant<BalancesView, SearchIndexView, CountersView, CacheView, MarketingView, CreditScoresView>;

// A ViewKind added out of order, or without its view, fails here rather than at run time.
template <ViewKind kind, typename V>
inline constexpr bool view_kind_is = std::is_same_v<std::variant_alternative_t<std::size_t(kind), View>, V>;
static_assert(std::variant_size_v<View> == view_kind_count);
static_assert(view_kind_is<ViewKind::balances, BalancesView>);
static_assert(view_kind_is<ViewKind::search_index, SearchIndexView>);
static_assert(view_kind_is<ViewKind::counters, CountersView>);
static_assert(view_kind_is<ViewKind::cache, CacheView>);
static_assert(view_kind_is<ViewKind::marketing, MarketingView>);
static_assert(view_kind_is<ViewKind::credit_scores, CreditScoresView>);

enum class ApplyOutcome : std::uint8_t {
  applied,        // a record the view had not applied yet
  skipped,        // idempotent mode: offset < applied_through, already reflected in the view
  applied_again,  // naive mode: offset < applied_through, and its effect happened once more
  rejected,       // the event names an unknown account or an impossible amount: no effect
};
const char* to_string(ApplyOutcome outcome);

// An empty view of `kind` maintained by `logic` under `rules`, for the accounts of `accounts`.
// A credit_scores view computes `credit`'s model (ignored by other kinds).
View make_view(ViewKind kind, DeriverLogic logic, const AccountTable& accounts, PrivacyRules rules = {},
               const CreditModel& credit = {});
// Which kind `view` is.
ViewKind kind_of(const View& view);
// Which logic maintains `view`.
DeriverLogic logic_of(const View& view);
// The privacy rules `view` was made with (the defaults for views without personal-data rules).
PrivacyRules rules_of(const View& view);
// The offset after the last record `view` applied (0: none yet).
sim::Offset applied_through(const View& view);

// Applies the record at `offset` holding `event`. A record below applied_through(view) is a
// redelivery: skipped in idempotent mode, applied again in naive mode.
ApplyOutcome apply_record(View& view, sim::Offset offset, const DomainEvent& event, ApplyMode mode);

// What a fold met on its way, besides the records it applied.
struct FoldStats {
  std::uint64_t records_applied = 0;
  std::uint64_t records_rejected = 0;     // read and decoded, but the view refused the event
  std::uint64_t records_unreadable = 0;   // the log could not return them (checksum mismatch...)
  std::uint64_t records_undecodable = 0;  // read fine, but not a DomainEvent
};

// A fresh recomputation: a new view of `kind` with every readable, decodable record of `log` in
// [0, end) applied once, in order. `end` <= log.end_offset(). Records that fail to read or decode
// are skipped and counted in `*stats` if given. To check a deriver's view, fold to its
// applied_through(), not to its position: after a crash the two differ. Sealed personal data is
// read through `keys` (none: every sealed field reads as shredded); `rules` as make_view's.
View fold(ViewKind kind, DeriverLogic logic, const EventLog& log, const AccountTable& accounts, sim::Offset end,
          FoldStats* stats = nullptr, const KeyStore* keys = nullptr, PrivacyRules rules = {});
// The same recomputation into a view configured exactly like `like` (kind, logic, rules and, for
// credit scores, the model): the fold to check a deriver's view against.
View fold_like(const View& like, const EventLog& log, const AccountTable& accounts, sim::Offset end,
               FoldStats* stats = nullptr, const KeyStore* keys = nullptr);

// An empty view configured exactly like `like` (kind, logic, rules and, for credit scores, the
// model) for `accounts`: where fold_like() starts.
View empty_like(const View& like, const AccountTable& accounts);
// Whether folds into `a` and `b` compute the same thing: same kind, logic, rules and credit model.
bool same_configuration(const View& a, const View& b);
// Continues a fold: applies every readable, decodable record of `log` in [from, end) to `view`,
// in order, exactly as fold() does past `from`, so that continuing a fold of [0, from) gives the
// fold of [0, end) while the records below `from` read as they did. from <= end <= log.end_offset().
// Adds what it met to `*stats` and the offsets it could not read to `*unreadable`, if given.
void fold_more(View& view, const EventLog& log, sim::Offset from, sim::Offset end, FoldStats* stats = nullptr,
               const KeyStore* keys = nullptr, std::vector<std::uint64_t>* unreadable = nullptr);

// One fold to continue, for fold_more_together(): `view`, a fold of [0, from), is to become the
// fold of [0, end); offsets it cannot read are added to `*unreadable` if given.
struct FoldJob {
  View* view = nullptr;
  sim::Offset from;
  sim::Offset end;
  std::vector<std::uint64_t>* unreadable = nullptr;
  FoldStats* stats = nullptr;  // what it met is added here, if given
};
// fold_more() for several views at once, reading and decoding each record once for every job
// whose range holds it (an audit checks several views of the same records). Each job ends exactly
// as its own fold_more() would.
void fold_more_together(std::span<const FoldJob> jobs, const EventLog& log, const KeyStore* keys);

// What a deriver reads at a record: the decoded event with its personal text opened through
// `keys` (shredded if the key is gone, or if there are no keys and the text is sealed).
std::optional<DomainEvent> read_event(std::string_view payload, const KeyStore* keys);
// read_event() into `out`, reusing its buffers, for a view to apply: without the request ID, which
// no view reads, and with the text of the kinds in `texts` only (decode_facts_into); a sealed text
// left out still sets `shredded` as opening it would. False if the payload is not a DomainEvent.
bool read_event_into(std::string_view payload, const KeyStore* keys, DomainEvent& out, KindSet texts = every_kind);
// The kinds of event whose text `view` reads: read_event_into() may leave the others' empty.
KindSet text_kinds(const View& view);

// Where `a` and `b` differ, as a sentence naming the first differing key and both values
// (`balance of "alice": 120.00 vs 170.00`), or nullopt if their derived data are equal.
// applied_through, logic and statistics are not compared. Two caches always compare equal: a
// cache is checked against its source with stale_entries() instead.
std::optional<std::string> first_difference(const View& a, const View& b, const AccountTable& accounts);

// One short line for the UI: "balances v1: 3 accounts, total 300.00, through offset 12".
std::string summary(const View& view, const AccountTable& accounts);

}  // namespace io::model
