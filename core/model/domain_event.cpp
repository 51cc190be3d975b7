#include "model/domain_event.h"

#include <bit>
#include <cstring>

#include "sim/assert.h"

namespace io::model {

namespace {

// Writes a payload into a buffer of the largest size there is, then hands it to `out` at once:
// one copy into the string where appending field by field checked its capacity eleven times.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}
  // Replaces `out`'s contents with what was written.
  void finish() { out_.assign(buffer_, size_); }
  void u8(std::uint8_t v) { le<1>(v); }
  void u16(std::uint16_t v) { le<2>(v); }
  void u64(std::uint64_t v) { le<8>(v); }
  void bytes(std::string_view s) {
    SIM_ASSERT(size_ + s.size() <= sizeof buffer_);
    if (!s.empty()) std::memcpy(buffer_ + size_, s.data(), s.size());
    size_ += s.size();
  }

  // Every field at its largest: kind, two accounts, amount, intent, the ID's length and bytes,
  // a key epoch, the text's length and bytes, a verdict and a score.
  static constexpr std::size_t payload_bytes_max = 1 + 2 + 2 + 8 + 8 + 1 + DomainEvent::request_id_bytes_max + 8 + 2 +
                                                   DomainEvent::text_bytes_max + 1 + 2;

 private:
  // Little-endian whatever the host: on a little-endian one (x86, WebAssembly) the value's own
  // bytes, copied at once.
  template <int n>
  void le(std::uint64_t v) {
    SIM_ASSERT(size_ + n <= sizeof buffer_);
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(buffer_ + size_, &v, n);
    } else {
      for (int i = 0; i < n; ++i) buffer_[size_ + std::size_t(i)] = char(std::uint8_t(v >> (8 * i)));
    }
    size_ += n;
  }
  std::string& out_;
  char buffer_[payload_bytes_max];  // [0, size_) written; the rest never read
  std::size_t size_ = 0;
};

}  // namespace

namespace {

// A sealed payload sets this bit in its kind byte; an unsealed one is byte-for-byte the old layout.
constexpr std::uint8_t sealed_bit = 0x80;
constexpr std::uint8_t kind_max = 8;

bool consent_kind(DomainEventKind kind) {
  return kind == DomainEventKind::consent_given || kind == DomainEventKind::consent_withdrawn;
}

bool loan_kind(DomainEventKind kind) {
  return kind == DomainEventKind::loan_decided || kind == DomainEventKind::loan_outcome;
}

// Whether `verdict` is one a loan event of `kind` can carry.
bool fits(DomainEventKind kind, LoanVerdict verdict) {
  if (kind == DomainEventKind::loan_decided) {
    return verdict == LoanVerdict::denied || verdict == LoanVerdict::approved || verdict == LoanVerdict::explored;
  }
  return verdict == LoanVerdict::repaid || verdict == LoanVerdict::defaulted || verdict == LoanVerdict::missed_elsewhere;
}

}  // namespace

std::string encode(const DomainEvent& e) {
  std::string out;
  encode_into(e, out);
  return out;
}

void encode_into(const DomainEvent& e, std::string& out) {
  SIM_ASSERT(e.request_id.size() <= DomainEvent::request_id_bytes_max);
  SIM_ASSERT(e.text.size() <= DomainEvent::text_bytes_max);
  SIM_ASSERT(!e.shredded);  // shredded is what a reader sees, never what is written
  Writer w(out);
  w.u8(std::uint8_t(std::uint8_t(e.kind) | (e.sealed ? sealed_bit : 0)));
  w.u16(e.account);
  // A consent event has no payee: its purpose takes the payee's place.
  w.u16(consent_kind(e.kind) ? std::uint16_t(e.purpose) : e.to);
  w.u64(std::uint64_t(e.amount_cents));
  w.u64(e.intent);
  w.u8(std::uint8_t(e.request_id.size()));
  w.bytes(e.request_id);
  if (e.sealed) w.u64(e.key_epoch);
  w.u16(std::uint16_t(e.text.size()));
  w.bytes(e.text);
  // Loan events carry their verdict and score after the text; other kinds keep their old bytes.
  if (loan_kind(e.kind)) {
    SIM_ASSERT(fits(e.kind, e.verdict));
    SIM_ASSERT(e.score <= 1000);
    w.u8(std::uint8_t(e.verdict));
    w.u16(e.score);
  }
  w.finish();
}

