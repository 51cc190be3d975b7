#pragma once
// CRC32C (Castagnoli), the checksum of iSCSI, ext4 metadata and many logs. Every record in the
// event log carries one, so that silent corruption on disk is caught when the record is read
// ("trust, but verify"). Written here from the polynomial, table-driven (slicing-by-8), so that
// WebAssembly computes it too; natively the CPU's crc32 instruction gives the same values faster.

#include <cstdint>
#include <span>

namespace io::model {

// CRC32C of `bytes`, continuing from a previous result `crc` (0 to start). Natively on a CPU
// with SSE 4.2, from its crc32 instruction (the same values); otherwise crc32c_portable().
std::uint32_t crc32c(std::span<const std::uint8_t> bytes, std::uint32_t crc = 0);
// The same, from the tables alone: what WebAssembly computes, and the reference for the other.
std::uint32_t crc32c_portable(std::span<const std::uint8_t> bytes, std::uint32_t crc = 0);

}  // namespace io::model
