#include "model/idempotency_table.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "sim/assert.h"
#include "sim/trace.h"

namespace io::model {

namespace {

constexpr std::uint32_t index_bits = 24;
constexpr std::uint32_t index_mask = (1u << index_bits) - 1;

// A hash of the ID's bytes, eight at a time, that is the same on every platform (std::hash is
// not, and although it would decide nothing here, a figure or a test that depends on probe
// order should not change between native and wasm).
std::uint64_t hash_of(std::string_view id) {
  std::uint64_t h = sim::hash_mix(0x1D, id.size());
  for (std::size_t i = 0; i < id.size(); i += 8) {
    // The next eight bytes (fewer at the end, zero-padded) as a little-endian word: copied whole
    // on a little-endian host (x86, WebAssembly), assembled byte by byte elsewhere.
    const std::size_t n = std::min<std::size_t>(8, id.size() - i);
    std::uint64_t word = 0;
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(&word, id.data() + i, n);
    } else {
      for (std::size_t k = 0; k < n; ++k) word |= std::uint64_t(std::uint8_t(id[i + k])) << (8 * k);
    }
    h = sim::hash_mix(h, word);
  }
  return h;
}

std::uint32_t tag_of(std::uint64_t hash) { return std::uint32_t(hash >> 56) << index_bits; }

// Slots for `count` entries at most half full: a power of two, so a hash picks one with a mask.
std::size_t slots_for(std::size_t count) { return std::bit_ceil(std::max<std::size_t>(4, 2 * count)); }

// Filter words for `count` entries: 8 to 16 bits per entry, a power of two. Three bits of 64 per
// ID then give a few percent of false "may hold".
std::size_t filter_words_for(std::size_t count) { return std::bit_ceil(std::max<std::size_t>(1, count / 8)); }

// The filter word an ID's hash picks and the three bits it sets there, from bits of the hash the
// slot index and the tag do not use (remixed, so that they are independent of those).
struct FilterProbe {
  std::size_t word;
  std::uint64_t bits;
};
FilterProbe filter_probe(std::uint64_t hash, std::size_t words) {
  const std::uint64_t h = (hash ^ (hash >> 29)) * 0x9E3779B97F4A7C15ULL;
  const std::uint64_t bits = (std::uint64_t{1} << (h >> 58)) | (std::uint64_t{1} << ((h >> 52) & 63)) |
                             (std::uint64_t{1} << ((h >> 46) & 63));
  return FilterProbe{std::size_t(h & (words - 1)), bits};
}

}  // namespace

std::string_view IdempotencyTable::key_of(const Stored& stored) const {
  const auto bytes = keys_.span(stored.key_at, stored.key_size);
  return std::string_view(bytes.data(), bytes.size());
}

std::optional<std::uint32_t> IdempotencyTable::lookup_in(const Level& level, std::string_view request_id,
                                                         std::uint64_t hash) const {
  if (level.count == 0) return std::nullopt;
  const std::size_t mask = level.slots.size() - 1;
  const std::uint32_t tag = tag_of(hash);
  // At most half full, so an empty slot ends every probe sequence.
  for (std::size_t at = hash & mask;; at = (at + 1) & mask) {
    const std::uint32_t slot = level.slots[at];
    if (slot == 0) return std::nullopt;
    if ((slot & ~index_mask) != tag) continue;
    const std::uint32_t entry = (slot & index_mask) - 1;
    SIM_ASSERT(entry - level.first < level.count);
    const Stored& stored = entries_[entry];
    if (stored.hash == hash && key_of(stored) == request_id) return entry;
  }
}

bool IdempotencyTable::may_hold(const Level& level, std::uint64_t hash) {
  if (level.filter.empty()) return true;
  const FilterProbe probe = filter_probe(hash, level.filter.size());
  return (level.filter[probe.word] & probe.bits) == probe.bits;
}

std::size_t IdempotencyTable::levels_passed(std::string_view request_id) const {
  const std::uint64_t hash = hash_of(request_id);
  return std::size_t(std::count_if(levels_.begin(), levels_.end(), [&](const auto& level) { return may_hold(*level, hash); }));
}

std::optional<std::uint32_t> IdempotencyTable::lookup(std::string_view request_id, std::uint64_t hash) const {
  // A new ID is looked up in every level: fetch each filter's word at once rather than one after
  // the other.
  for (const auto& level : levels_) __builtin_prefetch(&level->filter[filter_probe(hash, level->filter.size()).word]);
  // Newest first: a retry usually follows its request closely.
  if (const auto found = lookup_in(recent_, request_id, hash)) return found;
  for (auto level = levels_.rbegin(); level != levels_.rend(); ++level) {
    if (!may_hold(**level, hash)) continue;
    if (const auto found = lookup_in(**level, request_id, hash)) return found;
  }
  return std::nullopt;
}

