#include "model/idempotency_table.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "sim/assert.h"
#include "sim/prefetch.h"
#include "sim/trace.h"

namespace io::model {

namespace {

constexpr std::uint32_t index_bits = 24;
constexpr std::uint32_t index_mask = (1u << index_bits) - 1;

// The next eight bytes of an ID as a little-endian word: the host's own load on a little-endian
// host (x86, WebAssembly), assembled byte by byte elsewhere.
std::uint64_t load_word(const char* p) {
  std::uint64_t word = 0;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(&word, p, 8);
  } else {
    for (std::size_t k = 0; k < 8; ++k) word |= std::uint64_t(std::uint8_t(p[k])) << (8 * k);
  }
  return word;
}

// The last 1 to 7 bytes of an ID as a little-endian word, zero-padded. On a little-endian host
// from two loads that may overlap (the bytes they share are the same), so no length-dependent
// copy is made.
std::uint64_t load_tail(const char* p, std::size_t n) {
  SIM_ASSERT(n >= 1);
  SIM_ASSERT(n < 8);
  if constexpr (std::endian::native == std::endian::little) {
    if (n >= 4) {
      std::uint32_t low = 0, high = 0;
      std::memcpy(&low, p, 4);
      std::memcpy(&high, p + n - 4, 4);
      return low | (std::uint64_t{high} << (8 * (n - 4)));
    }
    return std::uint64_t(std::uint8_t(p[0])) | (std::uint64_t(std::uint8_t(p[n / 2])) << (8 * (n / 2))) |
           (std::uint64_t(std::uint8_t(p[n - 1])) << (8 * (n - 1)));
  } else {
    std::uint64_t word = 0;
    for (std::size_t k = 0; k < n; ++k) word |= std::uint64_t(std::uint8_t(p[k])) << (8 * k);
    return word;
  }
}

// Folds `bytes` into `h` eight at a time, the last word zero-padded.
std::uint64_t mix_bytes(std::uint64_t h, std::string_view bytes) {
  const char* p = bytes.data();
  std::size_t n = bytes.size();
  for (; n >= 8; p += 8, n -= 8) h = sim::hash_mix(h, load_word(p));
  if (n > 0) h = sim::hash_mix(h, load_tail(p, n));
  return h;
}

// A hash of the ID's bytes after its length, that is the same on every platform (std::hash is
// not, and although it would decide nothing here, a figure or a test that depends on probe order
// should not change between native and wasm).
std::uint64_t hash_of(std::string_view id) { return mix_bytes(sim::hash_mix(0x1D, id.size()), id); }

std::uint32_t tag_of(std::uint64_t hash) { return std::uint32_t(hash >> 56) << index_bits; }

// Slots for `count` entries at most half full: a power of two, so a hash picks one with a mask.
std::size_t slots_for(std::size_t count) { return std::bit_ceil(std::max<std::size_t>(4, 2 * count)); }

// Filter words for `count` entries: 8 to 16 bits per entry, a power of two. Three bits of 64 per
// ID then give a few percent of false "may hold".
std::size_t filter_words_for(std::size_t count) { return std::bit_ceil(std::max<std::size_t>(1, count / 8)); }

}  // namespace

std::uint64_t IdempotencyTable::id_hash(std::string_view request_id) { return hash_of(request_id); }

IdempotencyTable::Probe IdempotencyTable::probe_of(std::uint64_t hash) {
  // The filter word and its three bits come from bits of the hash that the slot index and the
  // tag do not use (remixed, so that they are independent of those).
  const std::uint64_t h = (hash ^ (hash >> 29)) * 0x9E3779B97F4A7C15ULL;
  const std::uint64_t bits = (std::uint64_t{1} << (h >> 58)) | (std::uint64_t{1} << ((h >> 52) & 63)) |
                             (std::uint64_t{1} << ((h >> 46) & 63));
  return Probe{hash, h, bits};
}

std::string_view IdempotencyTable::key_of(const Stored& stored) const {
  if (stored.key_size <= key_inline_max) return std::string_view(stored.key, stored.key_size);
  std::uint32_t at = 0;
  std::memcpy(&at, stored.key, sizeof at);
  const auto bytes = long_keys_.span(at, stored.key_size);
  return std::string_view(bytes.data(), bytes.size());
}

