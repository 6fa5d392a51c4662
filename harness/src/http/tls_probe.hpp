#pragma once
/// The TLS probe of the gallery-readiness section: handshakes only (no HTTP request), each on
/// a fresh connection, that tell which TLS versions and cipher suites a target accepts.
/// Entra connects with TLS 1.2 and the ECDHE AES-GCM/CBC suites of entra-contract.md §1.2.
#include <string>

namespace scimcheck::http {

/// The cipher suites Entra's provisioning client offers (entra-contract.md §1.2: ECDHE,
/// AES-GCM or AES-CBC, ECDSA or RSA certificates, 128- or 256-bit keys), OpenSSL names.
inline constexpr const char* kEntraTls12Ciphers =
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-GCM-SHA256:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA256:"
    "ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA256";

/// How one handshake ended.
enum class TlsVerdict {
  accepted,     ///< the server agreed on a protocol version and suite
  refused,      ///< the TLS handshake failed (the server refused what was offered)
  unreachable,  ///< no TLS conversation: connection refused, timed out, proxy failure
};
const char* to_string(TlsVerdict verdict);  ///< "accepted", "refused", "unreachable"
/// The inverse of to_string; false for an unknown name.
bool parse_tls_verdict(const std::string& text, TlsVerdict* verdict);

/// One handshake of the probe.
struct TlsAttempt {
  TlsVerdict verdict = TlsVerdict::unreachable;
  std::string version;  ///< negotiated protocol ("TLSv1.2"); empty when not known
  std::string cipher;   ///< negotiated suite, OpenSSL name; empty when not known
  std::string error;    ///< libcurl's message when the handshake did not complete
};

/// Both handshakes of the probe.
struct TlsProbe {
  /// TLS 1.0 and 1.1 only, at OpenSSL security level 0 so that the client does not refuse
  /// them itself: a conforming server refuses.
  TlsAttempt legacy;
  /// TLS 1.2 only, with kEntraTls12Ciphers only: a conforming server accepts.
  TlsAttempt tls12;
};

/// The run's TLS and connection settings the probe honours (as http/curl_transport.hpp).
struct TlsProbeOptions {
  double connect_timeout_s = 5;  ///< each handshake, connection included
  std::string cacert;            ///< CA bundle; empty: system default
  bool insecure = false;         ///< no peer/host verification
  std::string proxy;             ///< non-empty: through this proxy
  bool env_proxy = true;         ///< no proxy given: libcurl's environment variables
};

/// Runs both handshakes against an https:// URL (only its host and port are used). A
/// certificate that fails verification still proves the server accepted the protocol: the
/// handshake had reached the certificate.
TlsProbe probe_tls(const std::string& url, const TlsProbeOptions& options);

}  // namespace scimcheck::http
