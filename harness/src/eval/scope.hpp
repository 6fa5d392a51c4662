#pragma once
/// What templates can see while a case runs: the run id, profile variables, the case's
/// fixtures, its for_each item and the captures of earlier steps.
#include <atomic>
#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "suite/model.hpp"
#include "source/timestamp.hpp"

namespace scimcheck::eval {

using suite::Json;

struct Scope {
  std::string run_id;
  Json variables = Json::object();           ///< profile variables (after --var)
  std::atomic<std::uint64_t>* counter = nullptr;  ///< run-wide, for {{unique}}
  /// name -> {"kind", "body" (Entra's create body), "match": {"attribute", "value"}}
  std::map<std::string, Json> fixtures;
  /// for_each name -> {"path", "type", "filtered", "matching", "index", "value", "update",
  ///                   "update_text", "leaf"}
  std::map<std::string, Json> items;
  std::map<std::string, Json> captures;      ///< name -> captured value
  /// Every {{uuid}} drawn in this case. A service provider issues resource ids itself (RFC
  /// 7643 §3.1), so none of these names a resource the run did not create: a DELETE of one
  /// (an id never created) cannot touch anything real.
  std::set<std::string> drawn_uuids;

  /// "<run id>-<n>", a new n at each call.
  std::string next_unique();
};

/// "scimcheck-<run id>": the prefix of every name a run creates.
std::string run_prefix(const std::string& run_id);

/// A random (version 4) GUID.
using source::new_uuid;

}  // namespace scimcheck::eval
