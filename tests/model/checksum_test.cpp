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
    CHECK(io::model::crc32c_portable({bytes, n}) == reference(bytes, n));
    const std::size_t split = n / 3;
    CHECK(io::model::crc32c({bytes + split, n - split}, io::model::crc32c({bytes, split})) == reference(bytes, n));
    CHECK(io::model::crc32c_portable({bytes + split, n - split}, io::model::crc32c_portable({bytes, split})) ==
          reference(bytes, n));
  }
}

TEST_CASE("crc32c (the CPU's instruction where there is one) and the portable tables agree on random records") {
  // Natively on x86 crc32c() uses SSE 4.2; WebAssembly always uses the tables. A record's
  // checksum must not depend on which built it, or a log written by one would not verify in the other.
  std::uint64_t x = 0x9E3779B97F4A7C15ULL;
  std::uint8_t bytes[700];
  for (int round = 0; round < 2000; ++round) {
    for (auto& b : bytes) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      b = std::uint8_t(x);
    }
    const std::size_t offset = std::size_t(x % 8), n = std::size_t((x >> 8) % (sizeof bytes - 8));
    const std::uint32_t seed = std::uint32_t(x >> 32);
    REQUIRE(io::model::crc32c({bytes + offset, n}, seed) == io::model::crc32c_portable({bytes + offset, n}, seed));
  }
}

}  // TEST_SUITE
