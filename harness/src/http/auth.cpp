#include "http/auth.hpp"
#include "source/strings.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <nlohmann/json.hpp>

#include "http/json_body.hpp"
#include "http/redact.hpp"
#include "http/url.hpp"

namespace scimcheck::http {
namespace {

using Clock = std::chrono::steady_clock;

/// Lifetime assumed when the endpoint does not say (expires_in absent).
constexpr std::chrono::seconds kDefaultLifetime{3600};
/// How much of a token endpoint's error answer goes into the message.
constexpr std::size_t kErrorSnippet = 300;

/// One line ending (LF or CRLF) at the end, as editors and `echo` leave it.
void trim_one_newline(std::string& s) {
  if (!s.empty() && s.back() == '\n') s.pop_back();
  if (!s.empty() && s.back() == '\r') s.pop_back();
}

/// Why the secret cannot be sent in a header, or nullopt.
std::optional<std::string> secret_problem(const std::string& secret) {
  for (std::size_t i = 0; i < secret.size(); ++i) {
    auto c = static_cast<unsigned char>(secret[i]);
    if (c < 0x20 || c == 0x7F) {
      char code[8];
      std::snprintf(code, sizeof code, "0x%02X", c);
      return "holds a control character (byte " + std::string(code) + " at offset " +
             std::to_string(i) + "): a token is one line of printable characters";
    }
  }
  if (secret.front() == ' ' || secret.back() == ' ')
    return std::string("starts or ends with a space, which servers strip from a header");
  return std::nullopt;
}

enum class FileRead { ok, failed, too_large };

/// Reads at most kMaxSecretBytes plus a line ending, so an endless file (/dev/zero) stops.
FileRead read_capped(const std::string& path, std::string& content) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return FileRead::failed;
  const std::size_t limit = kMaxSecretBytes + 2;
  content.resize(limit + 1);
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  if (in.bad()) return FileRead::failed;
  content.resize(static_cast<std::size_t>(in.gcount()));
  if (content.size() > limit) return FileRead::too_large;
  std::string body = content;
  trim_one_newline(body);
  return body.size() > kMaxSecretBytes ? FileRead::too_large : FileRead::ok;
}

void set_authorization(Request& request, const std::string& value) {
  request.headers.erase(std::remove_if(request.headers.begin(), request.headers.end(),
                                       [](const Header& h) {
                                         return source::fold_case(h.name) == "authorization";
                                       }),
                        request.headers.end());
  request.headers.push_back({"Authorization", value});
}

/// expires_in as a number of seconds; JSON number or numeric string, nullopt otherwise.
std::optional<long long> expires_in(const nlohmann::json& answer) {
  auto it = answer.find("expires_in");
  if (it == answer.end()) return std::nullopt;
  if (it->is_number()) return static_cast<long long>(it->get<double>());
  if (it->is_string()) {
    const auto& text = it->get_ref<const std::string&>();
    char* end = nullptr;
    long long value = std::strtoll(text.c_str(), &end, 10);
    if (end != text.c_str() && *end == '\0') return value;
  }
  return std::nullopt;
}

/// How long before its expiry a token of this lifetime is renewed.
std::chrono::seconds refresh_margin(long long lifetime_s) {
  return std::chrono::seconds(std::clamp(lifetime_s / 4, 0LL, kRefreshMarginS));
}

/// `count` ASCII digits of `text` at `pos` as a number.
bool read_digits(const std::string& text, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > text.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

/// The first character that is not JSON whitespace, or '\0'.
char first_significant(const std::string& text) {
  for (char c : text)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return c;
  return '\0';
}

/// The token file's last change as Unix time.
std::optional<long long> file_time(const std::string& path) {
  std::error_code ec;
  auto changed = std::filesystem::last_write_time(path, ec);
  if (ec) return std::nullopt;
  auto sys = std::chrono::file_clock::to_sys(changed);
  return std::chrono::duration_cast<std::chrono::seconds>(sys.time_since_epoch()).count();
}

/// A JSON token file (see read_credential).
std::optional<Credential> parse_token_file(const std::string& content, const std::string& path,
                                           std::string* error) {
  const std::string origin = "token file " + path;
  auto fail = [&](const std::string& message) -> std::optional<Credential> {
    if (error) *error = origin + " " + message;
    return std::nullopt;
  };
  auto json = parse_body(content, 4);
  if (!json || !json->is_object())
    return fail("starts with \"{\" but is not a JSON object: a JSON token file holds "
                "{\"access_token\": ..., \"refresh_token\": ..., \"expires_at\": ...}");
  TokenGrant grant;
  std::string problem;
  // A string member, checked like a secret (it goes into a header or a form); "" if absent.
  auto member = [&](const char* name, std::string& out) {
    auto it = json->find(name);
    if (it == json->end() || it->is_null()) return true;
    if (!it->is_string()) {
      problem = std::string("member \"") + name + "\" is not a string";
      return false;
    }
    out = it->get<std::string>();
    if (out.empty()) return true;
    if (auto bad = secret_problem(out)) {
      problem = std::string("member \"") + name + "\" " + *bad;
      return false;
    }
    return true;
  };
  if (!member("access_token", grant.access_token) || !member("refresh_token", grant.refresh_token) ||
      !member("token_url", grant.token_url) || !member("client_id", grant.client_id) ||
      !member("client_secret", grant.client_secret))
    return fail(problem);
  if (grant.access_token.empty()) return fail("has no \"access_token\"");
  if (!grant.token_url.empty() && grant.token_url.rfind("http://", 0) != 0 &&
      grant.token_url.rfind("https://", 0) != 0)
    return fail("member \"token_url\" does not start with http:// or https://");
  if (auto at = json->find("expires_at"); at != json->end() && !at->is_null()) {
    grant.expires_at_s = at->is_string() ? parse_iso8601(at->get<std::string>()) : std::nullopt;
    if (!grant.expires_at_s)
      return fail("member \"expires_at\" is not an ISO 8601 date-time with a zone "
                  "(2026-11-30T11:00:00Z)");
  } else if (auto in = json->find("expires_in"); in != json->end() && !in->is_null()) {
    auto seconds = expires_in(*json);
    if (!seconds || *seconds < 0 || *seconds > 10LL * 365 * 86400)
      return fail("member \"expires_in\" is not a number of seconds");
    auto changed = file_time(path);
    if (!changed) return fail("has no modification time to count \"expires_in\" from");
    grant.expires_at_s = *changed + *seconds;
  }
  Credential credential;
  credential.secret = grant.access_token;
  credential.grant = std::move(grant);
  return credential;
}

}  // namespace

std::optional<long long> parse_iso8601(const std::string& t) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (t.size() < 20) return std::nullopt;
  if (!read_digits(t, 0, 4, y) || t[4] != '-' || !read_digits(t, 5, 2, mo) || t[7] != '-' ||
      !read_digits(t, 8, 2, d) || (t[10] != 'T' && t[10] != 't') || !read_digits(t, 11, 2, h) ||
      t[13] != ':' || !read_digits(t, 14, 2, mi) || t[16] != ':' || !read_digits(t, 17, 2, s))
    return std::nullopt;
  std::size_t i = 19;
  if (i < t.size() && t[i] == '.') {
    std::size_t start = ++i;
    while (i < t.size() && std::isdigit(static_cast<unsigned char>(t[i]))) ++i;
    if (i == start) return std::nullopt;
  }
  long long offset = 0;
  if (i < t.size() && (t[i] == 'Z' || t[i] == 'z')) {
    ++i;
  } else if (i < t.size() && (t[i] == '+' || t[i] == '-')) {
    int oh = 0, om = 0;
    if (!read_digits(t, i + 1, 2, oh) || i + 3 >= t.size() || t[i + 3] != ':' ||
        !read_digits(t, i + 4, 2, om) || oh > 23 || om > 59)
      return std::nullopt;
    offset = (oh * 60LL + om) * 60 * (t[i] == '-' ? -1 : 1);
    i += 6;
  } else {
    return std::nullopt;
  }
  if (i != t.size() || h > 23 || mi > 59 || s > 60) return std::nullopt;
  std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month(static_cast<unsigned>(mo)),
                                   std::chrono::day(static_cast<unsigned>(d))};
  if (!date.ok()) return std::nullopt;
  long long days = std::chrono::sys_days(date).time_since_epoch().count();
  return days * 86400 + h * 3600LL + mi * 60LL + s - offset;
}

