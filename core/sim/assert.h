#pragma once
// Always-on assertions for programmer errors (TigerBeetle's TIGER_STYLE): they stay in release
// and WebAssembly builds, because a simulator that silently continues past a broken invariant
// teaches the wrong lesson. Expected failures (bad input, simulated corruption) are values instead.

namespace io::sim {

[[noreturn]] void assertion_failed(const char* expression, const char* file, int line);

}  // namespace io::sim

#define SIM_ASSERT(condition)                                                  \
  do {                                                                         \
    if (!(condition)) [[unlikely]]                                             \
      ::io::sim::assertion_failed(#condition, __FILE__, __LINE__);             \
  } while (false)
