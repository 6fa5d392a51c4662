#pragma once
/// A recorded (already redacted) request as a curl command line a user can paste into a POSIX
/// shell to send it again. Masked secrets become shell variables, never values: the
/// Authorization header refers to $SCIM_TOKEN, any other masked value to a variable named
/// after its header.
#include <string>
#include <string_view>
#include <vector>

#include "http/exchange.hpp"

namespace scimcheck::report {

/// The text as one shell word that the shell takes literally: '...' with each ' written as
/// '\'', or, when it holds a control character other than tab and newline (or malformed
/// UTF-8), bash's $'...' with those bytes as \xHH, so the word itself is printable text.
std::string shell_quote(std::string_view text);

/// The text as one shell word in which each http::kMask becomes a reference to the variable
/// `variable` ("$SCIM_TOKEN"); the rest is taken literally. Double quotes when the literal
/// parts need no escaping there, else single-quoted parts joined with "$VAR".
std::string shell_word_with_variable(std::string_view text, const std::string& variable);

/// The shell variable standing for a masked value of this header: its name upper-cased,
/// every other character than a letter or digit as '_' ("X-Api-Key" -> "X_API_KEY").
std::string variable_for_header(std::string_view name);

struct CurlOptions {
  bool insecure = false;  ///< the run switched TLS verification off: so does the command
  /// The body's whole size when only its start was kept; 0 when the body is whole.
  std::size_t body_bytes = 0;
};

struct CurlCommand {
  std::string command;  ///< one command, continued over lines with " \"
  /// What the command cannot reproduce (a body cut short, masked values it sends as ****).
  std::vector<std::string> notes;
};

/// The request as a curl command: --globoff and --include, the method, the URL, every
/// header (Authorization: Bearer as "$SCIM_TOKEN", Basic as --user "$SCIM_TOKEN", since the
/// run's basic secret is "user:password"), and the body as --data-binary. Accept and
/// Content-Type the request did not set are switched off, as the run's transport does.
CurlCommand curl_command(const http::Request& request, const CurlOptions& options = {});

}  // namespace scimcheck::report
