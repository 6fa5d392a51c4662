#include "eval/scope.hpp"

#include <cstdio>
#include <random>

namespace scimcheck::eval {

std::string Scope::next_unique() {
  const std::uint64_t n = counter ? ++*counter : 0;
  return run_id + "-" + std::to_string(n);
}

std::string run_prefix(const std::string& run_id) { return "scimcheck-" + run_id; }

}  // namespace scimcheck::eval
