#pragma once
/// Checks that hold across suites: the checks named by setup steps and depends_on exist, a
/// case has a step that is not setup, and no chain of depends_on comes back to its start.
#include <set>
#include <string>
#include <vector>

#include "source/diagnostic.hpp"
#include "suite/model.hpp"

namespace scimcheck::suite {

/// `known` holds the ids a reference may name besides those of `suites` (the shipped suites,
/// when only some files are checked).
void check_references(const std::vector<Suite>& suites, const std::set<std::string>& known,
                      source::Diagnostics& diagnostics);

}  // namespace scimcheck::suite