std::optional<DomainEvent> decode(std::string_view payload) {
  DomainEvent e;
  if (!decode_into(payload, e)) return std::nullopt;
  return e;
}

namespace {

// Little-endian `n`-byte unsigned integer at `p`, whatever the host.
template <int n>
std::uint64_t load_le(const char* p) {
  std::uint64_t v = 0;
  if constexpr (std::endian::native == std::endian::little) {
    std::memcpy(&v, p, n);
  } else {
    for (int i = n - 1; i >= 0; --i) v = (v << 8) | std::uint8_t(p[i]);
  }
  return v;
}

// Sets `out` to the `n` bytes at `p`. After clear(), append() is std::string's plainest copy
// (assign() takes a path that allows for overlap); the capacity is kept, so nothing is allocated
// once the buffer has grown to the longest text met.
void copy_into(std::string& out, const char* p, std::size_t n) {
  out.clear();
  out.append(p, n);
}

// The layout encode_into() writes, read with one bounds check per variable-length part: the
// fixed head (kind, account, payee or purpose, amount, intent, request ID size), the request ID,
// the key epoch if sealed, the text size and text, and a loan's verdict and score.
// With `in_place`, the request ID and the text are pointed at there, not copied.
bool decode_fields(std::string_view payload, DomainEvent& e, bool with_request_id, KindSet text_kinds,
                   PayloadStrings* in_place = nullptr) {
  // Every field is set, as a fresh DomainEvent's would be, before anything can fail.
  e.purpose = Purpose::none;
  e.key_epoch = 0;
  e.shredded = false;
  e.verdict = LoanVerdict::none;
  e.score = 0;
  e.request_id.clear();
  e.text.clear();
  constexpr std::size_t head_bytes = 1 + 2 + 2 + 8 + 8 + 1;
  const char* const p = payload.data();
  const std::size_t size = payload.size();
  if (size < head_bytes) return false;
  std::uint8_t kind = std::uint8_t(p[0]);
  e.sealed = (kind & sealed_bit) != 0;
  kind = std::uint8_t(kind & ~sealed_bit);
  if (kind < 1 || kind > kind_max) return false;
  e.kind = DomainEventKind(kind);
  e.account = AccountId(load_le<2>(p + 1));
  e.to = std::uint16_t(load_le<2>(p + 3));
  e.amount_cents = std::int64_t(load_le<8>(p + 5));
  e.intent = load_le<8>(p + 13);
  if (consent_kind(e.kind)) {
    if (e.to != std::uint16_t(Purpose::marketing) && e.to != std::uint16_t(Purpose::analytics)) return false;
    e.purpose = Purpose(e.to);
    e.to = 0;
  }
  const std::size_t id_size = std::uint8_t(p[21]);
  if (id_size > DomainEvent::request_id_bytes_max) return false;
  std::size_t at = head_bytes;
  if (size - at < id_size) return false;
  if (in_place != nullptr) in_place->request_id = std::string_view(p + at, id_size);
  if (with_request_id) copy_into(e.request_id, p + at, id_size);
  at += id_size;
  if (e.sealed) {
    if (size - at < 8) return false;
    const std::uint64_t epoch = load_le<8>(p + at);
    if (epoch > UINT32_MAX) return false;
    e.key_epoch = std::uint32_t(epoch);
    at += 8;
  }
  if (size - at < 2) return false;
  const std::size_t text_size = load_le<2>(p + at);
  at += 2;
  if (text_size > DomainEvent::text_bytes_max || size - at < text_size) return false;
  if (in_place != nullptr) in_place->text = std::string_view(p + at, text_size);
  if ((text_kinds & kind_set(e.kind)) != 0) copy_into(e.text, p + at, text_size);
  at += text_size;
  if (loan_kind(e.kind)) {
    if (size - at < 3) return false;
    e.score = std::uint16_t(load_le<2>(p + at + 1));
    if (e.score > 1000) return false;
    e.verdict = LoanVerdict(std::uint8_t(p[at]));
    if (!fits(e.kind, e.verdict)) return false;
    at += 3;
  }
  SIM_ASSERT(at <= size);
  return at == size;
}

}  // namespace

