#pragma once
// A value or an error (std::expected is C++23 and missing from Emscripten's libc++ 14). Expected
// failures — a checksum mismatch, a bad scenario file — travel as values, never as exceptions.

#include <utility>
#include <variant>

#include "sim/assert.h"

namespace io::sim {

template <typename E>
struct Failure {
  E error;
};
template <typename E>
Failure(E) -> Failure<E>;

template <typename T, typename E>
class Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit on purpose
  Result(Failure<E> f) : v_(std::in_place_index<1>, std::move(f.error)) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  const T& value() const& {
    SIM_ASSERT(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    SIM_ASSERT(ok());
    return std::get<0>(std::move(v_));
  }
  const E& error() const {
    SIM_ASSERT(!ok());
    return std::get<1>(v_);
  }

 private:
  std::variant<T, E> v_;
};

}  // namespace io::sim
