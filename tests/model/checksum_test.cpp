#include <doctest/doctest.h>

#include <cstring>
#include <string_view>

#include "model/checksum.h"

namespace {
std::uint32_t crc_of(std::string_view s) {
  return io::model::crc32c({reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
}
}  // namespace

TEST_SUITE("model") {

TEST_CASE("crc32c matches the standard check values") {
  CHECK(crc_of("") == 0x00000000u);
  CHECK(crc_of("123456789") == 0xE3069283u);  // the CRC-32C "check" value (RFC 3720)
  CHECK(crc_of("a") == 0xC1D04330u);
}

TEST_CASE("crc32c of 32 zero bytes matches RFC 3720's test vector") {
  std::uint8_t zeros[32] = {};
  CHECK(io::model::crc32c(zeros) == 0x8A9136AAu);
  std::uint8_t ones[32];
  std::memset(ones, 0xFF, sizeof ones);
  CHECK(io::model::crc32c(ones) == 0x62A8AB43u);
}

TEST_CASE("crc32c can be computed in pieces") {
  const std::string_view s = "the database turned inside out";
  const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
  const auto first = io::model::crc32c({p, 10});
  CHECK(io::model::crc32c({p + 10, s.size() - 10}, first) == crc_of(s));
}

TEST_CASE("crc32c by eight bytes at a time equals the byte-at-a-time definition at every length and split") {
  // The reference: the bit-serial definition straight from the reflected polynomial.
  auto reference = [](const std::uint8_t* p, std::size_t n) {
    std::uint32_t crc = ~0u;
    for (std::size_t i = 0; i < n; ++i) {
      crc ^= p[i];
      for (int k = 0; k < 8; ++k) crc = (crc & 1u) ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
    }
    return ~crc;
  };
  std::uint8_t bytes[67];
  for (std::size_t i = 0; i < sizeof bytes; ++i) bytes[i] = std::uint8_t(i * 37 + 11);
  for (std::size_t n = 0; n <= sizeof bytes; ++n) {
    CHECK(io::model::crc32c({bytes, n}) == reference(bytes, n));
    const std::size_t split = n / 3;
    CHECK(io::model::crc32c({bytes + split, n - split}, io::model::crc32c({bytes, split})) == reference(bytes, n));
  }
}

}  // TEST_SUITE
