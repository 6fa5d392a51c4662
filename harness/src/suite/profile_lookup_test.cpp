#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "suite/profile_lookup.hpp"

using namespace scimcheck;
namespace fs = std::filesystem;

namespace {

/// A project root holding suites/profiles/{alpha,beta}.profile.json and one other file.
struct FakeRoot {
  fs::path root = fs::temp_directory_path() / "scimcheck-profile-lookup";
  FakeRoot() {
    fs::remove_all(root);
    fs::create_directories(root / "suites" / "profiles");
    for (const char* name : {"beta.profile.json", "alpha.profile.json", "notes.txt"})
      std::ofstream(root / "suites" / "profiles" / name) << "{}\n";
  }
  ~FakeRoot() { fs::remove_all(root); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(profile_lookup)

BOOST_AUTO_TEST_CASE(the_names_are_the_profile_files_under_suites_profiles) {
  FakeRoot fake;
  BOOST_TEST(suite::profile_names(fake.root) == (std::vector<std::string>{"alpha", "beta"}),
             boost::test_tools::per_element());
  BOOST_TEST(suite::profile_names(fake.root / "nowhere").empty());
}

BOOST_AUTO_TEST_CASE(a_name_finds_its_file_and_a_path_is_taken_as_it_is) {
  FakeRoot fake;
  std::string error;
  const auto named = suite::find_profile(fake.root, "beta", &error);
  BOOST_TEST((named && *named == (fake.root / "suites/profiles/beta.profile.json").string()));
  const fs::path elsewhere = fake.root / "own.profile.json";
  std::ofstream(elsewhere) << "{}\n";
  const auto by_path = suite::find_profile(fake.root, elsewhere.string(), &error);
  BOOST_TEST((by_path && *by_path == elsewhere.string()));
  BOOST_TEST(error.empty());
}

BOOST_AUTO_TEST_CASE(an_unknown_name_lists_the_known_ones_with_a_hint) {
  FakeRoot fake;
  std::string error;
  BOOST_TEST(!suite::find_profile(fake.root, "alhpa", &error));
  BOOST_TEST(error == "unknown profile \"alhpa\" (known: alpha, beta)\n  hint: did you mean \"alpha\"?");
  BOOST_TEST(!suite::find_profile(fake.root, "zzzzzzzz", &error));
  BOOST_TEST(error == "unknown profile \"zzzzzzzz\" (known: alpha, beta)");
  // A folder is not a profile file, nor is an empty name.
  BOOST_TEST(!suite::find_profile(fake.root, (fake.root / "suites").string(), &error));
  BOOST_TEST(!suite::find_profile(fake.root, "", &error));
}

BOOST_AUTO_TEST_SUITE_END()
