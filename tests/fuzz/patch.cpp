// Fuzz target: the PATCH applier (RFC 7644 §3.5.2) on a fixed user and a fixed group, with
// the lenient options Entra needs and with all of them off; then the same bytes normalised as
// a resource body (what the reference server stores). An applied patch must leave a resource
// that is still a JSON object.
#include <cstdlib>

#include "fuzz_support.hpp"
#include "scim/patch.hpp"

using namespace scimcheck;

namespace {

void apply(const nlohmann::json& body, nlohmann::json resource, scim::ResourceKind kind,
           const scim::PatchOptions& options) {
  if (!scim::apply_patch(resource, body, kind, options) && !resource.is_object()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const nlohmann::json user = fuzz::sample_user();
  static const nlohmann::json group = fuzz::sample_group();
  static const scim::PatchOptions lenient;
  static const scim::PatchOptions strict{false, false, false, false, false, false};
  nlohmann::json body = nlohmann::json::parse(fuzz::input_text(data, size), nullptr, false);
  if (body.is_discarded()) return 0;
  apply(body, user, scim::ResourceKind::user, lenient);
  apply(body, group, scim::ResourceKind::group, lenient);
  apply(body, user, scim::ResourceKind::user, strict);
  scim::normalise_resource(body, scim::ResourceKind::user, lenient);
  return 0;
}
