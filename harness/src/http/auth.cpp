#include "http/auth.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "http/json_body.hpp"
#include "http/redact.hpp"
#include "http/url.hpp"

namespace scimcheck::http {
namespace {

using Clock = std::chrono::steady_clock;

/// Tokens are renewed this long before the expiry the endpoint announced.
constexpr std::chrono::seconds kRefreshMargin{30};
/// Lifetime assumed when the endpoint does not say (expires_in absent).
constexpr std::chrono::seconds kDefaultLifetime{3600};
/// How much of a token endpoint's error answer goes into the message.
constexpr std::size_t kErrorSnippet = 300;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

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
                                         return lower(h.name) == "authorization";
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

}  // namespace

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
  std::string client_id;
  std::string client_secret;
  std::string access_token;
  std::string refresh_token;
  Clock::time_point renew_at{};

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

  /// One token request with the given grant parameters; updates the cached token.
  std::optional<std::string> request_token(const std::vector<std::pair<std::string,
                                                                       std::string>>& grant) {
    if (!transport) {
      transport = make_transport ? make_transport() : nullptr;
      if (!transport) return "no transport for the token endpoint";
    }
    Request request;
    request.method = "POST";
    request.url = config.token_url;
    request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                       {"Accept", "application/json"}};
    for (const auto& [key, value] : grant) {
      if (!request.body.empty()) request.body += '&';
      request.body += url_encode(key) + "=" + url_encode(value);
    }
    auto started = Clock::now();
    Exchange exchange = transport->send(request);
    if (exchange.error)
      return "token endpoint " + redact_url(config.token_url) +
             " unreachable: " + snippet(exchange.error->message);
    const Response& response = exchange.response;
    if (response.status < 200 || response.status > 299)
      return "token endpoint answered " + std::to_string(response.status) + ": " +
             snippet(response.body);
    auto answer = parse_body(response.body).value_or(nlohmann::json());
    if (answer.is_discarded() || !answer.is_object())
      return "token endpoint answer is not a JSON object: " + snippet(response.body);
    auto token = answer.find("access_token");
    if (token == answer.end() || !token->is_string() || token->get<std::string>().empty())
      return "token endpoint answer has no access_token: " + snippet(response.body);
    access_token = token->get<std::string>();
    remember(access_token);
    auto refresh = answer.find("refresh_token");
    if (refresh != answer.end() && refresh->is_string() && !refresh->get<std::string>().empty()) {
      refresh_token = refresh->get<std::string>();
      remember(refresh_token);
    }
    auto lifetime = expires_in(answer);
    auto duration = lifetime ? std::chrono::seconds(*lifetime) : kDefaultLifetime;
    renew_at = started + duration - kRefreshMargin;
    return std::nullopt;
  }

  std::optional<std::string> oauth2_token() {
    if (!access_token.empty() && Clock::now() < renew_at) return std::nullopt;
    if (config.token_url.empty()) return "oauth2 needs a token URL";
    if (!refresh_token.empty()) {
      std::string used = refresh_token;
      auto error = request_token({{"grant_type", "refresh_token"},
                                  {"refresh_token", used},
                                  {"client_id", client_id},
                                  {"client_secret", client_secret}});
      if (!error) return std::nullopt;
      // The refresh token was refused or has expired: start over with the client's own
      // credentials.
      refresh_token.clear();
    }
    access_token.clear();
    return request_token({{"grant_type", "client_credentials"},
                          {"client_id", client_id},
                          {"client_secret", client_secret}});
  }
};

Authorizer::Authorizer(AuthConfig config,
                       std::function<std::unique_ptr<Transport>()> make_transport)
    : impl_(std::make_unique<Impl>()) {
  impl_->type = lower(config.type);
  impl_->make_transport = std::move(make_transport);
  impl_->remember(config.secret);
  auto colon = config.secret.find(':');
  std::string after_colon =
      colon == std::string::npos ? std::string() : config.secret.substr(colon + 1);
  if (impl_->type == "basic") {
    impl_->remember(after_colon);
    impl_->remember(base64_encode(config.secret));
  } else if (impl_->type == "oauth2") {
    impl_->client_id = config.secret.substr(0, colon);
    impl_->client_secret = after_colon;
    impl_->remember(after_colon);
  }
  impl_->config = std::move(config);
}

Authorizer::~Authorizer() = default;

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
    if (impl_->client_id.empty() || secret.find(':') == std::string::npos)
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

std::vector<std::string> Authorizer::secrets() const {
  std::lock_guard lock(impl_->secrets_mutex);
  return impl_->secrets;
}

}  // namespace scimcheck::http
