#include "report/readiness.hpp"

#include "source/glob.hpp"

namespace scimcheck::report {
namespace {

using nlohmann::json;
using result::Outcome;
using Status = ReadinessStatus;

constexpr const char* kTlsCitation = "entra-contract.md §1.2 (TLS)";
constexpr const char* kAuthCitation = "entra-contract.md §2.2, §4.5";
constexpr const char* kModesCitation = "entra-contract.md §1.4";
constexpr const char* kLoadCitation = "entra-contract.md §2.3, §4.5";
/// Check ids named in a line's reason before "and N more".
constexpr std::size_t kNamedChecks = 4;

ReadinessLine https_line(const result::Readiness& r) {
  ReadinessLine line{"gallery.https", "HTTPS", Status::met, "the target is https://", kTlsCitation};
  if (r.scheme != "https") {
    line.status = Status::blocker;
    line.why = "the target is plain " + (r.scheme.empty() ? std::string("http") : r.scheme) +
               "://; Entra connects only over HTTPS with TLS 1.2";
  }
  return line;
}

std::string negotiated(const http::TlsAttempt& a) {
  if (a.version.empty() && a.cipher.empty()) return "";
  return a.version + (a.cipher.empty() ? "" : " with " + a.cipher);
}

/// The TLS lines' reason when there is no probe to judge.
std::string no_probe(const result::Readiness& r) {
  return r.scheme == "https" ? "the TLS probe did not run" : "no TLS: the target is plain http://";
}

ReadinessLine legacy_line(const result::Readiness& r) {
  ReadinessLine line{"gallery.tls.legacy", "TLS 1.0 and 1.1 refused", Status::not_tested, "",
                     kTlsCitation};
  if (!r.tls) {
    line.why = no_probe(r);
    return line;
  }
  const http::TlsAttempt& a = r.tls->legacy;
  switch (a.verdict) {
    case http::TlsVerdict::refused:
      line.status = Status::met;
      line.why = "a handshake offering only TLS 1.0 and 1.1 was refused (" + a.error + ")";
      break;
    case http::TlsVerdict::accepted: {
      line.status = Status::blocker;
      const std::string how = negotiated(a);
      line.why = "the server accepted a handshake offering only TLS 1.0 and 1.1" +
                 (how.empty() ? "" : " (" + how + ")") + "; Entra accepts only TLS 1.2";
      break;
    }
    case http::TlsVerdict::unreachable:
      line.why = "could not connect: " + a.error;
      break;
  }
  return line;
}

ReadinessLine tls12_line(const result::Readiness& r) {
  ReadinessLine line{"gallery.tls.tls12", "TLS 1.2 with a suite Entra offers", Status::not_tested,
                     "", kTlsCitation};
  if (!r.tls) {
    line.why = no_probe(r);
    return line;
  }
  const http::TlsAttempt& a = r.tls->tls12;
  switch (a.verdict) {
    case http::TlsVerdict::accepted:
      if (!a.error.empty()) {
        line.status = Status::blocker;
        line.why = "TLS 1.2 was accepted but the certificate failed verification: " + a.error;
      } else {
        line.status = Status::met;
        line.why = "negotiated " + negotiated(a);
      }
      break;
    case http::TlsVerdict::refused:
      line.status = Status::blocker;
      line.why = "a TLS 1.2 handshake offering only the ECDHE AES-GCM/CBC suites was refused (" +
                 a.error + ")";
      break;
    case http::TlsVerdict::unreachable:
      line.why = "could not connect: " + a.error;
      break;
  }
  return line;
}

ReadinessLine auth_line(const result::RunResult& run) {
  ReadinessLine line{"gallery.auth", "OAuth 2.0 client credentials", Status::blocker, "",
                     kAuthCitation};
  if (!run.auth) {
    line.status = Status::not_tested;
    line.why = "the run recorded no authentication method";
    return line;
  }
  const std::string& type = run.auth->type;
  if (type == "oauth2 client credentials") {
    line.status = Status::met;
    line.why = "the run obtained its access token with the client-credentials grant";
  } else if (type == "bearer") {
    line.why = "a long-lived bearer token: not accepted for new gallery submissions";
  } else if (type == "basic") {
    line.why = "Basic authentication: Entra does not support it";
  } else if (type == "oauth2 refresh token") {
    line.why =
        "tokens renewed with the refresh-token grant (authorization code): not accepted "
        "for new gallery submissions, which must offer client credentials";
  } else {
    line.why = "no authentication (" + type + "): new gallery apps must offer client credentials";
  }
  return line;
}

ReadinessLine lifetime_line(const result::RunResult& run) {
  ReadinessLine line{"gallery.token-lifetime", "Access-token lifetime 60 min to 6 h",
                     Status::not_tested, "", "entra-contract.md §2.2 (client credentials row)"};
  if (!run.auth || run.auth->type.rfind("oauth2", 0) != 0) {
    line.why = "no OAuth access token in this run";
    return line;
  }
  const auto in_range = result::lifetime_in_gallery_range(*run.auth);
  if (!in_range) {
    line.why = "the token endpoint did not say expires_in";
    return line;
  }
  const long long s = *run.auth->token_lifetime_s;
  line.status = *in_range ? Status::met : Status::blocker;
  line.why = "expires_in " + std::to_string(s) + " s (" + std::to_string(s / 60) + " min)" +
             (*in_range ? "" : "; the onboarding validation checks 60 to 360 min");
  return line;
}

ReadinessLine modes_line(const result::RunResult& run) {
  if (run.entra_mode == "both")
    return {"gallery.entra-modes", "Both Entra modes tested", Status::met,
            "flag-off and flag-on request shapes tested", kModesCitation};
  return {"gallery.entra-modes", "Both Entra modes tested", Status::warning,
          "only " + (run.entra_mode.empty() ? std::string("one mode") : run.entra_mode) +
              " tested; tenants may send either (aadOptscim062020)",
          kModesCitation};
}

void load_lines(const result::Readiness& r, std::vector<ReadinessLine>& lines) {
  if (r.load.empty()) {
    lines.push_back({"gallery.load", "At least 25 requests/s", Status::not_tested,
                     "no load result merged: run `scimcheck load`, then `scimcheck report "
                     "results.json load.json`",
                     kLoadCitation});
    return;
  }
  for (const auto& t : r.load) {
    const result::GalleryLoadRule* rule = nullptr;
    for (const auto& candidate : r.load_rules)
      if (candidate.threshold == t.id) rule = &candidate;
    ReadinessLine line{"gallery." + t.id, t.title, Status::met,
                       "measured " + t.actual + " (expected " + t.expected + ")",
                       rule ? rule->citation : ""};
    if (t.status == "failed")
      line.status = rule && rule->blocker ? Status::blocker : Status::warning;
    else if (t.status != "passed")
      line = {line.key, t.title, Status::not_tested, t.status + ": " + t.actual, line.citation};
    lines.push_back(std::move(line));
  }
}

std::string named(const std::vector<std::string>& ids) {
  std::string out;
  for (std::size_t i = 0; i < ids.size() && i < kNamedChecks; ++i) out += (i ? ", " : "") + ids[i];
  if (ids.size() > kNamedChecks)
    out += " and " + std::to_string(ids.size() - kNamedChecks) + " more";
  return out;
}

bool ran(Outcome outcome) {
  return outcome != Outcome::skipped && outcome != Outcome::not_evaluated;
}

/// A requirement is met only when each of its check patterns matched a check that ran, and
/// every check that ran passed.
ReadinessLine requirement_line(const result::RunResult& run,
                               const result::GalleryRequirement& req) {
  ReadinessLine line{"gallery.onboarding." + req.id, req.title, Status::not_tested, "",
                     req.citation};
  std::vector<std::string> passed, problems, warned, not_run;
  const result::CaseResult* first_problem = nullptr;
  const result::CaseResult* first_skipped = nullptr;
  for (const auto& pattern : req.checks) {
    bool covered = false;
    for (const auto& suite : run.suites)
      for (const auto& kase : suite.cases) {
        if (!source::glob_match(pattern, kase.id)) continue;
        covered = covered || ran(kase.outcome);
        if (!ran(kase.outcome)) {
          if (!first_skipped) first_skipped = &kase;
        } else if (kase.outcome == Outcome::passed) {
          passed.push_back(kase.id);
        } else if (kase.outcome == Outcome::warning) {
          warned.push_back(kase.id);
        } else {
          problems.push_back(kase.id);
          if (!first_problem) first_problem = &kase;
        }
      }
    if (!covered) not_run.push_back(pattern);
  }
  if (first_problem) {
    line.status = req.optional ? Status::warning : Status::blocker;
    line.why = std::string(to_string(first_problem->outcome)) + ": " + named(problems);
    if (!first_problem->reason.empty()) line.why += " (" + first_problem->reason + ")";
  } else if (!warned.empty()) {
    line.status = Status::warning;
    line.why = "warnings: " + named(warned);
  } else if (not_run.empty()) {
    line.status = Status::met;
    line.why = "passed: " + named(passed);
  } else {
    line.why =
        (passed.empty() ? "" : "passed: " + named(passed) + "; ") + "not run: " + named(not_run);
    if (first_skipped)
      line.why += " (" + first_skipped->id + " skipped" +
                  (first_skipped->reason.empty() ? "" : ": " + first_skipped->reason) + ")";
  }
  return line;
}

}  // namespace

const char* to_string(ReadinessStatus status) {
  switch (status) {
    case Status::met:
      return "met";
    case Status::blocker:
      return "blocker";
    case Status::warning:
      return "warning";
    case Status::not_tested:
      break;
  }
  return "not tested";
}

std::vector<ReadinessLine> readiness_lines(const result::RunResult& run) {
  std::vector<ReadinessLine> lines;
  if (!run.readiness) return lines;
  const result::Readiness& r = *run.readiness;
  lines.push_back(https_line(r));
  lines.push_back(legacy_line(r));
  lines.push_back(tls12_line(r));
  lines.push_back(auth_line(run));
  lines.push_back(lifetime_line(run));
  lines.push_back(modes_line(run));
  load_lines(r, lines);
  for (const auto& req : r.requirements) lines.push_back(requirement_line(run, req));
  return lines;
}

std::string readiness_summary(const std::vector<ReadinessLine>& lines) {
  int counts[4] = {0, 0, 0, 0};
  for (const auto& line : lines) ++counts[static_cast<int>(line.status)];
  auto count = [](int n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  return std::string(counts[1] > 0 ? "not ready: " : "no blocker: ") +
         count(counts[0], "met", "met") + ", " + count(counts[1], "blocker", "blockers") + ", " +
         count(counts[2], "warning", "warnings") + ", " +
         count(counts[3], "not tested", "not tested");
}

std::filesystem::path requirement_table_file(const std::filesystem::path& root) {
  return root / "suites" / "gallery" / "readiness.json";
}

result::Readiness new_readiness(const RequirementTable& table, const std::string& url) {
  result::Readiness r;
  const auto colon = url.find("://");
  r.scheme = colon == std::string::npos ? "" : url.substr(0, colon);
  r.requirements = table.requirements;
  r.load_rules = table.load_rules;
  return r;
}

}  // namespace scimcheck::report
