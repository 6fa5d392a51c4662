#include "source/timestamp.hpp"

#include <boost/test/unit_test.hpp>
#include <set>

using namespace scimcheck::source;

BOOST_AUTO_TEST_SUITE(timestamp)

BOOST_AUTO_TEST_CASE(iso_utc_ms_keeps_milliseconds) {
  const std::chrono::system_clock::time_point at{std::chrono::milliseconds(1714564800123)};
  BOOST_TEST(iso_utc_ms(at) == "2024-05-01T12:00:00.123Z");
  BOOST_TEST(iso_utc_ms(std::chrono::system_clock::time_point{}) == "1970-01-01T00:00:00.000Z");
}

BOOST_AUTO_TEST_CASE(new_uuid_is_version_4_lowercase_and_fresh) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string id = new_uuid();
    BOOST_TEST_REQUIRE(id.size() == 36u);
    BOOST_TEST(id[8] == '-');
    BOOST_TEST(id[13] == '-');
    BOOST_TEST(id[14] == '4');
    BOOST_TEST(std::string("89ab").find(id[19]) != std::string::npos);
    for (char c : id) BOOST_TEST((c == '-' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')));
    seen.insert(id);
  }
  BOOST_TEST(seen.size() == 100u);
}

BOOST_AUTO_TEST_SUITE_END()
