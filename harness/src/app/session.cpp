#include "app/session.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <random>
#include <set>

#include "app/option_groups.hpp"
#include "app/profile_setup.hpp"
#include "app/signals.hpp"
#include "check/schema_registry.hpp"
#include "eval/members.hpp"
#include "http/auth.hpp"
#include "http/curl_transport.hpp"
#include "http/redact.hpp"
#include "http/url.hpp"
#include "plan/plan.hpp"
#include "run/preflight.hpp"
#include "server/server.hpp"
#include "source/diagnostic_render.hpp"
#include "source/root.hpp"
#include "suite/loader.hpp"
#include "suite/profile_check.hpp"
#include "suite/profile_lookup.hpp"

namespace scimcheck::app {

namespace fs = std::filesystem;

namespace {
/// Longest wait for one request of the final cleanup, in seconds.
constexpr double kCleanupTimeoutS = 10;
/// Largest token endpoint answer read (body, and headers), and its longest wait.
constexpr std::size_t kMaxTokenAnswerBytes = 64 * 1024;
constexpr double kTokenTimeoutS = 30;
}  // namespace

struct Session::State {
  fs::path root;
  suite::Profile profile;
  std::vector<suite::Suite> suites;
  suite::EntraMode mode = suite::EntraMode::flag_off;
  plan::Plan plan;
  suite::Json variables = suite::Json::object();
  RunOptions options;
  // Target
  std::unique_ptr<server::ReferenceServer> server;
  std::string base_url;
  std::unique_ptr<check::SchemaRegistry> schemas;
  std::shared_ptr<http::Authorizer> authorizer;
  std::shared_ptr<http::Redactor> redactor = std::make_shared<http::Redactor>();
  std::shared_ptr<http::Pacer> pacer;  // shared by every transport of the run
  http::CurlOptions curl;               // timeout and TLS settings of every transport
};

Session::Session() : state_(std::make_unique<State>()) {}
Session::~Session() = default;

namespace {

std::string random_secret(std::size_t n = 32) {
  std::random_device rd;
  std::uniform_int_distribution<int> dist(0, 61);
  static const char* chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::string s;
  for (std::size_t i = 0; i < n; ++i) s += chars[dist(rd)];
  return s;
}

/// A found file as shown in diagnostics and reports: relative to the working folder when
/// inside it.
std::string shown_path(const fs::path& file) {
  std::error_code ec;
  const fs::path relative = file.lexically_relative(fs::current_path(ec));
  return relative.empty() || relative.string().rfind("..", 0) == 0 ? file.string() : relative.string();
}

/// Whether a profile's suite entry names a place of its own rather than a glob under suites/.
bool relative_to_profile(const std::string& entry) {
  return entry.rfind("./", 0) == 0 || entry.rfind("../", 0) == 0 || fs::path(entry).is_absolute();
}

}  // namespace

std::vector<std::string> profile_suite_files(const fs::path& root, const suite::Profile& profile,
                                             source::Diagnostics& diagnostics) {
  std::vector<std::string> files;
  for (std::size_t i = 0; i < profile.suites.size(); ++i) {
    const std::string& entry = profile.suites[i];
    const bool own = relative_to_profile(entry);
    std::error_code ec;
    const fs::path pattern =
        own ? (fs::absolute(profile.file, ec).parent_path() / entry).lexically_normal() : fs::path(entry);
    const fs::path dir = own ? pattern.parent_path() : root / "suites" / pattern.parent_path();
    std::vector<std::string> found;
    for (const auto& e : fs::directory_iterator(dir, ec))
      if (plan::glob_match(pattern.filename().string(), e.path().filename().string()))
        found.push_back(shown_path(e.path()));
    std::sort(found.begin(), found.end());
    if (found.empty())
      diagnostics.push_back({source::Severity::error,
                             i < profile.suite_spans.size() ? profile.suite_spans[i] : profile.span,
                             "the profile's suite \"" + entry + "\" matches no file " +
                                 (own ? "in " + dir.string() : std::string("under suites/")) +
                                 (own ? "" : " (a path starting with ./ or ../ is relative to the profile)"),
                             ""});
    for (auto& f : found)
      if (std::find(files.begin(), files.end(), f) == files.end()) files.push_back(f);
  }
  return files;
}

void check_authoring(const fs::path& root, const suite::Profile& profile,
                     const std::vector<suite::Suite>& suites, source::Diagnostics& diagnostics,
                     bool notes) {
  auto known = suite::shipped_capabilities(root);
  known.merge(suite::suite_capabilities(suites));
  suite::check_capabilities(profile, known, diagnostics);
  eval::check_members(suites, profile, diagnostics, notes);
}

suite::EntraMode choose_mode(const std::string& entra_mode, const std::string& url,
                             suite::EntraMode profile_mode) {
  // An explicit --entra-mode wins over the URL's flag: "both" with ?aadOptscim062020 runs
  // every check, each with its own shapes (the flag only names the tenant's setting).
  if (!entra_mode.empty())
    return suite::parse_entra_mode(entra_mode).value_or(suite::EntraMode::flag_off);
  if (!url.empty() && http::has_entra_flag(url)) return suite::EntraMode::flag_on;
  return profile_mode == suite::EntraMode::any ? suite::EntraMode::flag_off : profile_mode;
}

namespace {

/// The suites of a run, checked against the profile: --suite files instead of the profile's,
/// then the --add-suite files. Problems go to `diagnostics`.
std::vector<suite::Suite> load_selected_suites(const fs::path& root, const suite::Profile& profile,
                                               const SelectionOptions& selection,
                                               source::Diagnostics& diagnostics) {
  std::vector<std::string> files = selection.suites;
  if (files.empty()) files = profile_suite_files(root, profile, diagnostics);
  for (const auto& f : selection.add_suites)
    if (std::find(files.begin(), files.end(), f) == files.end()) files.push_back(f);
  std::vector<suite::Suite> suites;
  for (const auto& f : files) {
    if (auto suite = suite::load_suite(f, {root}, diagnostics)) suites.push_back(std::move(*suite));
  }
  if (!source::has_errors(diagnostics)) {
    suite::check_against_profile(suites, profile, diagnostics);
    check_authoring(root, profile, suites, diagnostics, false);
  }
  return suites;
}

}  // namespace

int Session::load(const RunOptions& options, std::ostream& err) {
  State& s = *state_;
  s.options = options;
  auto root = source::find_root();
  if (!root) {
    err << "scimcheck: cannot find the suites/ and schemas/ folders; set SCIMCHECK_ROOT to the "
           "scimcheck folder\n";
    return 2;
  }
  s.root = *root;
  suite::LoadOptions load_options{s.root};
  source::Diagnostics diagnostics;
  auto lookup = source::file_lookup();

  std::string lookup_error;
  const auto profile_path = suite::find_profile(s.root, options.target.profile, &lookup_error);
  if (!profile_path) {
    err << "scimcheck: " << lookup_error << "\n";
    return 2;
  }
  auto profile = suite::load_profile(*profile_path, load_options, diagnostics);
  if (!profile) {
    err << source::render_all(diagnostics, lookup);
    return 2;
  }
  s.profile = std::move(*profile);
  for (const auto& c : options.selection.capabilities)
    if (!s.profile.has_capability(c)) s.profile.capabilities.push_back(c);

  s.suites = load_selected_suites(s.root, s.profile, options.selection, diagnostics);

  const bool embedded = options.target.url.empty();
  const auto given = parse_var_options(options.target.vars, err);
  if (!given) return 2;
  auto variables = resolve_variables(s.profile, *given, embedded, err);
  if (!variables) return 2;
  s.variables = std::move(*variables);
  for (const auto& var : s.profile.variables)
    if (auto it = s.variables.find(var.name); var.secret && it != s.variables.end() && it->is_string())
      s.redactor->add_secret(it->get<std::string>());

  s.mode = choose_mode(options.selection.entra_mode, options.target.url, s.profile.mode);

  if (source::has_errors(diagnostics)) {
    err << source::render_all(diagnostics, lookup);
    return 2;
  }
  if (!diagnostics.empty()) err << source::render_all(diagnostics, lookup);
  const plan::Selection selection{options.selection.only, options.selection.skip, s.mode};
  s.plan = plan::make_plan(s.suites, s.profile, selection);
  if (const auto unmatched = plan::unmatched_patterns(s.plan, selection); !unmatched.empty()) {
    for (const auto& pattern : unmatched)
      err << "scimcheck: \"" << pattern << "\" matches no check of profile " << s.profile.name
          << " (ids: scimcheck list --profile " << s.profile.name << ")\n";
    return 2;
  }
  return 0;
}

namespace {

/// The profile's token URL, absolute (relative ones are under the SCIM base URL); "" if none.
std::string profile_token_url(const suite::Profile& profile, const std::string& base_url) {
  const std::string& t = profile.auth.token_url;
  if (t.empty()) return "";
  return t.rfind("http", 0) == 0 ? t : http::join_url(base_url, t, {});
}

/// The secret for --url: SCIM_TOKEN, --token-env or --token-file, which may hold a JSON
/// token set (http/auth.hpp target_auth). False with the problem written to err.
bool read_target_credential(const suite::Profile& profile, const std::string& base_url,
                            http::Redactor& redactor, const AuthOptions& options,
                            http::AuthConfig& auth, std::ostream& err) {
  std::string error;
  auto given = http::target_auth({auth.type, profile_token_url(profile, base_url)},
                                 {options.token_env, options.token_file}, &error);
  if (!given) {
    err << "scimcheck: " << error << "\n";
    return false;
  }
  auth = std::move(*given);
  redactor.add_secret(auth.secret);
  return true;
}

/// The pacer every transport of the run shares; null with the problem written to err when
/// a value is negative.
std::shared_ptr<http::Pacer> make_pacer(const PacingOptions& options, std::ostream& err) {
  if (options.rate < 0 || options.max_retries < 0 || options.max_retry_wait_s < 0) {
    err << "scimcheck: --rate, --max-retries and --max-retry-wait must not be negative\n";
    return nullptr;
  }
  http::PacingOptions pacing;
  pacing.rate = options.rate;
  pacing.max_retries = options.max_retries;
  pacing.max_wait = std::chrono::milliseconds(static_cast<long long>(options.max_retry_wait_s * 1000));
  return std::make_shared<http::Pacer>(pacing);
}

/// The secret the embedded server accepts: SCIM_TOKEN (or --token-env/--token-file) when set,
/// else a random one. nullopt with the problem written to err.
std::optional<std::string> embedded_secret(const AuthOptions& options, std::ostream& err) {
  const http::CredentialSource source{options.token_env, options.token_file};
  if (!http::secret_given(source)) return random_secret();
  std::string error;
  auto given = http::read_credential(source, &error);
  if (!given) {
    err << "scimcheck: " << error << "\n";
    return std::nullopt;
  }
  if (given->grant) {
    err << "scimcheck: token file " << options.token_file
        << " holds an OAuth token set, which only a --url target can accept (the embedded "
           "server issues its own tokens)\n";
    return std::nullopt;
  }
  return given->secret;
}

/// Gives the embedded server the run's secret in the form the profile's auth type takes, and
/// the run the matching credential.
void share_secret(const std::string& secret, server::ServerOptions& so, http::AuthConfig& auth) {
  if (auth.type == "oauth2") {
    so.client_id = "scimcheck-" + random_secret(8);
    so.client_secret = secret;
    auth.secret = so.client_id + ":" + so.client_secret;
  } else if (auth.type == "basic") {
    so.basic_user = "scimcheck";
    so.basic_password = secret;
    auth.secret = so.basic_user + ":" + so.basic_password;
  } else {
    so.tokens = {secret};
    auth.secret = secret;
  }
}

/// The transport of token requests: the run's TLS settings, bounded tighter than SCIM
/// answers (token endpoint answers are small and quick).
std::function<std::unique_ptr<http::Transport>()> token_transport(const http::CurlOptions& curl) {
  http::CurlOptions token_curl = curl;
  token_curl.max_response_bytes = kMaxTokenAnswerBytes;
  token_curl.max_header_bytes = kMaxTokenAnswerBytes;
  token_curl.timeout_s = std::min(token_curl.timeout_s > 0 ? token_curl.timeout_s : kTokenTimeoutS,
                                  kTokenTimeoutS);
  return [token_curl]() -> std::unique_ptr<http::Transport> {
    return std::make_unique<http::CurlTransport>(token_curl);
  };
}

}  // namespace

int Session::prepare(const RunOptions& options, std::ostream& err) {
  if (int code = load(options, err); code != 0) return code;
  State& s = *state_;
  s.schemas = std::make_unique<check::SchemaRegistry>(s.root);
  http::global_init();
  s.pacer = make_pacer(options.pacing, err);
  if (!s.pacer) return 2;
  if (!apply_connection_options(options.tls, options.network, s.curl, *s.redactor, err)) return 2;
  // The embedded server is on loopback: a proxy from the environment is not for it.
  s.curl.env_proxy = !options.target.url.empty();

  http::AuthConfig auth;
  auth.type = s.profile.auth.type.empty() ? "bearer" : s.profile.auth.type;
  const int code = options.target.url.empty() ? start_embedded_server(options, auth, err)
                                              : use_target_url(options, auth, err);
  if (code != 0) return code;
  s.authorizer = std::make_shared<http::Authorizer>(auth, token_transport(s.curl));
  for (const auto& secret : s.authorizer->secrets()) s.redactor->add_secret(secret);
  return 0;
}

int Session::start_embedded_server(const RunOptions& options, http::AuthConfig& auth,
                                   std::ostream& err) {
  State& s = *state_;
  std::string error;
  // The embedded reference server, emulating the profile's app.
  server::ServerOptions so;
  source::Diagnostics diagnostics;
  if (!apply_server_settings(s.profile, s.variables, so, diagnostics)) {
    err << source::render_all(diagnostics, source::file_lookup());
    return 2;
  }
  so.defects = options.server_defects;
  so.slow_ms = options.server_slow_ms;
  const auto token = embedded_secret(options.auth, err);
  if (!token) return 2;
  s.redactor->add_secret(*token);
  share_secret(*token, so, auth);
  s.server = std::make_unique<server::ReferenceServer>(so);
  if (!s.server->start(&error)) {
    err << "scimcheck: the embedded reference server did not start: " << error << "\n";
    return error.find("defect") != std::string::npos ? 2 : 3;
  }
  s.base_url = s.server->base_url();
  if (auth.type == "oauth2") auth.token_url = s.base_url + "/oauth/token";
  if (so.rules.rotate_tokens && auth.type == "bearer" &&
      !s.variables.contains("previous_token")) {
    // Token rotation as the app's admin console does it: the run's token becomes the
    // previous one, which the checks expect to be refused from now on.
    const std::string fresh = s.server->rotate_token();
    s.redactor->add_secret(fresh);
    s.variables["previous_token"] = *token;
    auth.secret = fresh;
  }
  return 0;
}

int Session::use_target_url(const RunOptions& options, http::AuthConfig& auth,
                            std::ostream& err) {
  State& s = *state_;
  const std::string& url = options.target.url;
  if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    err << "scimcheck: --url must start with http:// or https://, got \"" << http::redact_url(url)
        << "\"\n";
    return 2;
  }
  s.base_url = url;
  if (auth.type != "none" &&
      !read_target_credential(s.profile, url, *s.redactor, options.auth, auth, err))
    return 2;
  return 0;
}

