// Fuzz target: the SCIM attribute path parser (RFC 7644 §3.10, the PATCH PATH grammar), then
// selection of what the path names in a fixed user and group.
#include "fuzz_support.hpp"
#include "scim/path.hpp"

using namespace scimcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const nlohmann::json user = fuzz::sample_user();
  static const nlohmann::json group = fuzz::sample_group();
  const std::string text = fuzz::input_text(data, size);
  auto parsed = scim::parse_path(text);
  if (!parsed) return 0;
  (void)scim::select(user, *parsed.value, scim::ResourceKind::user);
  (void)scim::select(group, *parsed.value, scim::ResourceKind::group);
  (void)scim::container_urn(*parsed.value, scim::ResourceKind::user);
  return 0;
}
