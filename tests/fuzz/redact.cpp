// Fuzz target: the redactor. The bytes go through Redactor::text whole, and through
// Redactor::exchange as a request and a response (the text form of fuzz_support.hpp: first
// line "METHOD URL", headers, body). No known secret may survive verbatim anywhere.
#include <cstdio>
#include <cstdlib>

#include "fuzz_support.hpp"
#include "http/redact.hpp"

using namespace scimcheck;

namespace {

const char* const kSecrets[] = {"s3cr3t-T0ken.v4lue", "hunter2-password", "client-secret-42",
                                "alice:opensesame"};

const http::Redactor& redactor() {
  static http::Redactor* r = [] {
    static http::Redactor made;
    for (const char* s : kSecrets) made.add_secret(s);
    return &made;
  }();
  return *r;
}

void expect_masked(const std::string& where, const std::string& text) {
  for (const char* s : kSecrets) {
    if (text.find(s) != std::string::npos) {
      std::fprintf(stderr, "secret \"%s\" left in %s\n", s, where.c_str());
      std::abort();
    }
  }
}

void expect_masked(const std::string& where, const http::Headers& headers) {
  for (const auto& h : headers) expect_masked(where + " header " + h.name, h.value);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = fuzz::input_text(data, size);
  expect_masked("text()", redactor().text(text));

  const fuzz::Message m = fuzz::parse_message(text);
  http::Exchange ex;
  const std::size_t space = m.first_line.find(' ');
  ex.request.method = m.first_line.substr(0, space);
  ex.request.url = space == std::string::npos ? "" : m.first_line.substr(space + 1);
  ex.request.headers = m.headers;
  ex.request.body = m.body;
  ex.response.status = 200;
  ex.response.headers = m.headers;
  ex.response.body = m.body;
  ex.error = http::TransportError{http::ErrorKind::other, m.body};
  redactor().exchange(ex);
  expect_masked("the request URL", ex.request.url);
  expect_masked("the request", ex.request.headers);
  expect_masked("the request body", ex.request.body);
  expect_masked("the response", ex.response.headers);
  expect_masked("the response body", ex.response.body);
  return 0;
}
