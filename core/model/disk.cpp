#include "model/disk.h"

#include <algorithm>
#include <cstring>

#include "sim/assert.h"

namespace io::model {

Disk::Disk(DiskOptions options) : options_(options) {
  SIM_ASSERT(options_.block_size_bytes > 0);
  SIM_ASSERT(chunk_bytes % options_.block_size_bytes == 0);  // a block never straddles chunks
}

Disk::Chunk& Disk::writable_chunk(std::uint64_t index) {
  if (index >= chunks_.size()) chunks_.resize(index + 1);
  auto& chunk = chunks_[index];
  if (!chunk) {
    chunk = std::make_shared<Chunk>();
    std::memset(chunk->bytes, 0, chunk_bytes);
  } else if (chunk.use_count() > 1) {
    chunk = std::make_shared<Chunk>(*chunk);  // copy on write: a snapshot keeps the old chunk
  }
  SIM_ASSERT(chunk.use_count() == 1);
  return *chunk;
}

void Disk::write(std::uint64_t position, std::span<const std::uint8_t> bytes) {
  SIM_ASSERT(position + bytes.size() <= options_.capacity_bytes);
  std::uint64_t done = 0;
  while (done < bytes.size()) {
    const std::uint64_t at = position + done;
    const std::uint64_t in_chunk = at % chunk_bytes;
    const std::uint64_t n = std::min<std::uint64_t>(chunk_bytes - in_chunk, bytes.size() - done);
    std::memcpy(writable_chunk(at / chunk_bytes).bytes + in_chunk, bytes.data() + done, n);
    done += n;
  }
  size_bytes_ = std::max(size_bytes_, position + bytes.size());
}

DiskStatus Disk::read(std::uint64_t position, std::span<std::uint8_t> out) const {
  if (position + out.size() > size_bytes_) return DiskStatus::out_of_range;
  std::uint64_t done = 0;
  while (done < out.size()) {
    const std::uint64_t at = position + done;
    const std::uint64_t in_chunk = at % chunk_bytes;
    const std::uint64_t n = std::min<std::uint64_t>(chunk_bytes - in_chunk, out.size() - done);
    const auto& chunk = chunks_[at / chunk_bytes];
    SIM_ASSERT(chunk != nullptr);  // every byte below size_bytes_ was written
    std::memcpy(out.data() + done, chunk->bytes + in_chunk, n);
    done += n;
  }
  return DiskStatus::ok;
}

void Disk::flip_bit(std::uint64_t position, std::uint8_t bit) {
  SIM_ASSERT(position < size_bytes_);
  SIM_ASSERT(bit < 8);
  writable_chunk(position / chunk_bytes).bytes[position % chunk_bytes] ^= std::uint8_t(1u << bit);
}

std::uint64_t Disk::block_count() const {
  return (size_bytes_ + options_.block_size_bytes - 1) / options_.block_size_bytes;
}

std::size_t Disk::chunks_shared_with(const Disk& other) const {
  std::size_t shared = 0;
  const std::size_t n = std::min(chunks_.size(), other.chunks_.size());
  for (std::size_t i = 0; i < n; ++i) shared += (chunks_[i] && chunks_[i] == other.chunks_[i]) ? 1 : 0;
  return shared;
}

}  // namespace io::model
