#pragma once
/// The whole effect of a write (RFC 7644 §3.5.1 PUT, §3.5.2 PATCH): a resource read back
/// after the write, compared with the resource read before it. The write must change what it
/// names and nothing else.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "scim/attributes.hpp"
#include "scim/path.hpp"

namespace scimcheck::check {

/// Most differences listed; one more line says how many were left out.
constexpr std::size_t kMaxDifferencesListed = 8;

/// Levels of nesting compared; deeper values are compared whole (the body parser already
/// refuses deeper documents, this keeps the walk bounded whatever it is given).
constexpr int kMaxCompareDepth = 64;

/// Arrays longer than this are compared in order instead of as unordered sets.
constexpr std::size_t kMaxUnorderedElements = 1000;

/// The differences between `before` and `after` outside what the `except` paths select
/// (SCIM paths, value filters allowed: `emails[type eq "work"].value`), one line each
/// ("name.familyName: \"Jensen\" -> absent"). Ignores meta.lastModified and meta.version, which
/// RFC 7643 §3.1 has the service provider change on every write, and the extension URNs of
/// `schemas`, which follow the extension attributes (compared themselves). Unassigned values
/// (absent, null, [], {}) are equal (RFC 7643 §2.5); strings compare exactly; multi-valued
/// attributes compare as unordered sets (RFC 7643 §2.4). With `may_clear`, a value present
/// before and unassigned after is accepted (a PUT that omits a readWrite attribute may clear
/// it, RFC 7644 §3.5.1). Empty: nothing else changed.
std::vector<std::string> unexpected_changes(nlohmann::json before, nlohmann::json after,
                                            const std::vector<scim::AttrPath>& except,
                                            scim::ResourceKind kind, bool may_clear = false);

}  // namespace scimcheck::check