std::optional<Credential> read_credential(const CredentialSource& source, std::string* error) {
  if (!source.file.empty()) {
    std::string content;
    if (read_capped(source.file, content) == FileRead::ok && first_significant(content) == '{')
      return parse_token_file(content, source.file, error);
  }
  auto secret = read_secret(source, error);
  if (!secret) return std::nullopt;
  return Credential{*secret, std::nullopt};
}

std::optional<AuthConfig> target_auth(const TargetAuth& target, const CredentialSource& source,
                                      std::string* error) {
  AuthConfig auth;
  auth.type = target.type.empty() ? "bearer" : target.type;
  if (auth.type == "none") return auth;
  auto credential = read_credential(source, error);
  if (!credential) return std::nullopt;
  auth.secret = credential->secret;
  if (credential->grant) {
    if (auth.type == "basic") {
      if (error)
        *error = "token file " + source.file +
                 " holds an OAuth token set, but the target authenticates with basic "
                 "(\"user:password\")";
      return std::nullopt;
    }
    auth.type = "oauth2";
    auth.grant = std::move(credential->grant);
    auth.token_url = target.token_url;
  } else if (auth.type == "oauth2") {
    if (target.token_url.empty())
      auth.type = "bearer";  // an access token obtained elsewhere
    else
      auth.token_url = target.token_url;
  }
  return auth;
}

