#include "http/tls_probe.hpp"

#include <curl/curl.h>
#include <openssl/ssl.h>

#include <memory>

#include "http/curl_transport.hpp"

namespace scimcheck::http {
namespace {

struct EasyDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};

long to_ms(double seconds) { return static_cast<long>(seconds * 1000); }

/// CURLOPT_SSLVERSION's value: the lowest version with the highest (two unnamed enums).
long versions(long lowest, long highest) { return lowest | highest; }

TlsVerdict verdict_of(CURLcode code) {
  switch (code) {
    case CURLE_OK:
    case CURLE_PEER_FAILED_VERIFICATION:  // the server's certificate arrived: it agreed
      return TlsVerdict::accepted;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CIPHER:
    case CURLE_RECV_ERROR:  // a server that drops the connection on an unwanted ClientHello
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
      return TlsVerdict::refused;
    default:
      return TlsVerdict::unreachable;
  }
}

/// The SSL_CTX slot holding the TlsAttempt its handshake fills in.
int attempt_slot() {
  static const int slot = SSL_CTX_get_ex_new_index(0, nullptr, nullptr, nullptr, nullptr);
  return slot;
}

/// OpenSSL's info callback: records the negotiated version and suite when a handshake ends.
void on_tls_info(const SSL* ssl, int where, int /*value*/) {
  if (!(where & SSL_CB_HANDSHAKE_DONE)) return;
  auto* attempt =
      static_cast<TlsAttempt*>(SSL_CTX_get_ex_data(SSL_get_SSL_CTX(ssl), attempt_slot()));
  if (!attempt) return;
  if (const char* version = SSL_get_version(ssl)) attempt->version = version;
  if (const char* cipher = SSL_get_cipher_name(ssl)) attempt->cipher = cipher;
}

/// CURLOPT_SSL_CTX_FUNCTION (OpenSSL backend): the connection's context reports to `attempt`.
/// libcurl's CURLINFO_TLS_SSL_PTR is of no use here: a connect-only handle has detached its
/// connection by the time curl_easy_perform returns.
CURLcode on_ssl_ctx(CURL* /*curl*/, void* ctx, void* attempt) {
  auto* context = static_cast<SSL_CTX*>(ctx);
  if (attempt_slot() < 0 || !SSL_CTX_set_ex_data(context, attempt_slot(), attempt))
    return CURLE_OK;  // the handshake still runs, without naming what it negotiated
  SSL_CTX_set_info_callback(context, on_tls_info);
  return CURLE_OK;
}

TlsAttempt handshake(const std::string& url, const TlsProbeOptions& options, long ssl_version,
                     const char* ciphers) {
  TlsAttempt attempt;
  std::unique_ptr<CURL, EasyDeleter> handle(curl_easy_init());
  CURL* curl = handle.get();
  if (!curl) {
    attempt.error = "curl_easy_init failed";
    return attempt;
  }
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CONNECT_ONLY, 1L);  // the handshake, no request
  curl_easy_setopt(curl, CURLOPT_FRESH_CONNECT, 1L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, to_ms(options.connect_timeout_s));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, to_ms(options.connect_timeout_s));
  curl_easy_setopt(curl, CURLOPT_SSLVERSION, ssl_version);
  curl_easy_setopt(curl, CURLOPT_SSL_CIPHER_LIST, ciphers);
  curl_easy_setopt(curl, CURLOPT_SSL_CTX_FUNCTION, on_ssl_ctx);
  curl_easy_setopt(curl, CURLOPT_SSL_CTX_DATA, &attempt);
  if (!options.proxy.empty()) {
    curl_easy_setopt(curl, CURLOPT_PROXY, options.proxy.c_str());
    curl_easy_setopt(curl, CURLOPT_NOPROXY, "");
  } else if (!options.env_proxy) {
    curl_easy_setopt(curl, CURLOPT_PROXY, "");
  }
  if (!options.cacert.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options.cacert.c_str());
  if (options.insecure) {
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  const CURLcode code = curl_easy_perform(curl);
  attempt.verdict = verdict_of(code);
  if (code != CURLE_OK) attempt.error = errbuf[0] ? errbuf : curl_easy_strerror(code);
  return attempt;
}

}  // namespace

const char* to_string(TlsVerdict verdict) {
  switch (verdict) {
    case TlsVerdict::accepted:
      return "accepted";
    case TlsVerdict::refused:
      return "refused";
    case TlsVerdict::unreachable:
      break;
  }
  return "unreachable";
}

bool parse_tls_verdict(const std::string& text, TlsVerdict* verdict) {
  for (TlsVerdict v : {TlsVerdict::accepted, TlsVerdict::refused, TlsVerdict::unreachable})
    if (text == to_string(v)) {
      *verdict = v;
      return true;
    }
  return false;
}

TlsProbe probe_tls(const std::string& url, const TlsProbeOptions& options) {
  global_init();
  TlsProbe probe;
  // Security level 0: OpenSSL 3 refuses TLS 1.0/1.1 itself at its default level, which would
  // hide whether the server accepts them.
  probe.legacy =
      handshake(url, options, versions(CURL_SSLVERSION_TLSv1_0, CURL_SSLVERSION_MAX_TLSv1_1),
                "DEFAULT:@SECLEVEL=0");
  probe.tls12 =
      handshake(url, options, versions(CURL_SSLVERSION_TLSv1_2, CURL_SSLVERSION_MAX_TLSv1_2),
                kEntraTls12Ciphers);
  return probe;
}

}  // namespace scimcheck::http
