#include "report/auth_line.hpp"

namespace scimcheck::report {

std::string lifetime_text(long long seconds) {
  if (seconds >= 60 && seconds % 60 == 0) return std::to_string(seconds / 60) + " min";
  return std::to_string(seconds) + " s";
}

std::string auth_summary(const result::AuthRecord& a) {
  if (a.type.rfind("oauth2", 0) != 0) return "";
  return a.type + ", access token lifetime " +
         (a.token_lifetime_s ? lifetime_text(*a.token_lifetime_s) : "not stated") + ", " +
         std::to_string(a.refreshes) + (a.refreshes == 1 ? " refresh" : " refreshes");
}

std::string auth_summary(const result::RunResult& run) {
  return run.auth ? auth_summary(*run.auth) : "";
}

}  // namespace scimcheck::report