bool secret_given(const CredentialSource& source) {
  if (!source.file.empty()) return true;
  const char* value = std::getenv(source.env.empty() ? "SCIM_TOKEN" : source.env.c_str());
  return value != nullptr && *value != '\0';
}

std::optional<std::string> read_secret(const CredentialSource& source, std::string* error) {
  auto fail = [error](std::string message) -> std::optional<std::string> {
    if (error) *error = std::move(message);
    return std::nullopt;
  };
  std::string content;
  std::string origin;
  if (!source.file.empty()) {
    origin = "token file " + source.file;
    auto read = read_capped(source.file, content);
    if (read == FileRead::failed) return fail("cannot read " + origin);
    if (read == FileRead::too_large)
      return fail(origin + " is larger than " + std::to_string(kMaxSecretBytes / 1024) +
                  " KiB: it should hold the token alone");
  } else {
    std::string name = source.env.empty() ? std::string("SCIM_TOKEN") : source.env;
    const char* value = std::getenv(name.c_str());
    if (value == nullptr || *value == '\0')
      return fail("no token: set the environment variable " + name +
                  " (or use --token-env NAME / --token-file FILE)");
    origin = "the environment variable " + name;
    content = value;
    if (content.size() > kMaxSecretBytes)
      return fail(origin + " is longer than " + std::to_string(kMaxSecretBytes / 1024) + " KiB");
  }
  trim_one_newline(content);
  if (content.empty()) return fail(origin + " is empty");
  if (auto problem = secret_problem(content)) return fail(origin + " " + *problem);
  return content;
}