void IdempotencyTable::set_key(Stored& stored, std::string_view request_id) {
  SIM_ASSERT(request_id.size() <= DomainEvent::request_id_bytes_max);
  stored.key_size = std::uint8_t(request_id.size());
  if (request_id.size() <= key_inline_max) {
    std::memcpy(stored.key, request_id.data(), request_id.size());
    return;
  }
  static_assert(DomainEvent::request_id_bytes_max <= decltype(long_keys_)::chunk_elements);
  // A long ID never straddles two chunks of long_keys_, so it can be read back as one string_view.
  const std::size_t room = long_keys_.chunk_elements - long_keys_.size() % long_keys_.chunk_elements;
  if (request_id.size() > room) {
    for (std::size_t i = 0; i < room; ++i) long_keys_.push_back('\0');
  }
  const auto at = std::uint32_t(long_keys_.size());
  long_keys_.append(std::span(request_id.data(), request_id.size()));
  std::memcpy(stored.key, &at, sizeof at);
  SIM_ASSERT(key_of(stored) == request_id);
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

bool IdempotencyTable::may_hold(const Level& level, const Probe& probe) {
  if (level.filter.empty()) return true;
  const std::uint64_t word = level.filter[probe.filter_mix & (level.filter.size() - 1)];
  return (word & probe.filter_bits) == probe.filter_bits;
}

std::size_t IdempotencyTable::levels_passed(std::string_view request_id) const {
  const Probe probe = probe_of(hash_of(request_id));
  return std::size_t(std::count_if(levels_.begin(), levels_.end(), [&](const auto& level) { return may_hold(*level, probe); }));
}

std::optional<std::uint32_t> IdempotencyTable::lookup(std::string_view request_id, const Probe& probe) const {
  // A new ID is looked up in every level: fetch each filter's word at once rather than one after
  // the other.
  for (const auto& level : levels_) sim::prefetch(&level->filter[probe.filter_mix & (level->filter.size() - 1)]);
  // Newest first: a retry usually follows its request closely.
  if (const auto found = lookup_in(recent_, request_id, probe.hash)) return found;
  for (auto level = levels_.rbegin(); level != levels_.rend(); ++level) {
    if (!may_hold(**level, probe)) continue;
    if (const auto found = lookup_in(**level, request_id, probe.hash)) return found;
  }
  return std::nullopt;
}

std::optional<IdempotencyTable::Entry> IdempotencyTable::find(std::string_view request_id, std::uint64_t hash) const {
  const auto entry = lookup(request_id, probe_of(hash));
  if (!entry) return std::nullopt;
  const Stored& stored = entries_[*entry];
  SIM_ASSERT(key_of(stored) == request_id);
  return Entry{stored.fingerprint, stored.offset};
}

void IdempotencyTable::remember(const DomainEvent& event, sim::Offset offset) {
  SIM_ASSERT(!event.request_id.empty());
  const std::uint64_t hash = hash_of(event.request_id);
  if (const auto existing = lookup(event.request_id, probe_of(hash))) {
    SIM_ASSERT(entries_[*existing].offset <= offset);  // the first effect of an ID is the one kept
    return;
  }
  Stored stored{hash, fingerprint(event), offset};
  set_key(stored, event.request_id);
  append(stored);
}

std::uint32_t IdempotencyTable::store(const Stored& stored) {
  SIM_ASSERT(entries_.size() < entries_max);
  SIM_ASSERT(entries_.empty() || entries_.back().offset <= stored.offset);  // remembered in log order
  const auto entry = std::uint32_t(entries_.size());
  entries_.push_back(stored);
  return entry;
}

void IdempotencyTable::remember_absent(const DomainEvent& event, std::uint64_t hash, sim::Offset offset) {
  SIM_ASSERT(!event.request_id.empty());
  Stored stored{hash, fingerprint(event), offset};
  set_key(stored, event.request_id);
  append(stored);
}

void IdempotencyTable::append(const Stored& stored) {
  const std::uint32_t entry = store(stored);
  if (recent_.count == 0) {
    recent_.first = entry;
    // The slots are kept from one batch of recent entries to the next (seal_recent empties them).
    if (recent_.slots.empty()) recent_.slots.assign(slots_for(recent_max), 0);
  }
  index_into(recent_, entry, stored.hash);
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
}

void IdempotencyTable::filter_into(Level& level, const Probe& probe) {
  SIM_ASSERT(!level.filter.empty());
  level.filter[probe.filter_mix & (level.filter.size() - 1)] |= probe.filter_bits;
  SIM_ASSERT(may_hold(level, probe));
}

IdempotencyTable::Level IdempotencyTable::build_level(std::uint32_t first, std::uint32_t count) const {
  SIM_ASSERT(std::size_t(first) + count <= entries_.size());
  SIM_ASSERT(count > 0);
  Level level;
  level.first = first;
  level.count = count;
  level.slots.assign(slots_for(count), 0);
  level.filter.assign(filter_words_for(count), 0);
  // index_into() and filter_into() inlined, a chunk of entries at a time: every entry that moves
  // down a level goes through this loop, about log2(size / recent_max) times in its life.
  std::uint32_t* const slots = level.slots.data();
  const std::size_t mask = level.slots.size() - 1;
  std::uint64_t* const filter = level.filter.data();
  const std::size_t filter_mask = level.filter.size() - 1;
  constexpr std::size_t chunk = decltype(entries_)::chunk_elements;
  const std::uint32_t end = first + count;
  std::uint32_t e = first;
  while (e < end) {
    const std::size_t n = std::min<std::size_t>(end - e, chunk - e % chunk);
    for (const Stored& stored : entries_.span(e, n)) {
      std::size_t at = stored.hash & mask;
      while (slots[at] != 0) at = (at + 1) & mask;
      slots[at] = tag_of(stored.hash) | (e + 1);
      const Probe probe = probe_of(stored.hash);
      filter[probe.filter_mix & filter_mask] |= probe.filter_bits;
      ++e;
    }
  }
  SIM_ASSERT(e == end);
  SIM_ASSERT(may_hold(level, probe_of(entries_[end - 1].hash)));
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
  // Empty recent_ but keep its slots for the next batch.
  std::fill(recent_.slots.begin(), recent_.slots.end(), 0);
  recent_.count = 0;
  SIM_ASSERT(levels_.back()->first + levels_.back()->count == entries_.size());
}

void IdempotencyTable::clear() {
  entries_.clear();
  long_keys_.clear();
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
  // Each waits as the entry it becomes (a long ID's bytes beside it, until it is stored).
  struct Pending {
    Stored stored;
    char long_key[DomainEvent::request_id_bytes_max];
  };
  constexpr std::size_t read_ahead = 8;
  Pending ahead[read_ahead];
  std::size_t oldest = 0, pending = 0;
  const auto index_oldest = [&] {
    SIM_ASSERT(pending > 0);
    Pending& p = ahead[oldest];
    const bool inline_key = p.stored.key_size <= key_inline_max;
    const std::string_view id(inline_key ? p.stored.key : p.long_key, p.stored.key_size);
    const Probe probe = probe_of(p.stored.hash);
    if (!may_hold(all, probe) || !lookup_in(all, id, probe.hash)) {
      if (!inline_key) set_key(p.stored, id);
      index_into(all, store(p.stored), probe.hash);
      filter_into(all, probe);
      ++all.count;
    }
    oldest = (oldest + 1) % read_ahead;
    --pending;
  };
  std::uint64_t read = 0;
  // One buffer and one event for every record: the replay allocates only what it stores. The
  // request ID and the text are read where they lie in the record; only sealed text is copied,
  // to be opened (so that the fingerprint matches the one made from the clear request).
  EventLog::ReadBuffer buffer;
  DomainEvent opened;
  PayloadStrings strings;
  for (std::uint64_t o = 0; o < end; ++o) {
    const auto record = log.read_view(sim::Offset{o}, buffer);
    if (!record.ok()) continue;
    ++read;
    if (!decode_in_place(record.value().payload, opened, strings)) continue;
    const std::string_view id = strings.request_id;
    if (id.empty()) continue;
    std::string_view text = strings.text;
    if (opened.sealed && keys != nullptr) {
      opened.text.assign(text);
      keys->open_in_place(opened);
      text = opened.text;
    }
    if (pending == read_ahead) index_oldest();
    Pending& p = ahead[(oldest + pending) % read_ahead];
    p.stored.hash = hash_of(id);
    p.stored.fingerprint = fingerprint(opened, text);
    p.stored.offset = sim::Offset{o};
    SIM_ASSERT(id.size() <= sizeof p.long_key);
    p.stored.key_size = std::uint8_t(id.size());
    std::memcpy(id.size() <= key_inline_max ? p.stored.key : p.long_key, id.data(), id.size());
    ++pending;
    sim::prefetch(&all.slots[p.stored.hash & (all.slots.size() - 1)]);
    sim::prefetch(&all.filter[probe_of(p.stored.hash).filter_mix & (all.filter.size() - 1)]);
  }
  while (pending > 0) index_oldest();
  if (all.count > 0) levels_.push_back(std::make_shared<const Level>(std::move(all)));
  SIM_ASSERT(levels_.empty() || levels_.back()->count == entries_.size());
  SIM_ASSERT(read <= end);
  return read;
}

std::uint64_t IdempotencyTable::fingerprint(const DomainEvent& e, std::string_view text) {
  // The kind, both accounts and the text's length in one word (8 + 16 + 16 bits, the length
  // above them, which keeps "a" and "a\0" apart), the amount in a second, then the text eight
  // bytes at a time. Only compared with other fingerprints, never traced: its values may change,
  // not what equals what.
  static_assert(sizeof e.account == 2 && sizeof e.to == 2);
  const std::uint64_t head = std::uint64_t(e.kind) | (std::uint64_t{e.account} << 8) | (std::uint64_t{e.to} << 24) |
                             (std::uint64_t(text.size()) << 40);
  return mix_bytes(sim::hash_mix(sim::hash_mix(0x1F, head), std::uint64_t(e.amount_cents)), text);
}

}  // namespace io::model
