#include "report/curl_command.hpp"

#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

using namespace scimcheck;
using namespace scimcheck::report;

namespace {

/// What bash makes of `words` after running `prelude`: the words printed back to back.
std::string bash_reads(const std::string& words, const std::string& prelude = "") {
  const auto script = std::filesystem::temp_directory_path() /
                      ("scimcheck-curl-test-" + std::to_string(::getpid()) + ".sh");
  {
    std::ofstream out(script, std::ios::binary);
    out << prelude << "\nprintf '%s' " << words << "\n";
  }
  std::string output;
  if (FILE* pipe = ::popen(("bash " + script.string()).c_str(), "r")) {
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;)
      output.append(buffer, n);
    ::pclose(pipe);
  }
  std::filesystem::remove(script);
  return output;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

http::Request post_user() {
  http::Request r;
  r.method = "POST";
  r.url = "http://127.0.0.1:8080/scim/v2/Users?attributes=emails[type%20eq%20%22work%22]&x=1";
  r.headers = {{"Authorization", "Bearer ****"},
               {"Content-Type", "application/scim+json"},
               {"Accept", "application/scim+json"},
               {"Content-Length", "17"}};
  r.body = R"({"userName":"a"})";
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(curl_command_line)

BOOST_AUTO_TEST_CASE(awkward_text_reaches_the_program_unchanged) {
  for (const std::string& text :
       {std::string("plain"), std::string(""), std::string("it's \"quoted\""),
        std::string("two\nlines\n"), std::string("$HOME and ${PATH} and $(id) and `id`"),
        std::string("back\\slash \\' and !bang"),
        std::string("Jos\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x98\x80"), std::string("tab\there"),
        std::string("cr\r\nesc\x1b[2J bell\x07 del\x7f"), std::string("broken \xC3 utf-8 \xFF"),
        std::string("'"), std::string("''\\''")}) {
    const std::string word = shell_quote(text);
    BOOST_TEST(bash_reads(word) == text, "shell_quote(" << word << ")");
  }
}

BOOST_AUTO_TEST_CASE(quoted_words_are_printable) {
  // a control character a terminal would act on never appears raw
  const std::string word = shell_quote("a\x1b[31mb\rc");
  BOOST_TEST(word == "$'a\\x1B[31mb\\x0Dc'");
  BOOST_TEST(shell_quote("it's") == "'it'\\''s'");
  BOOST_TEST(shell_quote("two\nlines") == "'two\nlines'");
}

BOOST_AUTO_TEST_CASE(masks_become_variables) {
  const std::string prelude = "SCIM_TOKEN='t0k$`\"x'; X_API_KEY=k3y";
  BOOST_TEST(shell_word_with_variable("Authorization: Bearer ****", "SCIM_TOKEN") ==
             "\"Authorization: Bearer $SCIM_TOKEN\"");
  BOOST_TEST(bash_reads(shell_word_with_variable("Authorization: Bearer ****", "SCIM_TOKEN"),
                        prelude) == "Authorization: Bearer t0k$`\"x");
  // literal text the double quotes would expand stays literal; a name character after the
  // mask does not lengthen the variable's name
  const std::string awkward = "X-Api-Key: $pre\"fix`****suffix '!****";
  const std::string word = shell_word_with_variable(awkward, "X_API_KEY");
  BOOST_TEST(bash_reads(word, prelude) == "X-Api-Key: $pre\"fix`k3ysuffix '!k3y", word);
  BOOST_TEST(shell_word_with_variable("no mask here", "X") == "'no mask here'");
  BOOST_TEST(variable_for_header("X-Api-Key") == "X_API_KEY");
  BOOST_TEST(variable_for_header("1x") == "H_1X");
}

BOOST_AUTO_TEST_CASE(request_as_command) {
  const auto cmd = curl_command(post_user());
  BOOST_TEST(
      cmd.command ==
      "curl --globoff --include --request 'POST' "
      "'http://127.0.0.1:8080/scim/v2/Users?attributes=emails[type%20eq%20%22work%22]&x=1' \\\n"
      "  -H \"Authorization: Bearer $SCIM_TOKEN\" \\\n"
      "  -H 'Content-Type: application/scim+json' \\\n"
      "  -H 'Accept: application/scim+json' \\\n"
      "  --data-binary '{\"userName\":\"a\"}'");
  BOOST_TEST(cmd.notes.empty());
  // the secret itself is nowhere, however the request was redacted
  BOOST_TEST(!contains(cmd.command, "****"));
}

BOOST_AUTO_TEST_CASE(basic_and_other_masked_headers) {
  http::Request r;
  r.method = "GET";
  r.url = "https://scim.example.test/Users";
  r.headers = {{"Authorization", "Basic ****"},
               {"Cookie", "****"},
               {"X-Empty", ""},
               {"X-Gateway-Key", "key-****-v2"}};
  const auto cmd = curl_command(r, {.insecure = true});
  BOOST_TEST(contains(cmd.command, "--user \"$SCIM_TOKEN\""));
  BOOST_TEST(contains(cmd.command, "-H \"Cookie: $COOKIE\""));
  BOOST_TEST(contains(cmd.command, "-H 'X-Empty;'"));
  BOOST_TEST(contains(cmd.command, "-H \"X-Gateway-Key: key-$X_GATEWAY_KEY-v2\""));
  BOOST_TEST(contains(cmd.command, "--insecure"));
  // curl's own Accept is switched off, as the run's transport does
  BOOST_TEST(contains(cmd.command, "-H 'Accept:'"));
  BOOST_TEST(!contains(cmd.command, "--data"));
}

BOOST_AUTO_TEST_CASE(awkward_bodies_and_notes) {
  auto r = post_user();
  r.body =
      "{\"displayName\":\"O'Brien \\\"the $HOME "
      "`id`\\\"\",\n\"name\":\"Jos\xC3\xA9\",\"password\":\"****\"}";
  const auto cmd = curl_command(r, {.body_bytes = 70000});
  const std::string tail = cmd.command.substr(cmd.command.find("--data-binary ") + 14);
  BOOST_TEST(bash_reads(tail) == r.body);
  BOOST_REQUIRE(cmd.notes.size() == 2u);
  BOOST_TEST(contains(cmd.notes[0], "70000"));
  BOOST_TEST(contains(cmd.notes[1], "masked"));
  // a body that starts with @ is sent as it is, not read from a file
  r.body = "@/etc/passwd";
  BOOST_TEST(contains(curl_command(r).command, "--data-raw '@/etc/passwd'"));
  r.method = "HEAD";
  r.body.clear();
  BOOST_TEST(contains(curl_command(r).command, "--head 'http"));
}

BOOST_AUTO_TEST_SUITE_END()