std::string base64_encode(const std::string& data) {
  static const char* kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    unsigned n = static_cast<unsigned char>(data[i]) << 16 |
                 static_cast<unsigned char>(data[i + 1]) << 8 |
                 static_cast<unsigned char>(data[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  std::size_t rest = data.size() - i;
  if (rest > 0) {
    unsigned n = static_cast<unsigned char>(data[i]) << 16;
    if (rest == 2) n |= static_cast<unsigned char>(data[i + 1]) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += rest == 2 ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

struct Authorizer::Impl {
  AuthConfig config;
  std::string type;  // config.type lower-cased
  std::function<std::unique_ptr<Transport>()> make_transport;

  // OAuth2 state, guarded by `mutex` (held across a token request so concurrent callers
  // wait for one fetch instead of each starting their own).
  std::mutex mutex;
  std::unique_ptr<Transport> transport;
  std::string token_url;
  std::string client_id;
  std::string client_secret;
  std::string access_token;
  std::string refresh_token;
  Clock::time_point renew_at{};
  bool from_grant = false;         // the first access token came from a token file
  std::string grant_failure;       // from_grant: why renewing failed (not retried)
  std::set<std::string> issued;    // every access token this Authorizer has sent
  std::optional<long long> lifetime_s;
  int obtained = 0;                // access tokens the endpoint issued

  // Every secret seen, guarded separately so secrets() never waits for a token request.
  mutable std::mutex secrets_mutex;
  std::vector<std::string> secrets;

  void remember(const std::string& value) {
    if (value.empty()) return;
    std::lock_guard lock(secrets_mutex);
    if (std::find(secrets.begin(), secrets.end(), value) == secrets.end())
      secrets.push_back(value);
  }

  /// The token endpoint's answer with known secrets masked, shortened for a message.
  std::string snippet(const std::string& body) const {
    Redactor redactor;
    {
      std::lock_guard lock(secrets_mutex);
      for (const auto& s : secrets) redactor.add_secret(s);
    }
    std::string text = redactor.text(body);
    if (text.size() > kErrorSnippet) text = text.substr(0, kErrorSnippet) + "...";
    return text;
  }

  void use_access_token(std::string token) {
    access_token = std::move(token);
    remember(access_token);
    issued.insert(access_token);
  }

  /// One token request with the given grant parameters (empty values left out); updates the
  /// cached token.
  std::optional<std::string> request_token(const std::vector<std::pair<std::string,
                                                                       std::string>>& grant) {
    if (!transport) {
      transport = make_transport ? make_transport() : nullptr;
      if (!transport) return "no transport for the token endpoint";
    }
    Request request;
    request.method = "POST";
    request.url = token_url;
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                       {"Accept", "application/json"}};
    for (const auto& [key, value] : grant) {
      if (value.empty()) continue;
      if (!request.body.empty()) request.body += '&';
      request.body += url_encode(key) + "=" + url_encode(value);
    }
    auto started = Clock::now();
    Exchange exchange = transport->send(request);
    if (exchange.error)
      return "token endpoint " + redact_url(token_url) +
             " unreachable: " + snippet(exchange.error->message);
    const Response& response = exchange.response;
    if (response.status < 200 || response.status > 299)
      return "token endpoint answered " + std::to_string(response.status) + ": " +
             snippet(response.body);
    auto answer = parse_body(response.body, 4).value_or(nlohmann::json());
    if (answer.is_discarded() || !answer.is_object())
      return "token endpoint answer is not a JSON object: " + snippet(response.body);
    auto token = answer.find("access_token");
    if (token == answer.end() || !token->is_string() || token->get<std::string>().empty())
      return "token endpoint answer has no access_token: " + snippet(response.body);
    if (secret_problem(token->get<std::string>()))
      return std::string("token endpoint issued an access_token that cannot be sent in a header");
    use_access_token(token->get<std::string>());
    auto refresh = answer.find("refresh_token");
    if (refresh != answer.end() && refresh->is_string() && !refresh->get<std::string>().empty()) {
      refresh_token = refresh->get<std::string>();
      remember(refresh_token);
    }
    auto lifetime = expires_in(answer);
    if (lifetime && *lifetime < 0) lifetime.reset();
    if (!lifetime_s) lifetime_s = lifetime;
    ++obtained;
    long long seconds = lifetime ? *lifetime : kDefaultLifetime.count();
    renew_at = started + std::chrono::seconds(seconds) - refresh_margin(seconds);
    return std::nullopt;
  }

  std::optional<std::string> refresh_grant() {
    return request_token({{"grant_type", "refresh_token"},
                          {"refresh_token", refresh_token},
                          {"client_id", client_id},
                          {"client_secret", client_secret}});
  }

  /// A token file's access token: renewed with its refresh token only, never otherwise.
  std::optional<std::string> granted_token() {
    if (!grant_failure.empty()) return grant_failure;
    if (refresh_token.empty() || token_url.empty()) {
      if (!access_token.empty()) return std::nullopt;  // cannot renew: the server decides
      grant_failure = refresh_token.empty()
                          ? "the access token from the token file was refused and the file has "
                            "no refresh_token to renew it"
                          : "the access token from the token file was refused and there is no "
                            "token URL to renew it (token_url in the file or the profile's "
                            "auth.token_url)";
      return grant_failure;
    }
    if (auto error = refresh_grant()) {
      grant_failure = "renewing the access token failed: " + *error;
      access_token.clear();
      return grant_failure;
    }
    return std::nullopt;
  }

  std::optional<std::string> oauth2_token() {
    if (!access_token.empty() && Clock::now() < renew_at) return std::nullopt;
    if (from_grant) return granted_token();
    if (token_url.empty()) return "oauth2 needs a token URL";
    if (!refresh_token.empty()) {
      if (!refresh_grant()) return std::nullopt;
      // The refresh token was refused or has expired: start over with the client's own
      // credentials.
      refresh_token.clear();
    }
    access_token.clear();
    return request_token({{"grant_type", "client_credentials"},
                          {"client_id", client_id},
                          {"client_secret", client_secret}});
  }

  /// Starts from a token file's access token.
  void start_from(const TokenGrant& grant) {
    from_grant = true;
    use_access_token(grant.access_token);
    refresh_token = grant.refresh_token;
    remember(refresh_token);
    client_id = grant.client_id;
    client_secret = grant.client_secret;
    remember(client_secret);
    if (!grant.token_url.empty()) token_url = grant.token_url;
    renew_at = Clock::time_point::max();
    if (grant.expires_at_s) {
      auto now_s = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
      long long left = *grant.expires_at_s - now_s;
      renew_at = left <= 0 ? Clock::time_point{}
                           : Clock::now() + std::chrono::seconds(left) - refresh_margin(left);
    }
  }
};

Authorizer::Authorizer(AuthConfig config,
                       std::function<std::unique_ptr<Transport>()> make_transport)
    : impl_(std::make_unique<Impl>()) {
  impl_->type = source::fold_case(config.type);
  impl_->make_transport = std::move(make_transport);
  impl_->remember(config.secret);
  auto colon = config.secret.find(':');
  std::string after_colon =
      colon == std::string::npos ? std::string() : config.secret.substr(colon + 1);
  if (impl_->type == "basic") {
    impl_->remember(after_colon);
    impl_->remember(base64_encode(config.secret));
  } else if (impl_->type == "oauth2") {
    impl_->token_url = config.token_url;
    if (config.grant) {
      impl_->start_from(*config.grant);
    } else {
      impl_->client_id = config.secret.substr(0, colon);
      impl_->client_secret = after_colon;
      impl_->remember(after_colon);
    }
  }
  impl_->config = std::move(config);
}

Authorizer::~Authorizer() = default;
Authorizer::Authorizer(Authorizer&&) noexcept = default;
Authorizer& Authorizer::operator=(Authorizer&&) noexcept = default;

std::optional<std::string> Authorizer::authorize(Request& request) {
  const std::string& type = impl_->type;
  const std::string& secret = impl_->config.secret;
  if (type == "none") return std::nullopt;
  if (type == "bearer") {
    if (secret.empty()) return "bearer authentication needs a token";
    set_authorization(request, "Bearer " + secret);
    return std::nullopt;
  }
  if (type == "basic") {
    if (secret.find(':') == std::string::npos)
      return "basic authentication needs a \"user:password\" secret";
    set_authorization(request, "Basic " + base64_encode(secret));
    return std::nullopt;
  }
  if (type == "oauth2") {
    if (!impl_->from_grant && (impl_->client_id.empty() || secret.find(':') == std::string::npos))
      return "oauth2 authentication needs a \"client_id:client_secret\" secret";
    std::lock_guard lock(impl_->mutex);
    if (auto error = impl_->oauth2_token()) return error;
    set_authorization(request, "Bearer " + impl_->access_token);
    return std::nullopt;
  }
  return "unknown authentication type \"" + impl_->config.type +
         "\" (expected bearer, basic, oauth2 or none)";
}

void Authorizer::invalidate() {
  std::lock_guard lock(impl_->mutex);
  impl_->access_token.clear();
  impl_->renew_at = {};
}

bool Authorizer::renew_after_refusal(const Request& sent, Request& retry) {
  if (impl_->type != "oauth2") return false;
  const std::string* value = find_header(sent.headers, "Authorization");
  if (!value || value->rfind("Bearer ", 0) != 0) return false;
  const std::string token = value->substr(7);
  std::lock_guard lock(impl_->mutex);
  if (!impl_->issued.count(token)) return false;
  if (token == impl_->access_token) {  // else another request renewed it already
    impl_->access_token.clear();
    impl_->renew_at = {};
  }
  if (impl_->oauth2_token() || impl_->access_token.empty()) return false;
  retry = sent;
  set_authorization(retry, "Bearer " + impl_->access_token);
  return true;
}

AuthStats Authorizer::stats() const {
  AuthStats stats;
  std::lock_guard lock(impl_->mutex);
  stats.method = impl_->type;
  if (impl_->type == "oauth2") {
    stats.method = impl_->from_grant ? "oauth2 refresh token" : "oauth2 client credentials";
    stats.token_lifetime_s = impl_->lifetime_s;
    stats.refreshes = impl_->from_grant ? impl_->obtained : std::max(0, impl_->obtained - 1);
  }
  return stats;
}

RenewingTransport::RenewingTransport(std::unique_ptr<Transport> inner,
                                     std::shared_ptr<Authorizer> authorizer,
                                     std::function<void()> renewed)
    : inner_(std::move(inner)), authorizer_(std::move(authorizer)), renewed_(std::move(renewed)) {}

Exchange RenewingTransport::send(const Request& request) {
  Exchange exchange = inner_->send(request);
  if (exchange.error || exchange.response.status != 401 || !authorizer_) return exchange;
  Request retry;
  if (!authorizer_->renew_after_refusal(request, retry)) return exchange;
  if (renewed_) renewed_();
  return inner_->send(retry);
}

std::vector<std::string> Authorizer::secrets() const {
  std::lock_guard lock(impl_->secrets_mutex);
  return impl_->secrets;
}

}  // namespace scimcheck::http
