#include "sim/assert.h"

#include <cstdio>
#include <cstdlib>

namespace io::sim {

void assertion_failed(const char* expression, const char* file, int line) {
  std::fprintf(stderr, "SIM_ASSERT failed: %s\n  at %s:%d\n", expression, file, line);
  std::fflush(stderr);
  std::abort();
}

}  // namespace io::sim