std::optional<IdempotencyTable::Entry> IdempotencyTable::find(std::string_view request_id) const {
  const auto entry = lookup(request_id, hash_of(request_id));
  if (!entry) return std::nullopt;
  const Stored& stored = entries_[*entry];
  SIM_ASSERT(key_of(stored) == request_id);
  return Entry{stored.fingerprint, stored.offset};
}

void IdempotencyTable::remember(const DomainEvent& event, sim::Offset offset) {
  SIM_ASSERT(!event.request_id.empty());
  const std::uint64_t hash = hash_of(event.request_id);
  if (const auto existing = lookup(event.request_id, hash)) {
    SIM_ASSERT(entries_[*existing].offset <= offset);  // the first effect of an ID is the one kept
    return;
  }
  append(event.request_id, hash, fingerprint(event), offset);
}

std::uint32_t IdempotencyTable::store(std::string_view request_id, std::uint64_t hash, std::uint64_t fingerprint,
                                     sim::Offset offset) {
  SIM_ASSERT(request_id.size() <= DomainEvent::request_id_bytes_max);
  SIM_ASSERT(entries_.size() < entries_max);
  static_assert(DomainEvent::request_id_bytes_max <= decltype(keys_)::chunk_elements);
  // An ID never straddles two chunks of keys_, so it can be read back as one string_view.
  const std::size_t room = keys_.chunk_elements - keys_.size() % keys_.chunk_elements;
  if (request_id.size() > room) {
    for (std::size_t i = 0; i < room; ++i) keys_.push_back('\0');
  }
  const auto key_at = std::uint32_t(keys_.size());
  keys_.append(std::span(request_id.data(), request_id.size()));
  const auto entry = std::uint32_t(entries_.size());
  entries_.push_back(Stored{hash, fingerprint, offset, key_at, std::uint32_t(request_id.size())});
  SIM_ASSERT(key_of(entries_.back()) == request_id);
  return entry;
}

void IdempotencyTable::remember_absent(const DomainEvent& event, sim::Offset offset) {
  SIM_ASSERT(!event.request_id.empty());
  SIM_ASSERT(entries_.empty() || entries_.back().offset <= offset);  // remembered in log order
  append(event.request_id, hash_of(event.request_id), fingerprint(event), offset);
}

void IdempotencyTable::append(std::string_view request_id, std::uint64_t hash, std::uint64_t fingerprint,
                              sim::Offset offset) {
  const std::uint32_t entry = store(request_id, hash, fingerprint, offset);
  if (recent_.slots.empty()) {
    recent_.first = entry;
    recent_.slots.assign(slots_for(recent_max), 0);
  }
  index_into(recent_, entry, hash);
  ++recent_.count;
  if (recent_.count == recent_max) seal_recent();
  SIM_ASSERT(levels_.empty() || levels_.back()->first + levels_.back()->count <= entries_.size());
  SIM_ASSERT(recent_.count == 0 || recent_.first + recent_.count == entries_.size());
}

void IdempotencyTable::index_into(Level& level, std::uint32_t entry, std::uint64_t hash) {
  SIM_ASSERT(entry < entries_max);
  SIM_ASSERT(2 * (level.count + 1) <= level.slots.size());  // stays at most half full
  const std::size_t mask = level.slots.size() - 1;
  std::size_t at = hash & mask;
  while (level.slots[at] != 0) at = (at + 1) & mask;
  level.slots[at] = tag_of(hash) | (entry + 1);
  if (!level.filter.empty()) {
    const FilterProbe probe = filter_probe(hash, level.filter.size());
    level.filter[probe.word] |= probe.bits;
  }
  SIM_ASSERT(may_hold(level, hash));
}

IdempotencyTable::Level IdempotencyTable::build_level(std::uint32_t first, std::uint32_t count) const {
  SIM_ASSERT(std::size_t(first) + count <= entries_.size());
  Level level;
  level.first = first;
  level.slots.assign(slots_for(count), 0);
  level.filter.assign(filter_words_for(count), 0);
  for (std::uint32_t e = first; e < first + count; ++e) {
    index_into(level, e, entries_[e].hash);
    ++level.count;
  }
  SIM_ASSERT(level.count == count);
  return level;
}