bool decode_into(std::string_view payload, DomainEvent& out) { return decode_fields(payload, out, true, every_kind); }

bool decode_facts_into(std::string_view payload, DomainEvent& out, KindSet text_kinds) {
  return decode_fields(payload, out, false, text_kinds);
}

bool decode_in_place(std::string_view payload, DomainEvent& out, PayloadStrings& strings) {
  strings = PayloadStrings{};
  return decode_fields(payload, out, false, KindSet{0}, &strings);
}

const char* to_string(Purpose purpose) {
  switch (purpose) {
    case Purpose::none: return "none";
    case Purpose::marketing: return "marketing";
    case Purpose::analytics: return "analytics";
  }
  return "unknown";
}

const char* to_string(LoanVerdict verdict) {
  switch (verdict) {
    case LoanVerdict::none: return "none";
    case LoanVerdict::denied: return "denied";
    case LoanVerdict::approved: return "approved";
    case LoanVerdict::explored: return "explored";
    case LoanVerdict::repaid: return "repaid";
    case LoanVerdict::defaulted: return "defaulted";
    case LoanVerdict::missed_elsewhere: return "missed_elsewhere";
  }
  return "unknown";
}

std::optional<Purpose> purpose_from_string(std::string_view name) {
  if (name == "marketing") return Purpose::marketing;
  if (name == "analytics") return Purpose::analytics;
  return std::nullopt;
}

std::string format_cents(std::int64_t cents) {
  const bool negative = cents < 0;
  const std::uint64_t magnitude = negative ? std::uint64_t(0) - std::uint64_t(cents) : std::uint64_t(cents);
  std::string fraction = std::to_string(magnitude % 100);
  if (fraction.size() < 2) fraction = "0" + fraction;
  return (negative ? "-" : "") + std::to_string(magnitude / 100) + "." + fraction;
}

std::string describe(const DomainEvent& e, const AccountTable& accounts) {
  auto name = [&](AccountId id) { return id < accounts.size() ? accounts[id].name : "#" + std::to_string(id); };
  // Personal text as a reader without the key sees it: never the ciphertext's bytes.
  const std::string text = e.shredded ? "[shredded]" : e.sealed ? "[sealed]" : e.text;
  const std::string id = e.request_id.empty() ? std::string("(no id)") : e.request_id;
  switch (e.kind) {
    case DomainEventKind::account_opened:
      return "open " + name(e.account) + " with " + format_cents(e.amount_cents);
    case DomainEventKind::transfer:
      return "transfer " + id + ": " + name(e.account) + " -> " + name(e.to) + " " + format_cents(e.amount_cents) +
             (text.empty() ? "" : " \"" + text + "\"");
    case DomainEventKind::rename:
      return "rename " + id + ": " + name(e.account) + " is now called \"" + text + "\"";
    case DomainEventKind::consent_given:
      return name(e.account) + " consents to " + to_string(e.purpose) + (text.empty() ? "" : " (contact \"" + text + "\")");
    case DomainEventKind::consent_withdrawn:
      return name(e.account) + " withdraws consent to " + to_string(e.purpose);
    case DomainEventKind::erasure_requested:
      if (e.account == every_subject) {
        return "retention: forget personal data sealed before key epoch " + std::to_string(e.amount_cents);
      }
      return name(e.account) + " asks to be forgotten";
    case DomainEventKind::loan_decided:
      return "loan " + std::string(to_string(e.verdict)) + ": " + name(e.account) + " " + format_cents(e.amount_cents) +
             " at score " + std::to_string(e.score);
    case DomainEventKind::loan_outcome:
      return "loan " + std::string(to_string(e.verdict)) + ": " + name(e.account) + " " + format_cents(e.amount_cents);
  }
  return "unknown event";
}

}  // namespace io::model
