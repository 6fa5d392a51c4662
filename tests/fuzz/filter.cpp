// Fuzz target: the SCIM filter parser (RFC 7644 §3.4.2.2), then validation and evaluation of
// what parses against a fixed user and group, and the round trip through to_string: the
// normalised text of a parsed filter must parse again to the same text.
#include <cstdlib>
#include <cstdio>

#include "fuzz_support.hpp"
#include "scim/filter.hpp"

using namespace scimcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const nlohmann::json user = fuzz::sample_user();
  static const nlohmann::json group = fuzz::sample_group();
  const std::string text = fuzz::input_text(data, size);
  auto parsed = scim::parse_filter(text);
  if (!parsed) return 0;
  const scim::Filter& filter = *parsed.value;
  (void)scim::validate_filter(filter, scim::ResourceKind::user);
  (void)scim::validate_filter(filter, scim::ResourceKind::group);
  (void)scim::matches(filter, user, scim::ResourceKind::user);
  (void)scim::matches(filter, group, scim::ResourceKind::group);
  const std::string normal = scim::to_string(filter);
  auto again = scim::parse_filter(normal);
  if (!again || scim::to_string(*again.value) != normal) {
    std::fprintf(stderr, "filter round trip broken: %s -> %s\n", normal.c_str(),
                 again ? scim::to_string(*again.value).c_str() : again.error.c_str());
    std::abort();
  }
  return 0;
}
