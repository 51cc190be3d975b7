#pragma once
// CRC32C (Castagnoli), the checksum of iSCSI, ext4 metadata and many logs. Every record in the
// event log carries one, so that silent corruption on disk is caught when the record is read
// ("trust, but verify"). Written here from the polynomial, table-driven (slicing-by-8), no
// hardware intrinsics, so native and WebAssembly builds compute the same value.

#include <cstdint>
#include <span>

namespace io::model {

// CRC32C of `bytes`, continuing from a previous result `crc` (0 to start).
std::uint32_t crc32c(std::span<const std::uint8_t> bytes, std::uint32_t crc = 0);

}  // namespace io::model
