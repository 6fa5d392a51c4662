#include <boost/test/unit_test.hpp>

#include <chrono>
#include <random>

#include "source/json_depth.hpp"
#include "source/utf8.hpp"
#include "source/positions.hpp"
#include "source/diagnostic_render.hpp"
#include "source/template_syntax.hpp"

using namespace scimcheck::source;

BOOST_AUTO_TEST_SUITE(positions)

BOOST_AUTO_TEST_CASE(locates_a_character_inside_a_string_through_its_escapes) {
  const std::string text =
      "{\"a\": \"x\\\"y{{z}}\", \"b\": \"\\u00e9{{q}}\", \"c\": \"\\ud83d\\ude00{{s}}\",\n"
      " \"{{k}}\": 5, \"n\": 7}";
  Diagnostics d;
  auto file = parse_json_text("f.json", text, d);
  BOOST_REQUIRE(file);
  auto column_of = [&](const std::string& needle) {
    return static_cast<int>(text.find(needle)) + 1;  // the first line is ASCII
  };
  const std::string a = file->json["a"];  // x"y{{z}}
  BOOST_TEST(file->span_in_string("/a", a.find("{{")).column == column_of("{{z"));
  const std::string b = file->json["b"];  // é{{q}}: é is two bytes, six characters written
  BOOST_TEST(file->span_in_string("/b", b.find("{{")).column == column_of("{{q"));
  const std::string c = file->json["c"];  // an emoji written as a surrogate pair
  BOOST_TEST(file->span_in_string("/c", c.find("{{")).column == column_of("{{s"));
  auto key = file->span_in_string("/{{k}}", 0, true);
  BOOST_TEST(key.line == 2);
  BOOST_TEST(key.column == 3);
  // Not a string: the value's own position.
  BOOST_TEST(file->span_in_string("/n", 3).column == file->span("/n").column);
}

BOOST_AUTO_TEST_CASE(locates_values_and_keys_by_pointer) {
  const std::string text = "{\n  \"a\": [1, {\"b/c\": \"x\"}],\n  \"é\": true\n}\n";
  Diagnostics d;
  auto file = parse_json_text("f.json", text, d);
  BOOST_REQUIRE(file);
  BOOST_TEST(d.empty());
  auto s = file->span("/a/1/b~1c");
  BOOST_TEST(s.line == 2);
  BOOST_TEST(s.column == 20);
  auto k = file->span("/a/1/b~1c", true);
  BOOST_TEST(k.column == 13);
  auto e = file->span("/\xc3\xa9", true);
  BOOST_TEST(e.line == 3);
  BOOST_TEST(e.column == 3);
  auto v = file->span("/\xc3\xa9");
  BOOST_TEST(v.column == 8);  // columns count code points: é is one
  // Unknown pointers fall back to the nearest known ancestor.
  auto fallback = file->span("/a/7/zzz");
  BOOST_TEST(fallback.line == 2);
  BOOST_TEST(fallback.column == 8);
}

