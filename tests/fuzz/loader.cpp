// Fuzz target: the suite and profile loader with its position scanner. The bytes are written
// to a file (the loader reads paths) and loaded as a profile when they mention "profile",
// else as a suite, which is then checked against the shipped rfc profile.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "fuzz_support.hpp"
#include "source/root.hpp"
#include "suite/loader.hpp"

using namespace scimcheck;
namespace fs = std::filesystem;

namespace {

/// The file each input is written to, one per process, removed at exit.
struct Scratch {
  fs::path path = fs::temp_directory_path() /
                  ("scimcheck-fuzz-loader-" + std::to_string(::getpid()) + ".json");
  ~Scratch() {
    std::error_code ec;
    fs::remove(path, ec);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Scratch scratch;
  static const suite::LoadOptions options{source::find_root().value_or(".")};
  static const suite::Profile profile = [] {
    source::Diagnostics ignored;
    auto p = suite::load_profile((options.root / "suites/profiles/rfc.profile.json").string(),
                                 options, ignored);
    if (!p) std::abort();
    return *p;
  }();
  const std::string text = fuzz::input_text(data, size);
  {
    std::ofstream out(scratch.path, std::ios::binary | std::ios::trunc);
    out << text;
  }
  source::Diagnostics diagnostics;
  if (text.find("\"profile\"") != std::string::npos) {
    (void)suite::load_profile(scratch.path.string(), options, diagnostics);
  } else if (auto suite = suite::load_suite(scratch.path.string(), options, diagnostics)) {
    suite::check_against_profile({*suite}, profile, diagnostics);
  }
  return 0;
}
