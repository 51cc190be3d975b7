#include "model/borrowers.h"

#include "sim/assert.h"

namespace io::model {

Borrowers::Borrowers(BorrowersOptions options, const std::vector<std::uint64_t>& seeds) : options_(std::move(options)) {
  SIM_ASSERT(seeds.size() == options_.repay_ppm.size());
  SIM_ASSERT(options_.denial_harm_ppm <= sim::ppm_one);
  SIM_ASSERT(options_.history_loans <= BorrowersOptions::history_loans_max);
  for (std::size_t i = 0; i < seeds.size(); ++i) {
    SIM_ASSERT(options_.repay_ppm[i] <= sim::ppm_one);
    repay_streams_.emplace_back(sim::derive_seed(seeds[i], "repay"));
    harm_streams_.emplace_back(sim::derive_seed(seeds[i], "harm"));
  }
}

bool Borrowers::repays(std::size_t index) {
  SIM_ASSERT(index < repay_streams_.size());
  return repay_streams_[index].chance_ppm(options_.repay_ppm[index]);
}

bool Borrowers::harmed_by_denial(std::size_t index) {
  SIM_ASSERT(index < harm_streams_.size());
  return harm_streams_[index].chance_ppm(options_.denial_harm_ppm);
}

}  // namespace io::model
