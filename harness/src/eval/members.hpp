#pragma once
/// What a `{{fixture.member}}` or `{{item.member}}` template reads, known before the run from
/// the profile's mapping: lint refuses a member that cannot be anything, the plan skips a
/// check that reads an attribute the profile does not map.
#include <string>
#include <vector>

#include "source/diagnostic.hpp"
#include "suite/model.hpp"

namespace scimcheck::eval {

/// The members of a fixture that are not attribute paths (see lookup in eval/render.hpp):
/// "body", "match.attribute", "match.value", "kind"; and "body_without.<path>".
const std::vector<std::string>& fixture_fields();

/// The members of a for_each item: "path", "type", "filtered", "matching", "index" (from the
/// mapping), "value", "update", "update_text", "leaf" (generated, see make_item).
const std::vector<std::string>& item_members();

enum class MemberKind {
  field,     ///< one of fixture_fields(), or a path the mapping fills
  unmapped,  ///< a SCIM attribute (or one the profile names) that this mapping leaves out
  unknown,   ///< neither a field nor an attribute: an authoring mistake
};

struct MemberResolution {
  MemberKind kind = MemberKind::field;
  std::string path;  ///< the attribute path read, for unmapped ones
  std::string hint;  ///< did-you-mean, for unknown ones
  std::string why;   ///< for unknown ones: what is wrong
};

/// Resolves the member of a fixture of `kind` ("user", "group") against the mapping the
/// fixture's create body is built from (make_fixture). An attribute counts as known when
/// RFC 7643's User (with the enterprise extension) or Group defines it, or when the mapping
/// names it (an app's own sub-attribute such as name.displayName).
MemberResolution resolve_fixture_member(const std::string& kind, const std::string& member,
                                        const suite::ResourceMapping& mapping);

/// Checks every fixture and for_each item member the suites' cases use against the profile:
/// an error at each unknown member (with did-you-mean). With `notes`, also one warning per
/// attribute the mapping leaves out, at its first use: the checks reading it are skipped.
void check_members(const std::vector<suite::Suite>& suites, const suite::Profile& profile,
                   source::Diagnostics& diagnostics, bool notes);

}  // namespace scimcheck::eval