void IdempotencyTable::seal_recent() {
  SIM_ASSERT(recent_.count > 0);
  std::uint32_t first = recent_.first;
  std::uint32_t count = recent_.count;
  // Absorb every newer level no larger than what moves down: sizes stay strictly decreasing, so
  // there are at most log2(size / recent_max) + 1 levels to probe.
  while (!levels_.empty() && levels_.back()->count <= count) {
    SIM_ASSERT(levels_.back()->first + levels_.back()->count == first);
    first = levels_.back()->first;
    count += levels_.back()->count;
    levels_.pop_back();
  }
  levels_.push_back(std::make_shared<const Level>(build_level(first, count)));
  recent_ = Level{};
  SIM_ASSERT(levels_.back()->first + levels_.back()->count == entries_.size());
}

void IdempotencyTable::clear() {
  entries_.clear();
  keys_.clear();
  levels_.clear();
  recent_ = Level{};
}

std::uint64_t IdempotencyTable::rebuild(const EventLog& log, const KeyStore* keys) {
  clear();
  // One table sized for every record, filled in log order: a replay needs no layering, and a
  // lookup in it is one probe sequence.
  const std::uint64_t end = log.end_offset().value;
  SIM_ASSERT(end <= entries_max);
  Level all;
  all.slots.assign(slots_for(end), 0);
  all.filter.assign(filter_words_for(end), 0);
  // The replay reads ahead: each ID's slot and filter word are fetched while the IDs before it
  // are indexed, so that the cache misses of a table this big overlap instead of following one
  // another. IDs are still indexed one by one in log order, so the first effect of an ID is kept.
  struct Pending {
    std::uint64_t hash;
    std::uint64_t fingerprint;
    sim::Offset offset;
    std::size_t id_size;
    char id[DomainEvent::request_id_bytes_max];
  };
  constexpr std::size_t read_ahead = 8;
  Pending ahead[read_ahead];  // a ring, uninitialised until used
  std::size_t oldest = 0, pending = 0;
  const auto index_oldest = [&] {
    SIM_ASSERT(pending > 0);
    const Pending& p = ahead[oldest];
    const std::string_view id(p.id, p.id_size);
    if (!may_hold(all, p.hash) || !lookup_in(all, id, p.hash)) {
      index_into(all, store(id, p.hash, p.fingerprint, p.offset), p.hash);
      ++all.count;
    }
    oldest = (oldest + 1) % read_ahead;
    --pending;
  };
  std::uint64_t read = 0;
  // One buffer and one event for every record: the replay allocates only what it stores.
  EventLog::ReadBuffer buffer;
  DomainEvent opened;
  for (std::uint64_t o = 0; o < end; ++o) {
    const auto record = log.read_view(sim::Offset{o}, buffer);
    if (!record.ok()) continue;
    ++read;
    if (!decode_into(record.value().payload, opened)) continue;
    if (keys != nullptr) keys->open_in_place(opened);
    if (opened.request_id.empty()) continue;
    if (pending == read_ahead) index_oldest();
    Pending& p = ahead[(oldest + pending) % read_ahead];
    p.hash = hash_of(opened.request_id);
    p.fingerprint = fingerprint(opened);
    p.offset = sim::Offset{o};
    SIM_ASSERT(opened.request_id.size() <= sizeof p.id);
    p.id_size = opened.request_id.copy(p.id, sizeof p.id);
    ++pending;
    __builtin_prefetch(&all.slots[p.hash & (all.slots.size() - 1)]);
    __builtin_prefetch(&all.filter[filter_probe(p.hash, all.filter.size()).word]);
  }
  while (pending > 0) index_oldest();
  if (all.count > 0) levels_.push_back(std::make_shared<const Level>(std::move(all)));
  SIM_ASSERT(levels_.empty() || levels_.back()->count == entries_.size());
  SIM_ASSERT(read <= end);
  return read;
}

std::uint64_t IdempotencyTable::fingerprint(const DomainEvent& e) {
  std::uint64_t h = sim::hash_mix(0, std::uint64_t(e.kind));
  h = sim::hash_mix(h, (std::uint64_t{e.account} << 16) | e.to);
  h = sim::hash_mix(h, std::uint64_t(e.amount_cents));
  // The text eight bytes at a time, after its length (which keeps "a" and "a\0" apart). Only
  // compared with other fingerprints, never traced: its values may change, not what equals what.
  return sim::hash_mix(h, hash_of(e.text));
}

}  // namespace io::model
