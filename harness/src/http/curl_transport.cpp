#include "http/curl_transport.hpp"
#include "source/strings.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <mutex>
#include <string_view>
#include <vector>

namespace scimcheck::http {
namespace {

/// Bytes of a body kept when it is refused as too large.
constexpr std::size_t kKeptOfTooLarge = 64u << 10;

/// What the libcurl callbacks of one transfer read and fill in.
struct Transfer {
  Response* response = nullptr;
  std::size_t max_body = 0;
  bool too_large = false;
  std::size_t max_header_count = 0;
  std::size_t max_header_bytes = 0;
  std::size_t header_lines = 0;  ///< over every header block of the transfer
  std::size_t header_bytes = 0;
  bool too_many_headers = false;
  std::atomic<bool>* abort = nullptr;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  size_t bytes = size * count;
  std::string& body = transfer->response->body;
  if (body.size() + bytes > transfer->max_body) {
    transfer->too_large = true;
    return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
  }
  body.append(data, bytes);
  return bytes;
}

/// Called once per header line. A status line starts a new header block: interim answers
/// (100 Continue, a proxy's CONNECT reply) are forgotten, so only the final block remains.
size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* transfer = static_cast<Transfer*>(user);
  size_t bytes = size * count;
  std::string_view line(data, bytes);
  Headers& headers = transfer->response->headers;
  transfer->header_bytes += bytes;
  if (++transfer->header_lines > transfer->max_header_count ||
      transfer->header_bytes > transfer->max_header_bytes) {
    transfer->too_many_headers = true;
    return 0;  // makes libcurl stop with CURLE_WRITE_ERROR
  }
  if (line.size() >= 5 && line.substr(0, 5) == "HTTP/") {
    headers.clear();
    return bytes;
  }
  if (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
    // Obsolete line folding: the line continues the previous header's value.
    auto more = source::trim(line);
    if (!headers.empty() && !more.empty()) {
      headers.back().value += ' ';
      headers.back().value.append(more);
    }
    return bytes;
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos) return bytes;  // the blank line ending the block
  headers.push_back({std::string(source::trim(line.substr(0, colon))),
                     std::string(source::trim(line.substr(colon + 1)))});
  return bytes;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  auto* transfer = static_cast<Transfer*>(user);
  return transfer->abort && transfer->abort->load() ? 1 : 0;
}

ErrorKind classify(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return ErrorKind::connect;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CLIENTCERT:
      return ErrorKind::tls;
    case CURLE_OPERATION_TIMEDOUT:
      return ErrorKind::timeout;
    case CURLE_ABORTED_BY_CALLBACK:
      return ErrorKind::aborted;
    default:
      return ErrorKind::other;
  }
}

long to_ms(double seconds) {
  if (!(seconds > 0)) return 0;  // libcurl: 0 means no limit
  return std::max(1L, static_cast<long>(std::llround(seconds * 1000)));
}

/// "Name: value" for libcurl's header list; "Name;" sends a header with an empty value.
std::string header_line(const Header& h) {
  return h.value.empty() ? h.name + ";" : h.name + ": " + h.value;
}

bool same_headers(const Headers& a, const Headers& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const Header& x, const Header& y) {
    return x.name == y.name && x.value == y.value;
  });
}

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

void global_init() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct CurlHandle::Impl {
  CurlOptions options;
  CURL* handle = nullptr;
  Transfer transfer;  // what the callbacks fill in, reset per request
  char errbuf[CURL_ERROR_SIZE] = {0};
  // The header list of the last request and the headers it was built from: a request with
  // the same headers (every read of a load phase) reuses it instead of building it again.
  std::unique_ptr<curl_slist, SlistDeleter> header_list;
  Headers listed;

  /// Options every request shares, set once: the connection cache and these survive from
  /// request to request; only the URL, method, body and header list change.
  void set_fixed_options() {
    CURL* curl = handle;
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, to_ms(options.timeout_s));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, to_ms(options.connect_timeout_s));
    if (!options.proxy.empty()) {
      curl_easy_setopt(curl, CURLOPT_PROXY, options.proxy.c_str());
      curl_easy_setopt(curl, CURLOPT_NOPROXY, "");  // no host bypasses it, whatever no_proxy says
    } else if (!options.env_proxy) {
      curl_easy_setopt(curl, CURLOPT_PROXY, "");  // direct, whatever http_proxy says
    }
    if (!options.cacert.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options.cacert.c_str());
    if (options.insecure) {
      curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
      curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    // A body announced larger than the cap (Content-Length) is refused before it is read.
    curl_easy_setopt(curl, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(options.max_response_bytes));
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &transfer);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &transfer);
    // The progress callback only serves the abort flag.
    if (options.abort) {
      curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
      curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, on_progress);
      curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &transfer);
    }
  }

  /// Exactly the request's headers: libcurl's own Accept, Expect and (for bodies)
  /// Content-Type are suppressed unless the request sets them. False when out of memory.
  bool set_headers(const Headers& headers) {
    if (header_list && same_headers(headers, listed)) return true;
    std::vector<std::string> lines;
    for (const auto& h : headers) lines.push_back(header_line(h));
    for (const char* name : {"Accept", "Expect", "Content-Type"})
      if (!find_header(headers, name)) lines.push_back(std::string(name) + ":");
    std::unique_ptr<curl_slist, SlistDeleter> list;
    for (const auto& line : lines) {
      curl_slist* longer = curl_slist_append(list.get(), line.c_str());
      if (!longer) return false;
      // The append returns the list's head: hand it over without freeing the old owner's.
      static_cast<void>(list.release());
      list.reset(longer);
    }
    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, list.get());
    header_list = std::move(list);
    listed = headers;
    return true;
  }

  /// The method and body of this request; undoes what the previous request set.
  void set_method(const std::string& method, const std::string& body) {
    CURL* curl = handle;
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);  // no body, no HEAD, no upload
    if (source::iequals(method, "HEAD")) {
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, nullptr);
      curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
      return;
    }
    const bool send_body = !body.empty() || source::iequals(method, "POST") ||
                           source::iequals(method, "PUT") || source::iequals(method, "PATCH");
    if (send_body) {
      curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
      curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
    }
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
};

