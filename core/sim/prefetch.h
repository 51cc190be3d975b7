#pragma once
// Asking for a cache line before it is needed, so that the misses of a big table's random probes
// overlap instead of following one another.

#include <cstdint>

namespace io::sim {

// Starts fetching the cache line that holds `p`, which must point into live memory. Nothing
// observable changes: only when the bytes arrive.
inline void prefetch(const void* p) {
#if defined(__wasm__)
  // WebAssembly has no prefetch (the builtin compiles to nothing). A load whose value is dropped
  // does the same on an out-of-order CPU: the line is fetched while later work goes on.
  (void)*static_cast<const volatile std::uint8_t*>(p);
#else
  __builtin_prefetch(p);
#endif
}

}  // namespace io::sim
