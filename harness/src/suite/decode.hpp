#pragma once
/// Decoding the parts of a suite into the model (suite/model.hpp). Each decoder reports what
/// only code can check (templates, SCIM paths, regexes, schema names, names used twice);
/// shapes, types and keys are the JSON Schema's (Decoder::validate).
#include <optional>
#include <string>

#include "suite/decoder.hpp"
#include "suite/template_check.hpp"

namespace scimcheck::suite {

/// Suite-wide settings every step takes unless it sets its own (suite format v2).
struct StepDefaults {
  std::optional<Expectation> max_ms;                         ///< at the defaults' position
  std::vector<std::pair<std::string, Template>> headers;     ///< request headers, in file order
};

std::optional<Expectation> decode_expectation(Decoder& d, const Json& e, const std::string& p,
                                              const TemplateScope& scope);
/// A step; its captures join `scope` for the steps after it.
std::optional<Step> decode_step(Decoder& d, const Json& s, const std::string& p,
                                TemplateScope& scope);
EachResponse decode_each_response(Decoder& d, const Json& e, const std::string& p);
std::optional<Case> decode_case(Decoder& d, const Json& c, const std::string& p,
                                const StepDefaults& defaults);
/// The suite's "defaults" object (absent: none).
StepDefaults decode_defaults(Decoder& d, const Json& suite);

/// A SCIM path as written in a suite: checked when it holds no template.
void check_scim_path(Decoder& d, const std::string& path, const std::string& pointer);

}  // namespace scimcheck::suite