const suite::Profile& Session::profile() const { return state_->profile; }
suite::EntraMode Session::mode() const { return state_->mode; }
const plan::Plan& Session::plan() const { return state_->plan; }
const std::vector<suite::Suite>& Session::suites() const { return state_->suites; }

std::string Session::target_label() const {
  if (state_->server) return "embedded reference server";
  return http::redact_url(state_->options.target.url);
}

std::string Session::ledger_target() const {
  return state_->server ? state_->base_url : http::redact_url(state_->options.target.url);
}

run::RunContext Session::context() {
  State& s = *state_;
  run::RunContext ctx;
  ctx.base_url = s.base_url;
  ctx.profile = &s.profile;
  ctx.variables = s.variables;
  ctx.mode = s.mode;
  http::CurlOptions curl = s.curl;
  // Every transport goes through the run's pacer: one rate for all jobs, 429/503 waited out.
  auto pacer = s.pacer ? s.pacer : std::make_shared<http::Pacer>(http::PacingOptions{});
  // The final cleanup has its own short timeout: after a signal against a hanging target it
  // must not wait a full request timeout for each of its requests.
  http::CurlOptions cleanup_curl = curl;
  auto capped = [](double s) { return s > 0 ? std::min(s, kCleanupTimeoutS) : kCleanupTimeoutS; };
  cleanup_curl.timeout_s = capped(curl.timeout_s);
  cleanup_curl.connect_timeout_s = capped(curl.connect_timeout_s);
  auto authorizer = s.authorizer;
  auto redactor = s.redactor;
  // A 401 to the run's own OAuth access token renews it and sends the request again.
  auto renewing = [authorizer, redactor](std::unique_ptr<http::Transport> inner) {
    return std::make_unique<http::RenewingTransport>(std::move(inner), authorizer, [authorizer,
                                                                                     redactor] {
      for (const auto& secret : authorizer->secrets()) redactor->add_secret(secret);
    });
  };
  ctx.make_cleanup_transport = [cleanup_curl, pacer,
                                renewing]() -> std::unique_ptr<http::Transport> {
    return renewing(std::make_unique<http::PacedTransport>(
        std::make_unique<http::CurlTransport>(cleanup_curl), pacer));
  };
  std::atomic<bool>* stop = &install_stop_handlers();
  curl.abort = stop;
  if (pacer->options().rate <= 0) ctx.curl = curl;
  ctx.make_transport = [curl, pacer, stop, renewing]() -> std::unique_ptr<http::Transport> {
    return renewing(std::make_unique<http::PacedTransport>(std::make_unique<http::CurlTransport>(curl),
                                                           pacer, stop));
  };
  ctx.authorize = [authorizer, redactor](http::Request& request) -> std::optional<std::string> {
    if (!authorizer) return std::nullopt;
    auto error = authorizer->authorize(request);
    for (const auto& secret : authorizer->secrets()) redactor->add_secret(secret);
    return error;
  };
  ctx.redact = [redactor](http::Exchange& exchange) { redactor->exchange(exchange); };
  ctx.redact_text = [redactor](const std::string& text) { return redactor->text(text); };
  ctx.schemas = s.schemas.get();
  ctx.max_response_ms = s.options.max_response_ms;
  return ctx;
}

std::unique_ptr<http::Transport> Session::preflight_transport() const {
  http::CurlOptions curl = state_->curl;
  curl.timeout_s = std::min(curl.timeout_s > 0 ? curl.timeout_s : run::kPreflightTimeoutS,
                            run::kPreflightTimeoutS);
  curl.connect_timeout_s = std::min(curl.connect_timeout_s, run::kPreflightConnectTimeoutS);
  curl.abort = &install_stop_handlers();
  auto pacer = state_->pacer ? state_->pacer : std::make_shared<http::Pacer>(http::PacingOptions{});
  auto paced = std::make_unique<http::PacedTransport>(std::make_unique<http::CurlTransport>(curl),
                                                     pacer, curl.abort);
  if (!state_->authorizer) return paced;
  return std::make_unique<http::RenewingTransport>(std::move(paced), state_->authorizer);
}

http::AuthStats Session::auth_stats() const {
  return state_->authorizer ? state_->authorizer->stats() : http::AuthStats{};
}

std::string Session::redact_text(const std::string& text) const {
  return state_->redactor->text(text);
}

http::PacingStats Session::pacing_stats() const {
  return state_->pacer ? state_->pacer->stats() : http::PacingStats{};
}

}  // namespace scimcheck::app
