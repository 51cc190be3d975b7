#pragma once
// The cache: a copy of some balances, kept close to the reader, that the log's events invalidate.
// The chapter's point is that a cache is one more derived view; it is correct only if its
// invalidations are derived from the same log, in order, no later than the view it fronts
// changes. A cache deriver that runs ahead of or behind the balances deriver serves stale values,
// and stale_entries() makes that visible.
//
// Eviction: when a fill finds the cache holding capacity() entries, the entry filled longest ago
// (smallest fill sequence number) goes: first in, first out, deterministic and easy to narrate.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/domain_event.h"
#include "model/views/balances_view.h"
#include "model/views/view_kind.h"
#include "sim/types.h"

namespace io::model {

struct CacheRead {
  std::int64_t value = 0;  // the balance served, in cents
  bool hit = false;        // true: served from the cache; false: filled from the source
  bool operator==(const CacheRead&) const = default;
};

struct CacheEntry {
  std::int64_t balance_cents = 0;
  std::uint64_t fill_sequence = 0;  // order of filling: eviction removes the smallest
  // The account page the cache serves shows the display name too: personal data, copied from
  // the source at the fill, with the offset of the rename that set it (if it is personal).
  std::string display_name;
  bool personal_name = false;
  std::uint64_t name_offset = 0;
  sim::Tick filled_at;
  bool operator==(const CacheEntry&) const = default;
};

class CacheView {
 public:
  // An empty cache holding at most `capacity` (1..entries_max) entries. v1 and v2 behave alike.
  // With rules.honor_erasure false, erasures do not invalidate (a cache that listens only for
  // balance and name changes).
  explicit CacheView(DeriverLogic logic = DeriverLogic::v1, std::size_t capacity = entries_max,
                     PrivacyRules rules = {});

  // Invalidates the entries an event touches: a transfer both accounts, account_opened, rename,
  // consent events and (if the rules honour erasure) erasure_requested the account; a retention
  // sweep none (the cache holds no memos). Always returns true; applied_through() becomes at least
  // offset + 1.
  bool apply(sim::Offset offset, const DomainEvent& event);
  // The kinds whose text apply() reads (none): a reader may leave every text empty.
  static constexpr KindSet text_kinds = 0;

  // Serves `account`'s balance: from the cache if present (a hit), else read from `source` and
  // remembered (a miss), evicting the oldest fill if full. `account` < source.account_count().
  // A fill is versioned: if `source` has not yet applied the latest event this cache has seen
  // for the account, its value is older than an invalidation already processed, and caching it
  // would keep it stale forever (no later event would invalidate it). Such a value is served but
  // not remembered: the classic race between a cache's invalidation and its source's update.
  // `now` stamps a fill, so the auditor can say when an entry was taken.
  CacheRead read(AccountId account, const BalancesView& source, sim::Tick now = {});

  sim::Offset applied_through() const { return applied_through_; }
  DeriverLogic logic() const { return logic_; }
  const PrivacyRules& rules() const { return rules_; }

  const std::map<AccountId, CacheEntry>& entries() const { return entries_; }
  bool contains(AccountId account) const { return entries_.contains(account); }
  std::size_t capacity() const { return capacity_; }
  std::uint64_t hits() const { return hits_; }
  std::uint64_t misses() const { return misses_; }
  // Entries removed because an event touched them (not counting events for absent entries).
  std::uint64_t invalidations() const { return invalidations_; }
  std::uint64_t evictions() const { return evictions_; }
  // Misses answered from a source that had not yet applied the latest event this cache saw for
  // the account: served, but not remembered (see read()).
  std::uint64_t uncached_fills() const { return uncached_fills_; }

  // Entries at most: a cache is by definition smaller than what it fronts (accounts_max).
  static constexpr std::size_t entries_max = 256;

 private:
  void invalidate(AccountId account, sim::Offset through);

  DeriverLogic logic_;
  PrivacyRules rules_;
  std::size_t capacity_;
  sim::Offset applied_through_{0};
  std::map<AccountId, CacheEntry> entries_;
  // Per account: the offset after the latest event that invalidated it (the version a fill needs).
  std::map<AccountId, sim::Offset> invalidated_through_;
  std::uint64_t uncached_fills_ = 0;
  std::uint64_t fills_ = 0;  // the next fill_sequence
  std::uint64_t hits_ = 0;
  std::uint64_t misses_ = 0;
  std::uint64_t invalidations_ = 0;
  std::uint64_t evictions_ = 0;
};

// A cached value that disagrees with the balances view it fronts.
struct StaleEntry {
  AccountId account = 0;
  std::int64_t cached_cents = 0;
  std::int64_t source_cents = 0;
  bool operator==(const StaleEntry&) const = default;
};

// Every entry of `cache` whose balance differs from `source`'s, by ascending AccountId; empty
// means the cache is consistent with its source. (A cache is not compared with a fold of the
// log: what it should hold depends on which reads happened, not only on the log.)
std::vector<StaleEntry> stale_entries(const CacheView& cache, const BalancesView& source);

}  // namespace io::model
