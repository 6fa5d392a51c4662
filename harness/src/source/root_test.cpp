#include <unistd.h>

#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <string>

#include "source/root.hpp"

using namespace scimcheck::source;
namespace fs = std::filesystem;

namespace {

/// A scratch tree: an installed prefix (usr/bin, usr/share/scimcheck), a checkout with a
/// build folder, a folder named by SCIMCHECK_ROOT, a source tree, and an empty folder.
struct Tree {
  fs::path base = fs::temp_directory_path() / ("scimcheck-root-test-" + std::to_string(::getpid()));
  Tree() {
    fs::remove_all(base);
    for (const char* d : {"usr/bin", "usr/share/scimcheck", "checkout/build", "env", "src", "empty"}) {
      fs::create_directories(base / d);
    }
    for (const char* d : {"usr/share/scimcheck", "checkout", "env", "src"}) {
      fs::create_directories(base / d / "suites");
      fs::create_directories(base / d / "schemas");
    }
  }
  ~Tree() { fs::remove_all(base); }
};

RootSearch everything(const Tree& t) {
  return RootSearch{t.base / "usr/bin/scimcheck", (t.base / "env").string(), t.base / "checkout",
                    t.base / "src"};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(root)

BOOST_AUTO_TEST_CASE(the_installed_share_folder_next_to_the_binary_comes_first) {
  Tree t;
  auto root = locate_root(everything(t));
  BOOST_REQUIRE(root);
  BOOST_TEST(root->dir == t.base / "usr/share/scimcheck");
  BOOST_TEST(static_cast<int>(root->origin) == static_cast<int>(RootOrigin::kInstalled));
  BOOST_TEST(describe_root(root).find("(installed)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(then_scimcheck_root_then_a_checkout_then_the_source_tree) {
  Tree t;
  RootSearch s = everything(t);
  s.executable = t.base / "checkout/build/scimcheck";
  auto root = locate_root(s);
  BOOST_REQUIRE(root);
  BOOST_TEST(root->dir == t.base / "env");

  s.env_root.clear();
  root = locate_root(s);
  BOOST_REQUIRE(root);
  BOOST_TEST(root->dir == t.base / "checkout");
  BOOST_TEST(static_cast<int>(root->origin) == static_cast<int>(RootOrigin::kCheckout));

  s.executable = t.base / "empty/scimcheck";  // a copied binary, run from inside a checkout
  root = locate_root(s);
  BOOST_REQUIRE(root);
  BOOST_TEST(root->dir == t.base / "checkout");

  s.cwd = t.base / "empty";
  root = locate_root(s);
  BOOST_REQUIRE(root);
  BOOST_TEST(root->dir == t.base / "src");
  BOOST_TEST(static_cast<int>(root->origin) == static_cast<int>(RootOrigin::kSourceTree));
}

BOOST_AUTO_TEST_CASE(a_scimcheck_root_without_the_folders_is_passed_over) {
  Tree t;
  RootSearch s{t.base / "empty/scimcheck", (t.base / "empty").string(), t.base / "empty", {}};
  BOOST_TEST(!locate_root(s));
  BOOST_TEST(describe_root(std::nullopt).find("SCIMCHECK_ROOT") != std::string::npos);
  s.source_tree = t.base / "src";
  BOOST_REQUIRE(locate_root(s));
  BOOST_TEST(locate_root(s)->dir == t.base / "src");
}

BOOST_AUTO_TEST_SUITE_END()
