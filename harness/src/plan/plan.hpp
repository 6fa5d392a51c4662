#pragma once
/// Which checks run, in which order, and why the others are skipped: suites in the order
/// given, cases in file order, for_each cases expanded once per profile attribute.
#include <optional>
#include <string>
#include <vector>

#include "source/glob.hpp"
#include "suite/model.hpp"

namespace scimcheck::plan {

struct Selection {
  std::vector<std::string> only;  ///< glob patterns on case ids (`*` any run of characters)
  std::vector<std::string> skip;
  /// flag_off or flag_on: the checks of the other mode are skipped (before any other cause);
  /// both: none is skipped for its mode.
  suite::EntraMode mode = suite::EntraMode::flag_off;
};

struct PlannedCase {
  suite::Case kase;                  ///< for_each cases: id and title rendered for the item
  std::optional<suite::Json> item;   ///< the for_each item (path, type, filtered, matching, index)
  std::string item_kind;             ///< "user" | "group" for for_each items
  source::Span item_span;            ///< for_each items: the profile attribute mapping
  std::string skip_reason;           ///< non-empty: reported as skipped, nothing sent
  /// What every check skipped for the same cause needs, with what lifts it ("capability
  /// 'filtering', which profile twingate does not have: ..."); empty when the reason is its own.
  std::string skip_group;
};

struct PlannedSuite {
  const suite::Suite* suite = nullptr;
  std::vector<PlannedCase> cases;
};

struct Plan {
  /// Only suites with at least one check the selection keeps.
  std::vector<PlannedSuite> suites;
  /// Ids of the checks --only/--skip left out: in no suite above, so in no result or report;
  /// only their number is shown.
  std::vector<std::string> deselected;
  int runnable() const;
};

/// Check-id patterns: `*` matches any run of characters (source/glob.hpp).
using source::glob_match;

/// The items a for_each iterates over, from the profile mapping, filtered by `where`:
/// {"path", "type", "filtered", "matching", "index"}.
std::vector<suite::Json> for_each_items(const suite::ForEach& each, const suite::Profile& profile,
                                        std::string* kind);

/// Replaces {{<as>.KEY}} in text with the item's string values (used for ids and titles).
std::string substitute_item(const std::string& text, const std::string& as, const suite::Json& item);

Plan make_plan(const std::vector<suite::Suite>& suites, const suite::Profile& profile,
               const Selection& selection);

/// The --only and --skip patterns that match no check of the plan, selected or not (whatever
/// else skips it): most likely typos, which would otherwise select nothing and pass.
std::vector<std::string> unmatched_patterns(const Plan& plan, const Selection& selection);

}  // namespace scimcheck::plan
