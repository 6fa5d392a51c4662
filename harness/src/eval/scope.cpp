#include "eval/scope.hpp"

#include <cstdio>
#include <random>

namespace scimcheck::eval {

std::string Scope::next_unique() {
  const std::uint64_t n = counter ? ++*counter : 0;
  return run_id + "-" + std::to_string(n);
}

std::string run_prefix(const std::string& run_id) { return "scimcheck-" + run_id; }

std::string new_uuid() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uniform_int_distribution<std::uint64_t> dist;
  std::uint64_t hi = dist(rng), lo = dist(rng);
  hi = (hi & 0xFFFFFFFFFFFF0FFFull) | 0x0000000000004000ull;  // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;  // RFC 4122 variant
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx",
                static_cast<unsigned>(hi >> 32), static_cast<unsigned>((hi >> 16) & 0xFFFF),
                static_cast<unsigned>(hi & 0xFFFF), static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
  return buf;
}

}  // namespace scimcheck::eval
