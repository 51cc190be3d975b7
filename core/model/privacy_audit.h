#pragma once
// The privacy audit: "trust, but verify" applied to erasure and consent. For every subject who
// asked to be forgotten it looks everywhere personal data can hide (the log, every deriver's
// view, every cache, every backup) and names each place it still lingers and why: a deriver
// that has not reached the erasure yet, a cache that never heard of it, a backup nobody
// remembered, a log written in the clear. For consent it checks that no marketing view lists a
// subject whose withdrawal it has already processed.

#include <cstdint>
#include <string>
#include <vector>

#include "model/auditor.h"
#include "model/backup.h"
#include "model/consent_registry.h"
#include "model/deriver.h"
#include "model/event_log.h"
#include "model/views/personal_data.h"

namespace io::model {

struct PrivacyFinding {
  ViolationKind kind = ViolationKind::erased_data_lingers;  // or consent_ignored
  DataPlace place = DataPlace::log;
  std::uint32_t where = 0;  // log: 0; view and cache: deriver; backup: backup index
  AccountId subject = 0;
  std::uint64_t items = 0;  // personal items found there
  sim::Offset offset;       // the erasure (or the withdrawal) the place has not honoured
  std::string detail;       // one sentence for people
};

// Every place where an erased subject's personal data can still be read with `registry`'s keys
// (the log first, then by subject each deriver and backup), then every marketing view ignoring a
// processed withdrawal. `deployed` as the World keeps it (undeployed views are empty).
std::vector<PrivacyFinding> find_privacy_violations(const EventLog& log, const ConsentRegistry& registry,
                                                    const std::vector<Deriver>& derivers,
                                                    const std::vector<bool>& deployed,
                                                    const std::vector<Backup>& backups, const AccountTable& accounts);

}  // namespace io::model