BOOST_AUTO_TEST_CASE(syntax_errors_name_line_and_column) {
  Diagnostics d;
  auto file = parse_json_text("bad.json", "{\n  \"a\": 1,\n  \"b\" 2\n}\n", d);
  BOOST_TEST(!file);
  BOOST_REQUIRE(d.size() == 1u);
  BOOST_TEST(d[0].span.line == 3);
  BOOST_TEST(d[0].span.column == 7);
  BOOST_TEST(d[0].message.find("invalid JSON") == 0u);
  BOOST_TEST(d[0].message.find("json.exception") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(nesting_deeper_than_the_limit_is_one_diagnostic_at_the_bracket) {
  // 100,000 levels: the scanner used to stop advancing below 512 levels and spin.
  const std::string arrays = std::string(100000, '[') + std::string(100000, ']');
  Diagnostics d;
  BOOST_TEST(!parse_json_text("a.json", arrays, d));
  BOOST_REQUIRE(d.size() == 1u);
  BOOST_TEST(d[0].message == "nesting deeper than 64");
  BOOST_TEST(d[0].span.line == 1);
  BOOST_TEST(d[0].span.column == kMaxJsonDepth + 1);

  std::string objects = "{\"x\": \"[[[{{\",\n \"y\": ";
  for (int i = 0; i < 600; ++i) objects += "{\"a\": ";
  objects += "1" + std::string(600, '}') + "}";
  d.clear();
  BOOST_TEST(!parse_json_text("o.json", objects, d));
  BOOST_REQUIRE(d.size() == 1u);
  BOOST_TEST(d[0].message == "nesting deeper than 64");
  BOOST_TEST(d[0].span.line == 2);
  BOOST_TEST(d[0].span.column == 6 + 63 * 6 + 1);  // the 64th object of the line is level 65

  // At the limit, accepted.
  d.clear();
  BOOST_TEST(parse_json_text("ok.json", std::string(64, '[') + std::string(64, ']'), d).has_value());
}

BOOST_AUTO_TEST_CASE(a_syntax_error_before_the_deep_part_is_reported_first) {
  Diagnostics d;
  BOOST_TEST(!parse_json_text("s.json", "[1 2, " + std::string(1000, '['), d));
  BOOST_REQUIRE(d.size() == 1u);
  BOOST_TEST(d[0].message.find("invalid JSON") == 0u);
  BOOST_TEST(d[0].span.column == 4);
}

BOOST_AUTO_TEST_CASE(numbers_beyond_a_double_are_diagnostics_at_the_number) {
  for (const std::string number : {"1e999", "-1e999", "1.5E+400"}) {
    Diagnostics d;
    const std::string text = "{\"a\": [1,\n  " + number + "]}";
    BOOST_TEST(!parse_json_text("n.json", text, d), number);
    BOOST_REQUIRE(d.size() == 1u);
    BOOST_TEST(d[0].message == "number " + number + " is out of range");
    BOOST_TEST(d[0].span.line == 2);
    BOOST_TEST(d[0].span.column == 3);
  }
  // An integer beyond 64 bits is a valid JSON number: it becomes a double.
  Diagnostics d;
  auto file = parse_json_text("i.json", "[18446744073709551616999]", d);
  BOOST_REQUIRE(file);
  BOOST_TEST(file->json[0].is_number_float());
}

BOOST_AUTO_TEST_CASE(the_position_scanner_always_advances) {
  // Not JSON, or deeper than anything parse_json_text accepts: the index is built in
  // bounded time anyway, and lookups fall back to what is known.
  const auto started = std::chrono::steady_clock::now();
  PositionIndex deep(std::string(200000, '[') + "1" + std::string(200000, ']'));
  BOOST_TEST(deep.locate("/0/0/0").column == 4);
  std::mt19937 random(7);
  const std::string alphabet = "{}[]\":,\\ \nab1e-";
  for (int i = 0; i < 2000; ++i) {
    std::string text(static_cast<std::size_t>(random() % 64), ' ');
    for (auto& c : text) c = alphabet[random() % alphabet.size()];
    PositionIndex index(text);
    (void)index.locate("/a/0", true);
    (void)index.locate_in_string("/a", 3);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  BOOST_TEST(seconds < 20.0);
}

BOOST_AUTO_TEST_CASE(columns_on_a_long_line_are_found_without_counting_from_its_start) {
  // A minified file is one line: 4 MB with the value looked up at its end, 5,000 times.
  std::string text = "[";
  for (int i = 0; i < 400000; ++i) text += "\"\xc3\xa9\xc3\xa9\xc3\xa9\", ";
  text += "7]";
  const auto started = std::chrono::steady_clock::now();
  PositionIndex index(text);
  LineCol lc;
  for (int i = 0; i < 5000; ++i) lc = index.locate("/400000");
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  BOOST_TEST(lc.line == 1);
  BOOST_TEST(lc.column == 1 + 400000 * 7 + 1);  // each element is 7 code points: "ééé",_
  BOOST_TEST(seconds < 10.0);
}

BOOST_AUTO_TEST_CASE(parse_bounded_reports_without_throwing) {
  JsonProblem problem;
  BOOST_TEST(!parse_bounded("[1e999]", &problem).has_value());
  BOOST_TEST(problem.offset == 1u);
  BOOST_TEST(!parse_bounded("[[[1]]]", &problem, 2).has_value());
  BOOST_TEST(problem.offset == 2u);
  BOOST_TEST(problem.message == "nesting deeper than 2");
  auto ok = parse_bounded("{\"a\": [1, 2]}", &problem);
  BOOST_REQUIRE(ok);
  BOOST_TEST((*ok)["a"].size() == 2u);
}

BOOST_AUTO_TEST_CASE(duplicate_keys_are_errors) {
  Diagnostics d;
  auto file = parse_json_text("dup.json", "{\"a\": 1,\n \"a\": 2}", d);
  BOOST_TEST(!file);
  BOOST_REQUIRE(d.size() == 1u);
  BOOST_TEST(d[0].span.line == 2);
  BOOST_TEST(d[0].span.column == 2);
  BOOST_TEST(d[0].message == "duplicate key \"a\" (JSON keeps only the last one)");
}

BOOST_AUTO_TEST_CASE(missing_file_is_reported) {
  Diagnostics d;
  BOOST_TEST(!read_json_file("/nonexistent/x.json", d));
  BOOST_REQUIRE(d.size() == 1u);
  BOOST_TEST(d[0].message == "cannot read the file");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(rendering)

BOOST_AUTO_TEST_CASE(renders_line_and_caret_and_hint) {
  const std::string text = "{\n  \"expct\": []\n}\n";
  Diagnostic d{Severity::error, Span{"s.json", 2, 3, "/expct"}, "unknown key \"expct\"",
               "did you mean \"expect\"?"};
  const std::string out = render(d, [&](const std::string&) { return text; });
  BOOST_TEST(out ==
             "s.json:2:3: error: unknown key \"expct\"\n"
             " 2 |   \"expct\": []\n"
             "   |   ^\n"
             "  hint: did you mean \"expect\"?\n");
}

BOOST_AUTO_TEST_CASE(render_all_sorts_and_counts) {
  Diagnostics ds{{Severity::error, Span{"b.json", 1, 1, ""}, "second", ""},
                 {Severity::warning, Span{"a.json", 0, 0, ""}, "first", ""}};
  const std::string out = render_all(ds, nullptr);
  BOOST_TEST(out == "a.json: warning: first\nb.json:1:1: error: second\n1 error, 1 warning\n");
}

BOOST_AUTO_TEST_CASE(a_long_line_is_quoted_around_the_column) {
  const std::string text = std::string(5000, '[') + "x" + std::string(5000, ']');
  Diagnostic d{Severity::error, Span{"l.json", 1, 5001, ""}, "here", ""};
  const std::string out = render(d, [&](const std::string&) { return text; });
  BOOST_TEST(out.size() < 500u);
  const auto quoted = out.find(" 1 | ...");
  const auto caret = out.find(" | ", out.find('\n', quoted));
  BOOST_REQUIRE(quoted != std::string::npos);
  BOOST_REQUIRE(caret != std::string::npos);
  // The caret sits under the x.
  const auto x = out.find('x', quoted) - (quoted + 5);
  BOOST_TEST(out.find('^', caret) - (caret + 3) == x);
}

BOOST_AUTO_TEST_CASE(render_all_shows_the_first_hundred) {
  Diagnostics ds(1000, Diagnostic{Severity::error, Span{"a.json", 1, 1, ""}, "e", ""});
  const std::string out = render_all(ds, nullptr);
  BOOST_TEST(out.find("... and 900 more not shown\n1000 errors\n") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(closest_ignores_very_long_words) {
  BOOST_TEST(closest(std::string(100000, 'e') + "xpect", {"expect"}) == "");
}

BOOST_AUTO_TEST_CASE(did_you_mean_finds_close_words_only) {
  const std::vector<std::string> keys{"expect", "capture", "request", "creates", "name"};
  BOOST_TEST(closest("expct", keys) == "expect");
  BOOST_TEST(closest("reqeust", keys) == "request");  // transposition
  BOOST_TEST(closest("Capture", keys) == "capture");
  BOOST_TEST(closest("banana", keys) == "");
  BOOST_TEST(did_you_mean("nmae", keys) == "did you mean \"name\"?");
  BOOST_TEST(did_you_mean("zzzzzz", keys) == "");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(templates)

BOOST_AUTO_TEST_CASE(finds_roots_rest_and_filters) {
  auto refs = find_templates("a {{ alice.emails[type eq \"work\"].value | upper }} b {{uuid}}");
  BOOST_REQUIRE(refs.size() == 2u);
  BOOST_TEST(refs[0].root == "alice");
  BOOST_TEST(refs[0].rest == "emails[type eq \"work\"].value");
  BOOST_REQUIRE(refs[0].filters.size() == 1u);
  BOOST_TEST(refs[0].filters[0] == "upper");
  BOOST_TEST(refs[1].root == "uuid");
  BOOST_TEST(is_whole_template("{{alice.body}}"));
  BOOST_TEST(!is_whole_template("x{{alice.body}}"));
  auto bad = find_templates("{{unclosed");
  BOOST_REQUIRE(bad.size() == 1u);
  BOOST_TEST(!bad[0].error.empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(json_depth)

BOOST_AUTO_TEST_CASE(finds_the_bracket_that_crosses_the_limit) {
  BOOST_TEST(!nesting_exceeded_at("[[1]]", 2));
  BOOST_TEST(nesting_exceeded_at("[[1]]", 1).value_or(99) == 1u);
  // Brackets in strings, escaped quotes included, do not count.
  BOOST_TEST(!nesting_exceeded_at(R"({"a":"[[[\"[[["})", 1));
  // A deep document is stopped at the crossing bracket, not read to its end.
  const std::string deep(1'000'000, '[');
  BOOST_TEST(nesting_exceeded_at(deep, 64).value_or(0) == 64u);
  // Closing brackets with nothing open never make the depth negative.
  BOOST_TEST(nesting_exceeded_at("]]]][[", 1).value_or(0) == 5u);
}

BOOST_AUTO_TEST_CASE(counts_values) {
  BOOST_TEST(!measure_json("[1,2,3]", 8, 4).too_many_values);
  BOOST_TEST(measure_json("[1,2,3,4]", 8, 3).too_many_values);
  BOOST_TEST(!measure_json(R"(["a,b,c,d"])", 8, 2).too_many_values);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(utf8)

BOOST_AUTO_TEST_CASE(finds_and_repairs_ill_formed_bytes) {
  BOOST_TEST(!invalid_utf8_at("Jos\xC3\xA9 M\xC3\xBCller"));
  BOOST_TEST(invalid_utf8_at("Jos\xE9").value_or(0) == 3u);
  BOOST_TEST(invalid_utf8_at("\xED\xA0\x80").value_or(9) == 0u);  // a surrogate
  BOOST_TEST(invalid_utf8_at("\xC0\xAF").value_or(9) == 0u);      // an overlong form
  BOOST_TEST(repair_utf8("Jos\xE9!") == "Jos\xEF\xBF\xBD!");
  BOOST_TEST(repair_utf8("\xC3") == "\xEF\xBF\xBD");              // cut short
  BOOST_TEST(repair_utf8("ok \xE2\x82\xAC") == "ok \xE2\x82\xAC");
}

BOOST_AUTO_TEST_SUITE_END()
