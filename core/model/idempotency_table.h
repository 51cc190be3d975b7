#pragma once
// The end-to-end idempotency table: request ID -> what that request did. The front door checks it
// before appending, so a retry carrying the same ID is answered with the stored result and has no
// second effect. It is itself derived from the log (every logged request carries its ID), so a
// front door that restarts rebuilds it by replaying the log and forgets nothing.
//
// It holds every request ID ever logged, so it grows with history, and a snapshot of the World
// copies it: it is built to be cheap to copy. Entries are appended in the order they are
// remembered (copy-on-write chunks, shared by every copy), and the hash index over them is a stack
// of immutable tables of doubling sizes (shared by pointer) above one small mutable table, as in
// Bentley and Saxe's logarithmic method: a copy shares all but the small table, and each entry is
// re-indexed only about log2(size) times in all.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/domain_event.h"
#include "model/event_log.h"
#include "model/key_store.h"
#include "sim/chunked_vector.h"

namespace io::model {

class IdempotencyTable {
 public:
  struct Entry {
    std::uint64_t fingerprint = 0;  // of the request's parameters, to catch a reused key
    sim::Offset offset;             // where its effect was logged
  };

  // The hash the table keys a request ID by. A caller that finds and then remembers the same ID
  // computes it once and passes it to both.
  static std::uint64_t id_hash(std::string_view request_id);

  // The entry for `request_id`, if that ID was logged.
  std::optional<Entry> find(std::string_view request_id) const { return find(request_id, id_hash(request_id)); }
  // find() with the ID's id_hash() already computed.
  std::optional<Entry> find(std::string_view request_id, std::uint64_t hash) const;
  // Records that `event` (with a non-empty request ID) was logged at `offset`. An ID already
  // remembered keeps its first entry (`offset` must not be before it).
  void remember(const DomainEvent& event, sim::Offset offset);
  // remember() for an ID that find() has just reported absent, with nothing remembered since: it
  // skips the lookup that remember() makes. `hash` is the ID's id_hash().
  void remember_absent(const DomainEvent& event, std::uint64_t hash, sim::Offset offset);
  void remember_absent(const DomainEvent& event, sim::Offset offset) {
    remember_absent(event, id_hash(event.request_id), offset);
  }
  // Replaces the contents with a fold of the log's records [0, end); unreadable records are
  // skipped (the auditor reports them). Sealed text is opened through `keys`, so a fingerprint
  // matches the one remembered from the clear request. Returns how many records were read.
  std::uint64_t rebuild(const EventLog& log, const KeyStore* keys = nullptr);
  void clear();
  std::size_t size() const { return entries_.size(); }

  // Parameters that must match for a retry to count as the same request.
  static std::uint64_t fingerprint(const DomainEvent& event) { return fingerprint(event, event.text); }
  // fingerprint() of `event` as if its text were `text`.
  static std::uint64_t fingerprint(const DomainEvent& event, std::string_view text);

  // How the index is layered now (for tests and figures): the immutable levels, oldest first.
  std::size_t level_count() const { return levels_.size(); }
  // Immutable levels whose filter lets a lookup of `request_id` through (for tests and figures:
  // a new ID should get through few of them).
  std::size_t levels_passed(std::string_view request_id) const;

  // Entries held at most: an index slot keeps an entry's number in 24 bits. The log holds at most
  // EventLog::records_max records, each remembered once, well below it.
  static constexpr std::size_t entries_max = (std::size_t{1} << 24) - 1;
  // Entries in the mutable table before they move into an immutable level: a copy of the table
  // copies twice this many slots (8 KiB, at half load), and a level is never smaller. Each
  // entry is re-indexed about log2(size / recent_max) times, so this is a trade between that
  // and the copy.
  static constexpr std::uint32_t recent_max = 1024;
  // A request ID this long or shorter is kept inside its entry; a longer one in a side store.
  static constexpr std::size_t key_inline_max = 23;
  static_assert(entries_max >= EventLog::records_max);

 private:
  // An entry as held: 48 bytes, the request ID inside it unless it is longer than
  // key_inline_max (most are short, and keeping them in place saves a second store to append
  // to and read from).
  struct Stored {
    std::uint64_t hash = 0;  // of the request ID
    std::uint64_t fingerprint = 0;
    sim::Offset offset;
    std::uint8_t key_size = 0;
    // The ID's bytes if key_size <= key_inline_max; else where they start in long_keys_ (a
    // std::uint32_t in the first four bytes).
    char key[key_inline_max] = {};
  };
  static_assert(sizeof(Stored) == 48);
  static_assert(DomainEvent::request_id_bytes_max <= UINT8_MAX);
  // An open-addressing hash index over the entries [first, first + count). A slot holds 0 (empty)
  // or an entry's number + 1 in its low 24 bits under 8 bits of its hash, so most probes that
  // miss are told apart without reading the entry. At most half full.
  //
  // An immutable level also has a filter (a Bloom filter, one 64-bit word per ID, three bits set
  // in it): a new request ID is absent from every level, and its probes would miss the cache
  // once per level, while the filters, a byte or two per entry, stay in it. It says "absent"
  // for all but a few percent of the IDs a level does not hold, and never for one it holds.
  struct Level {
    std::uint32_t first = 0;
    std::uint32_t count = 0;
    std::vector<std::uint32_t> slots;
    std::vector<std::uint64_t> filter;  // empty: none (the mutable recent_ level)
  };

  std::string_view key_of(const Stored& stored) const;
  // A lookup's view of an ID's hash: the bits a level's filter tests, the same for every level.
  struct Probe {
    std::uint64_t hash;
    std::uint64_t filter_mix;   // picks the filter word (masked by the level's filter size)
    std::uint64_t filter_bits;  // the three bits that word must have
  };
  static Probe probe_of(std::uint64_t hash);
  // The number of the entry for `request_id`, if any.
  std::optional<std::uint32_t> lookup(std::string_view request_id, const Probe& probe) const;
  std::optional<std::uint32_t> lookup_in(const Level& level, std::string_view request_id, std::uint64_t hash) const;
  // Makes `stored` (its hash, fingerprint and offset set) hold `request_id`.
  void set_key(Stored& stored, std::string_view request_id);
  // Appends an entry, known to be absent, to entries_ (indexing it nowhere); returns its number.
  std::uint32_t store(const Stored& stored);
  // Stores an entry, known to be absent, and indexes it in recent_ (which may then move down).
  void append(const Stored& stored);
  // Indexes `entry` in `level`'s slots (not its filter), which must have room.
  static void index_into(Level& level, std::uint32_t entry, std::uint64_t hash);
  // Adds an ID of this hash to `level`'s filter.
  static void filter_into(Level& level, const Probe& probe);
  // Whether `level` may hold an ID of this probe's hash: false means it does not.
  static bool may_hold(const Level& level, const Probe& probe);
  // A level indexing the entries [first, first + count), at most half full, with its filter.
  Level build_level(std::uint32_t first, std::uint32_t count) const;
  // Moves recent_'s entries into an immutable level, merging the newest levels no larger.
  void seal_recent();

  // In the order remembered (so by offset); 6 KiB chunks, as many entries as the old 4 KiB ones.
  sim::ChunkedVector<Stored, 128> entries_;
  sim::ChunkedVector<char> long_keys_;   // request IDs longer than key_inline_max, each within one chunk
  std::vector<std::shared_ptr<const Level>> levels_;  // by first entry; sizes strictly decreasing
  Level recent_;                          // the newest entries, after every level's
};

}  // namespace io::model
