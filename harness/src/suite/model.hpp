#pragma once
/// The suite and profile model: plain structs decoded from the JSON files
/// (docs/suite-format.md). Every element keeps the span it came from.
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "source/span.hpp"

namespace scimcheck::suite {

using Json = nlohmann::json;
using source::Span;

/// The RFC keyword of the sentence a case cites: MUST (also SHALL, REQUIRED), SHOULD (also
/// RECOMMENDED) or MAY (also OPTIONAL). A failed MUST fails the check; SHOULD and MAY warn.
enum class Level { must, should, may };
/// What a failure means for the vendor: entra (Entra provisioning breaks or misbehaves),
/// gallery (blocks a gallery listing), rfc (RFC 7643/7644 conformance only: Entra works
/// regardless), app (the app's own documented rule, from its tutorial).
enum class Impact { entra, gallery, rfc, app };
/// Entra's request shapes (entra-contract.md 1.3-1.4): flag_off (the default) or flag_on
/// (aadOptscim062020 in the tenant URL). A case uses any, flag_off or flag_on; a run or a
/// profile uses flag_off, flag_on or both (every case runs, each with its own shapes).
enum class EntraMode { any, flag_off, flag_on, both };

const char* to_string(Level level);      ///< "MUST", "SHOULD", "MAY"
const char* to_string(Impact impact);    ///< "entra", "gallery", "rfc", "app"
/// The level or impact a file names; nullopt for any other text.
std::optional<Level> parse_level(std::string_view text);
std::optional<Impact> parse_impact(std::string_view text);
const char* to_string(EntraMode mode);   ///< "any", "flag-off", "flag-on", "both"
/// The mode a file or option names ("any", "flag-off", "flag-on", "both"); nullopt otherwise.
std::optional<EntraMode> parse_entra_mode(std::string_view text);

/// A JSON value that may hold {{templates}}, kept as written in the file.
struct Template {
  Json value;
  Span span;
};

struct RequestTemplate {
  std::string method;
  Template path;
  std::vector<std::pair<std::string, Template>> query;    ///< in file order
  std::vector<std::pair<std::string, Template>> headers;  ///< in file order
  std::optional<Template> body;
  bool send_auth = true;               ///< "auth": false sends no credentials
  std::optional<Template> auth_token;  ///< "auth": "..." sends that bearer token instead
  Span span;
};

enum class Subject { status, header, schema, path, body, max_ms, unchanged, declares };
enum class Operator { none, present, absent, equals, differs, matches, count, contains, empty, none_of };
enum class Compare { scim, exact, insensitive };

struct Expectation {
  Subject subject = Subject::status;
  std::vector<int> statuses;      ///< status
  std::string name;               ///< header name, schema name, SCIM path (may be a template);
                                  ///< declares: the schema URN of unqualified attribute paths
  Operator op = Operator::none;
  Template operand;               ///< equals/differs/matches/count/contains/none_of; body: "empty"|"json";
                                  ///< max_ms; unchanged: the resource before the write; declares:
                                  ///< the attribute paths that must be declared
  /// unchanged: SCIM paths (templates allowed) the write may change; all else must stay.
  std::vector<std::string> except;
  /// unchanged: values present before may be unassigned after (a PUT omitting them).
  bool may_clear = false;
  Compare compare = Compare::scim;
  std::optional<Level> level;     ///< overrides the case level for this expectation
  std::optional<Impact> impact;   ///< overrides the case impact for this expectation
  std::string message;
  /// What the vendor should change when this expectation fails; empty: the case's fix.
  std::string fix;
  Span span;
};

struct Capture {
  std::string name;
  enum class From { body, header, status } from = From::body;
  std::string path;  ///< SCIM path (body; "$": the whole body) or header name; may be a template
  Span span;
};

/// only_if: holds when `value` renders and equals `equals`; without `equals`, when `value`
/// renders to something set (not null, not empty).
struct Condition {
  Template value;
  std::optional<Json> equals;
  std::string reason;
  Span span;
};

struct Step {
  std::string name;
  RequestTemplate request;
  bool creates = false;
  /// Non-empty: the step only puts the case in position (it is not what the case tests), and
  /// this names the check that tests the step's requirement directly. When a setup step
  /// fails, the case is blocked by that check instead of failing.
  std::string setup;
  std::vector<Capture> captures;
  std::vector<Expectation> expect;
  std::optional<Condition> only_if;
  Span span;
};

/// A rule that holds for every response of a kind (media type, JSON, Error schema, time):
/// checked once over all of the run's exchanges instead of in each case.
struct EachResponse {
  std::vector<std::string> statuses;  ///< status classes ("2xx", "4xx", "5xx"); empty: any
  std::vector<std::string> methods;   ///< request methods; empty: any
  /// "any"; "list": a GET of /Users or /Groups, or a POST of a .search; "resource": a GET,
  /// PUT or PATCH of /Users/{id} or /Groups/{id}, or a POST to /Users or /Groups.
  std::string target = "any";
  bool body = false;    ///< only responses with a body
  /// false: not responses to requests with an `attributes` parameter, which return only the
  /// attributes asked for (RFC 7644 §3.4.2.5)
  bool projected = true;
  /// A response that breaks the rule stops its step: the step's other expectations are not
  /// evaluated and its case is blocked by the rule.
  bool blocks = false;
  std::vector<Expectation> expect;
  Span span;
};

struct ForEach {
  std::string in;  ///< "profile.users.attributes", "profile.groups.attributes"
  Json where;      ///< object of item keys to required values; null for all
  std::string as = "item";
  Span span;
};

/// A `{{root.member}}` template of a case that reads one of its fixtures or its for_each
/// item, with the place it is written: what lint and the plan check against the profile.
struct MemberUse {
  std::string root;    ///< the fixture's name, or the for_each item's
  std::string member;  ///< after "root." ("userName", "body", "emails[type eq \"work\"].value")
  int step = -1;       ///< index of the step it is in; -1 outside the steps (id, title)
  bool condition = false;  ///< in a step's only_if value (an unset value is a plain no there)
  Span span;           ///< the "{{" of the template
};

struct Case {
  std::string id;     ///< may be a template when for_each is set
  std::string title;  ///< may be a template when for_each is set
  std::string requirement;
  Level level = Level::must;
  Impact impact = Impact::entra;
  std::string capability;
  std::string fix;
  std::string rationale;
  std::vector<std::string> requires_;  ///< profile capabilities needed
  EntraMode mode = EntraMode::any;
  std::vector<std::pair<std::string, std::string>> fixtures;  ///< name -> "user" | "group"
  std::optional<ForEach> for_each;
  bool exclusive = false;
  /// An optional feature of RFC 7644 the case exercises, as /ServiceProviderConfig names it
  /// ("etag", "changePassword", "sort", "filter", "bulk", "patch"); empty: none.
  std::string feature;
  /// The ids of the checks that test what this case relies on: when one of them failed and
  /// this case fails too, this case is blocked by it instead.
  std::vector<std::string> depends_on;
  std::optional<EachResponse> each_response;  ///< a rule over all exchanges, instead of steps
  std::vector<Step> steps;
  std::vector<MemberUse> member_uses;  ///< in file order
  Span span;
};

struct Suite {
  std::string file;
  std::string id;
  std::string title;
  std::vector<std::string> requires_;
  std::vector<Case> cases;
  Span span;
};

struct AttributeMapping {
  std::string path;            ///< SCIM path, e.g. emails[type eq "work"].value
  std::string type = "string"; ///< string, boolean, reference
  Template value;              ///< generated value at create
  std::optional<Template> update;  ///< a second value for updates (default: derived)
  /// Set only when the object is created (Entra's flowType ObjectAddOnly): never updated, so
  /// for_each items (the per-attribute update checks) leave it out.
  bool add_only = false;
  Span span;
};

struct ResourceMapping {
  bool enabled = false;
  std::string matching;  ///< matching attribute path
  std::vector<AttributeMapping> attributes;
  Span span;
};

struct Variable {
  std::string name;
  std::string description;
  std::optional<Json> default_value;
  std::optional<Json> embedded_value;  ///< "embedded": used against the embedded server
  bool required = false;                ///< required when a --url is given
  std::string env;                      ///< environment variable that supplies the value
  bool secret = false;
  Span span;
};

struct AuthSpec {
  std::string type = "bearer";  ///< bearer, basic, oauth2
  std::string token_url;        ///< oauth2
  Span span;
};

/// A profile's "server" block: how the reference server emulates the app
/// (docs/reference-server.md). Its strings may hold {{profile.NAME}}, rendered with the rest
/// of the profile's variables when the server is set up.
struct ServerSettings {
  std::optional<Template> base_path;
  bool groups = true;          ///< false: /Groups does not exist
  bool oauth = false;          ///< the OAuth2 token endpoint is served
  bool rotate_tokens = false;  ///< POST {base}/admin/rotate-token is served
  std::vector<Template> required_user_attributes;  ///< SCIM paths
  std::vector<Template> user_name_domains;
  Span span;  ///< the block, or the profile when it has none
};

struct Profile {
  std::string file;
  std::string name;
  std::string title;
  std::vector<std::string> capabilities;
  std::vector<Span> capability_spans;  ///< one per capability
  EntraMode mode = EntraMode::flag_off;
  AuthSpec auth;
  ResourceMapping users;
  ResourceMapping groups;
  std::vector<Variable> variables;
  std::vector<std::string> secrets;  ///< variable names to mask
  /// Globs relative to the suites folder; an entry starting with "./" or "../", or an
  /// absolute one, is relative to the profile file instead.
  std::vector<std::string> suites;
  std::vector<Span> suite_spans;     ///< one per entry of suites
  ServerSettings server;
  Span span;

  bool has_capability(const std::string& name) const;
};

}  // namespace scimcheck::suite
