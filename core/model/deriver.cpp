#include "model/deriver.h"

#include "sim/assert.h"

namespace io::model {

Deriver::Deriver(DeriverOptions options, const AccountTable& accounts)
    : options_(std::move(options)),
      view_(make_view(options_.view, options_.logic, accounts, options_.rules, options_.credit)) {
  SIM_ASSERT(options_.name.size() <= DeriverOptions::name_bytes_max);
  SIM_ASSERT(options_.batch_records >= 1);
  SIM_ASSERT(options_.batch_records <= DeriverOptions::batch_records_max);
  SIM_ASSERT(options_.batch_interval_ticks >= 1);
  SIM_ASSERT(options_.checkpoint_every_records >= 1);
  next_batch_at_ = sim::Tick{options_.start_tick};
}

bool Deriver::due(sim::Tick now) const {
  return !down_ && now >= next_batch_at_;
}

BatchResult Deriver::run_batch(sim::Tick now, const EventLog& log, const KeyStore* keys, DecodedRecords* shared) {
  BatchResult result;
  if (!due(now)) return result;
  SIM_ASSERT(position_ <= log.end_offset());  // the log never shrinks under a reader
  SIM_ASSERT(checkpoint_ <= position_);
  result.ran = true;
  ++stats_.batches_total;
  next_batch_at_ = now + options_.batch_interval_ticks;

  // One buffer for the whole batch and one event for all batches: reading and decoding allocate
  // nothing. Only the texts the view reads are decoded.
  EventLog::ReadBuffer buffer;
  DomainEvent& event = event_;
  const KindSet texts = text_kinds(view_);
  for (std::uint32_t n = 0; n < options_.batch_records && position_ < log.end_offset(); ++n) {
    // The record decoded: by another deriver already (`shared`), or read and decoded here.
    const DomainEvent* decoded = nullptr;
    const auto from_shared = shared == nullptr ? std::nullopt : shared->read(log, keys, position_);
    if (from_shared) {
      decoded = from_shared->event;
    } else {
      const auto record = log.read_view(position_, buffer);
      if (!record.ok()) {
        // Skipping a record would silently drop a fact from the view; waiting is the honest choice.
        result.stuck = true;
        result.stuck_at = position_;
        result.error = record.error();
        ++stats_.stuck_batches_total;
        break;
      }
      SIM_ASSERT(record.value().offset == position_);
      if (read_event_into(record.value().payload, keys, event, texts)) decoded = &event;
    }
    if (decoded != nullptr) {
      switch (apply_record(view_, position_, *decoded, options_.apply)) {
        case ApplyOutcome::applied: ++result.applied; break;
        case ApplyOutcome::skipped: ++result.skipped; break;
        case ApplyOutcome::applied_again: ++result.applied_again; break;
        case ApplyOutcome::rejected: ++result.rejected; break;
      }
    } else {
      ++result.undecodable;  // as fold() does, so the view stays comparable with a recomputation
    }
    position_ = sim::Offset{position_.value + 1};
    ++result.records_processed;
    maybe_checkpoint(result);
  }
  stuck_ = result.stuck;

  stats_.records_applied_total += result.applied + result.applied_again;
  stats_.records_skipped_total += result.skipped;
  stats_.records_applied_again_total += result.applied_again;
  stats_.records_rejected_total += result.rejected;
  stats_.records_undecodable_total += result.undecodable;
  SIM_ASSERT(result.applied + result.skipped + result.applied_again + result.rejected + result.undecodable ==
             result.records_processed);
  SIM_ASSERT(result.records_processed <= options_.batch_records);
  return result;
}

void Deriver::maybe_checkpoint(BatchResult& result) {
  SIM_ASSERT(checkpoint_ <= position_);
  if (position_.value - checkpoint_.value < options_.checkpoint_every_records) return;
  checkpoint_ = position_;
  result.checkpointed = true;
  ++stats_.checkpoints_total;
  SIM_ASSERT(checkpoint_ == position_);
}

void Deriver::crash(sim::Tick now) {
  SIM_ASSERT(!down_);
  down_ = true;
  down_since_ = now;
  position_ = checkpoint_;  // the in-memory position dies with the process
  ++stats_.crashes_total;
  SIM_ASSERT(position_ == checkpoint_);
}

bool Deriver::restart_due(sim::Tick now) const {
  return down_ && now >= down_since_ + options_.restart_ticks;
}

void Deriver::restart() {
  SIM_ASSERT(down_);
  down_ = false;
  position_ = checkpoint_;
  ++stats_.restarts_total;
  SIM_ASSERT(!down_);
}

void Deriver::rebuild(DeriverLogic logic, const AccountTable& accounts) {
  SIM_ASSERT(logic == DeriverLogic::v1 || logic == DeriverLogic::v2);
  options_.logic = logic;
  view_ = make_view(options_.view, logic, accounts, options_.rules, options_.credit);
  position_ = sim::Offset{0};
  checkpoint_ = sim::Offset{0};
  stuck_ = false;
  ++stats_.rebuilds_total;
  SIM_ASSERT(applied_through(view_) == sim::Offset{0});
}

std::uint64_t Deriver::lag_records(sim::Offset log_end) const {
  SIM_ASSERT(position_ <= log_end);
  return log_end.value - position_.value;
}

std::uint64_t Deriver::lag_ticks(sim::Tick now, const EventLog& log) const {
  SIM_ASSERT(position_ <= log.end_offset());
  const std::uint64_t end = log.end_offset().value;
  for (std::uint64_t at = position_.value; at < end && at < position_.value + lag_scan_records_max; ++at) {
    EventLog::ReadBuffer buffer;
    const auto record = log.read_view(sim::Offset{at}, buffer);
    if (!record.ok()) continue;
    const sim::Tick appended = record.value().appended_at;
    return now >= appended ? now.value - appended.value : 0;
  }
  return 0;
}

CacheRead Deriver::read_cache(AccountId account, const BalancesView& source, sim::Tick now) {
  auto* cache = std::get_if<CacheView>(&view_);
  SIM_ASSERT(cache != nullptr);
  return cache->read(account, source, now);
}

}  // namespace io::model
