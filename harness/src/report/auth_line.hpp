#pragma once
/// How an OAuth run authenticated, in one line for the console, Markdown and HTML reports.
#include <string>

#include "result/model.hpp"

namespace scimcheck::report {

/// A token lifetime as people read it: whole minutes ("60 min"), else seconds ("2 s").
std::string lifetime_text(long long seconds);

/// "oauth2 client credentials, access token lifetime 60 min, 1 refresh" for oauth2; "" for
/// the other types.
std::string auth_summary(const result::AuthRecord& auth);

/// auth_summary of the run's auth record; "" for a run without one.
std::string auth_summary(const result::RunResult& run);

}  // namespace scimcheck::report
