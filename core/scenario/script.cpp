#include "scenario/script.h"

#include "model/world.h"
#include "sim/assert.h"

namespace io::scenario {

const char* to_string(CompareOp op) {
  switch (op) {
    case CompareOp::lt: return "<";
    case CompareOp::le: return "<=";
    case CompareOp::eq: return "==";
    case CompareOp::ne: return "!=";
    case CompareOp::ge: return ">=";
    case CompareOp::gt: return ">";
  }
  return "?";
}

std::optional<CompareOp> compare_op_from_string(std::string_view text) {
  for (CompareOp op : {CompareOp::lt, CompareOp::le, CompareOp::eq, CompareOp::ne, CompareOp::ge, CompareOp::gt}) {
    if (text == to_string(op)) return op;
  }
  return std::nullopt;
}

bool Condition::holds(std::int64_t actual) const {
  switch (op) {
    case CompareOp::lt: return actual < value;
    case CompareOp::le: return actual <= value;
    case CompareOp::eq: return actual == value;
    case CompareOp::ne: return actual != value;
    case CompareOp::ge: return actual >= value;
    case CompareOp::gt: return actual > value;
  }
  SIM_ASSERT(false && "unknown comparison");
  return false;
}

std::string Condition::text() const {
  return metric.name + " " + to_string(op) + " " + std::to_string(value);
}

std::int64_t condition_value(const Condition& condition, const model::MetricsSample& sample, const model::World& world) {
  SIM_ASSERT(sample.tick == world.now());
  return model::metric_value(condition.metric, sample, world);
}

}  // namespace io::scenario