CurlHandle::CurlHandle(CurlOptions options) : impl_(std::make_unique<Impl>()) {
  global_init();
  impl_->options = std::move(options);
  impl_->handle = curl_easy_init();
  if (impl_->handle) impl_->set_fixed_options();
}

CurlHandle::~CurlHandle() {
  if (impl_->handle) curl_easy_cleanup(impl_->handle);
}

const CurlOptions& CurlHandle::options() const { return impl_->options; }

void* CurlHandle::native() const { return impl_->handle; }

std::optional<TransportError> CurlHandle::begin(const Request& request, Response& response) {
  const CurlOptions& options = impl_->options;
  response.status = 0;
  response.headers.clear();
  response.body.clear();
  CURL* curl = impl_->handle;
  if (!curl) return TransportError{ErrorKind::other, "curl_easy_init failed"};
  if (options.abort && options.abort->load()) return TransportError{ErrorKind::aborted, "aborted"};
  impl_->errbuf[0] = '\0';
  Transfer& transfer = impl_->transfer;
  transfer = Transfer{};
  transfer.response = &response;
  transfer.max_body = options.max_response_bytes;
  transfer.abort = options.abort;
  transfer.max_header_count = options.max_header_count;
  transfer.max_header_bytes = options.max_header_bytes;
  if (!impl_->set_headers(request.headers))
    return TransportError{ErrorKind::other, "out of memory building request headers"};
  curl_easy_setopt(curl, CURLOPT_URL, request.url.c_str());
  impl_->set_method(request.method.empty() ? std::string("GET") : request.method, request.body);
  return std::nullopt;
}

std::optional<TransportError> CurlHandle::end(int result) {
  const auto code = static_cast<CURLcode>(result);
  const CurlOptions& options = impl_->options;
  Transfer& transfer = impl_->transfer;
  Response& response = *transfer.response;
  transfer.response = nullptr;
  long status = 0;
  curl_easy_getinfo(impl_->handle, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  if (code == CURLE_OK) return std::nullopt;
  if (transfer.too_large || code == CURLE_FILESIZE_EXCEEDED)
    return body_too_large(options, response.body);
  if (transfer.too_many_headers) return headers_too_large(options);
  std::string message = curl_easy_strerror(code);
  std::string_view detail = source::trim(impl_->errbuf);
  if (!detail.empty() && detail != message) message.append(": ").append(detail);
  return TransportError{classify(code), std::move(message)};
}

void add_fixed_headers(const CurlOptions& options, Headers& headers) {
  for (const auto& h : options.extra_headers)
    if (!find_header(headers, h.name)) headers.push_back(h);
  if (!options.user_agent.empty() && !find_header(headers, "User-Agent"))
    headers.push_back({"User-Agent", options.user_agent});
}

Headers fixed_headers(const CurlOptions& options) {
  Headers headers;
  add_fixed_headers(options, headers);
  return headers;
}

TransportError body_too_large(const CurlOptions& options, std::string& body) {
  // What arrived is only evidence now: keep its start, not up to max_response_bytes.
  body.resize(std::min(body.size(), kKeptOfTooLarge));
  body.shrink_to_fit();
  return TransportError{
      ErrorKind::too_large,
      "response body larger than " + std::to_string(options.max_response_bytes) + " bytes"};
}

TransportError headers_too_large(const CurlOptions& options) {
  return TransportError{ErrorKind::too_large,
                        "response headers exceed " + std::to_string(options.max_header_count) +
                            " lines or " + std::to_string(options.max_header_bytes) + " bytes"};
}

struct CurlTransport::Impl {
  explicit Impl(CurlOptions options) : handle(std::move(options)) {}
  CurlHandle handle;
  std::mutex mutex;  // one transfer at a time on the shared handle
};

CurlTransport::CurlTransport(CurlOptions options)
    : impl_(std::make_unique<Impl>(std::move(options))) {}

CurlTransport::~CurlTransport() = default;

Exchange CurlTransport::send(const Request& request) {
  std::lock_guard lock(impl_->mutex);
  CurlHandle& handle = impl_->handle;
  Exchange exchange;
  exchange.request = request;
  add_fixed_headers(handle.options(), exchange.request.headers);
  const auto started = std::chrono::steady_clock::now();
  exchange.error = handle.begin(exchange.request, exchange.response);
  if (!exchange.error)
    exchange.error = handle.end(curl_easy_perform(static_cast<CURL*>(handle.native())));
  exchange.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return exchange;
}

}  // namespace scimcheck::http
