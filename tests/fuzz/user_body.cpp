// Fuzz target: the load's check of a GET /Users/{id} answer. The input's first line is the id,
// the rest the body. simdjson's reader and nlohmann's SAX reader must give the same verdict,
// at the usual depth limit and at a small one.
#include "scim/user_body.hpp"

#include <cstdio>
#include <cstdlib>

#include "fuzz_support.hpp"

using namespace scimcheck;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text = fuzz::input_text(data, size);
  const std::size_t newline = text.find('\n');
  const std::string id = newline == std::string::npos ? "u1" : text.substr(0, newline);
  const std::string body = newline == std::string::npos ? text : text.substr(newline + 1);
  for (std::size_t depth : {std::size_t{64}, std::size_t{3}}) {
    const bool fast = scim::is_user_body(body, id, depth);
    const bool sax = scim::is_user_body_sax(body, id, depth);
    if (fast != sax) {
      std::fprintf(stderr, "user_body: the readers disagree at depth %zu: simdjson %d, SAX %d\n",
                   depth, fast, sax);
      std::abort();
    }
  }
  return 0;
}
