#include "http/tls_probe.hpp"

#include <boost/test/unit_test.hpp>
#include <string>

#include "http/test_server.hpp"

using namespace scimcheck::http;

BOOST_TEST_DONT_PRINT_LOG_VALUE(TlsVerdict)

BOOST_AUTO_TEST_SUITE(tls_probe)

BOOST_AUTO_TEST_CASE(verdict_names_round_trip) {
  for (TlsVerdict v : {TlsVerdict::accepted, TlsVerdict::refused, TlsVerdict::unreachable}) {
    TlsVerdict back = TlsVerdict::accepted;
    BOOST_TEST(parse_tls_verdict(to_string(v), &back));
    BOOST_TEST((back == v));
  }
  TlsVerdict unchanged = TlsVerdict::refused;
  BOOST_TEST(!parse_tls_verdict("maybe", &unchanged));
}

// No listener is not a server refusing TLS 1.0: "refused" there would pass the legacy line.
BOOST_AUTO_TEST_CASE(nothing_listening_is_unreachable_not_refused) {
  int port = 0;
  {
    testing::TestServer closed;
    closed.start();
    port = closed.port();
  }
  TlsProbeOptions options;
  options.env_proxy = false;
  const TlsProbe probe = probe_tls("https://127.0.0.1:" + std::to_string(port) + "/", options);
  BOOST_TEST((probe.legacy.verdict == TlsVerdict::unreachable), probe.legacy.error);
  BOOST_TEST((probe.tls12.verdict == TlsVerdict::unreachable), probe.tls12.error);
  BOOST_TEST(!probe.tls12.error.empty());
}

// A server that does not speak TLS at all fails both handshakes; nothing is negotiated.
BOOST_AUTO_TEST_CASE(a_plain_http_server_refuses_both_handshakes) {
  testing::TestServer plain;
  plain.server.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("{}", "application/json");
  });
  plain.start();
  TlsProbeOptions options;
  options.env_proxy = false;
  const TlsProbe probe =
      probe_tls("https://127.0.0.1:" + std::to_string(plain.port()) + "/", options);
  BOOST_TEST((probe.legacy.verdict == TlsVerdict::refused), probe.legacy.error);
  BOOST_TEST((probe.tls12.verdict == TlsVerdict::refused), probe.tls12.error);
  BOOST_TEST(probe.tls12.version.empty());
  BOOST_TEST(probe.tls12.cipher.empty());
}

BOOST_AUTO_TEST_SUITE_END()
