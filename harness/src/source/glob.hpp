#pragma once
/// The one pattern language for check ids (--only, --skip, baseline entries) and suite file
/// names: `*` matches any run of characters, everything else itself.
#include <string>

namespace scimcheck::source {

/// Whether `text` matches `pattern`, in time proportional to their lengths' product at worst.
bool glob_match(const std::string& pattern, const std::string& text);

}  // namespace scimcheck::source
