#include "model/checksum.h"

#include <array>
#include <cstring>

#if defined(__x86_64__) && !defined(__wasm__) && (defined(__GNUC__) || defined(__clang__))
#include <nmmintrin.h>
#define INSIDEOUT_CRC32C_SSE42 1
#endif

namespace io::model {

namespace {

constexpr std::uint32_t castagnoli_reflected = 0x82F63B78u;

// Slicing-by-8 (Intel's method): table k gives the CRC of a byte followed by k zero bytes, so
// eight bytes are folded per step with eight independent lookups instead of eight dependent
// ones. Same values as the byte-wise loop, several times faster, and plain portable C++ (no
// intrinsics): what WebAssembly runs, and the reference for the CPU's instruction below.
using Tables = std::array<std::array<std::uint32_t, 256>, 8>;

constexpr Tables make_tables() {
  Tables t{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1u) ? (c >> 1) ^ castagnoli_reflected : c >> 1;
    t[0][i] = c;
  }
  for (std::uint32_t i = 0; i < 256; ++i) {
    for (std::size_t k = 1; k < 8; ++k) t[k][i] = (t[k - 1][i] >> 8) ^ t[0][t[k - 1][i] & 0xFFu];
  }
  return t;
}

constexpr Tables tables = make_tables();

}  // namespace

#ifdef INSIDEOUT_CRC32C_SSE42
namespace {

// The same CRC from the CPU's own instruction (SSE 4.2's crc32 computes exactly CRC32C, bit-
// reflected, as the tables do): eight bytes a cycle or so, where the tables take several. Used
// natively where the CPU has it; WebAssembly has no such instruction and uses the tables, and
// both give the same values (tested against each other).
__attribute__((target("sse4.2"))) std::uint32_t crc32c_sse42(const std::uint8_t* p, std::size_t n, std::uint32_t crc) {
  std::uint64_t c = crc;
  while (n >= 8) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);  // x86 is little-endian: the bytes in the order the tables take them
    c = _mm_crc32_u64(c, word);
    p += 8;
    n -= 8;
  }
  auto c32 = std::uint32_t(c);
  for (; n > 0; --n, ++p) c32 = _mm_crc32_u8(c32, *p);
  return c32;
}

const bool cpu_has_sse42 = __builtin_cpu_supports("sse4.2");

}  // namespace
#endif

std::uint32_t crc32c(std::span<const std::uint8_t> bytes, std::uint32_t crc) {
#ifdef INSIDEOUT_CRC32C_SSE42
  if (cpu_has_sse42) return ~crc32c_sse42(bytes.data(), bytes.size(), ~crc);
#endif
  return crc32c_portable(bytes, crc);
}

std::uint32_t crc32c_portable(std::span<const std::uint8_t> bytes, std::uint32_t crc) {
  crc = ~crc;
  const std::uint8_t* p = bytes.data();
  std::size_t n = bytes.size();
  while (n >= 8) {
    // Little-endian by construction (byte by byte), so the result does not depend on the host.
    const std::uint32_t lo = crc ^ (std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 | std::uint32_t(p[2]) << 16 |
                                    std::uint32_t(p[3]) << 24);
    crc = tables[7][lo & 0xFFu] ^ tables[6][(lo >> 8) & 0xFFu] ^ tables[5][(lo >> 16) & 0xFFu] ^ tables[4][lo >> 24] ^
          tables[3][p[4]] ^ tables[2][p[5]] ^ tables[1][p[6]] ^ tables[0][p[7]];
    p += 8;
    n -= 8;
  }
  for (; n > 0; --n, ++p) crc = tables[0][(crc ^ *p) & 0xFFu] ^ (crc >> 8);
  return ~crc;
}

}  // namespace io::model
