#pragma once
// The end-to-end idempotency table: request ID -> what that request did. The front door checks it
// before appending, so a retry carrying the same ID is answered with the stored result and has no
// second effect. It is itself derived from the log (every logged request carries its ID), so a
// front door that restarts rebuilds it by replaying the log and forgets nothing.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "model/domain_event.h"
#include "model/event_log.h"
#include "model/key_store.h"

namespace io::model {

class IdempotencyTable {
 public:
  struct Entry {
    std::uint64_t fingerprint = 0;  // of the request's parameters, to catch a reused key
    sim::Offset offset;             // where its effect was logged
  };

  // The entry for `request_id`, if that ID was logged.
  std::optional<Entry> find(const std::string& request_id) const;
  // Records that `event` (with a non-empty request ID) was logged at `offset`.
  void remember(const DomainEvent& event, sim::Offset offset);
  // Replaces the contents with a fold of the log's records [0, end); unreadable records are
  // skipped (the auditor reports them). Sealed text is opened through `keys`, so a fingerprint
  // matches the one remembered from the clear request. Returns how many records were read.
  std::uint64_t rebuild(const EventLog& log, const KeyStore* keys = nullptr);
  void clear() { entries_.clear(); }
  std::size_t size() const { return entries_.size(); }

  // Parameters that must match for a retry to count as the same request.
  static std::uint64_t fingerprint(const DomainEvent& event);

 private:
  std::map<std::string, Entry> entries_;
};

}  // namespace io::model
