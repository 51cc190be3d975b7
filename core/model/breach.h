#pragma once
// A breach: the chapter's "data as a liability" made countable. An attacker copies what the
// system stores at one moment; the report lists exactly which personal items they can read,
// where, about whom. What they cannot read is counted by the reason: a key destroyed by an
// erasure or by the retention policy, a key they did not steal, a memo never collected
// (minimisation). Account IDs, amounts and who paid whom leak whatever the settings: they are
// counted apart, as the metadata that crypto-shredding does not hide.

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "model/backup.h"
#include "model/deriver.h"
#include "model/event_log.h"
#include "model/key_store.h"
#include "model/views/personal_data.h"
#include "sim/types.h"

namespace io::model {

enum class BreachScope : std::uint8_t {
  disks = 0,           // the log's disks, the views' stores, the caches and the backups
  disks_and_keys = 1,  // all that, and the key store too
};
const char* to_string(BreachScope scope);

struct LeakedItem {
  DataPlace place = DataPlace::log;
  std::uint32_t where = 0;  // log: 0; view and cache: deriver; backup: backup index
  std::string place_name;   // "log", the deriver's name, or the backup's name
  PersonalItem item;
};

struct BreachReport {
  sim::Tick tick;
  BreachScope scope = BreachScope::disks;
  std::vector<LeakedItem> items;  // the first items_max, in place order (log, views, backups)
  std::uint64_t items_leaked = 0;     // all of them, kept or not
  std::uint64_t subjects_leaked = 0;  // distinct subjects among them
  std::array<std::uint64_t, 4> items_by_place{};  // by DataPlace
  // Sealed personal fields the attacker holds only as ciphertext, by why:
  std::uint64_t shredded_by_erasure = 0;    // the subject's key was destroyed on erasure
  std::uint64_t expired_by_retention = 0;   // the epoch's key was destroyed by retention
  std::uint64_t locked_without_keys = 0;    // the key is alive, but the attacker did not get it
  std::uint64_t memos_not_collected = 0;    // minimisation: never stored, so never leaked
  std::uint64_t metadata_records = 0;       // transfers whose payer, payee and amount leak regardless

  static constexpr std::size_t items_max = 4096;
};

// What a breach of `scope` at `now` exposes of the given stores. `derivers` with `deployed` as
// the World keeps them; `memos_not_collected` is the front door's count.
BreachReport assess_breach(sim::Tick now, BreachScope scope, const EventLog& log, const KeyStore& keys,
                           const std::vector<Deriver>& derivers, const std::vector<Backup>& backups,
                           std::uint64_t memos_not_collected);

}  // namespace io::model
