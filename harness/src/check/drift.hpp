#pragma once
/// Schema drift: the Users and Groups a server returns, held to what the server's own
/// /Schemas declares (RFC 7643 §2.2, §7): every attribute declared (core and extensions by
/// their URN, sub-attributes of complex ones), the declared type and multiValued, no
/// `returned: never` attribute in a response, every `required` attribute present, and no
/// `readOnly` value taken from the request (read_only_taken).
/// The server's bytes are hostile: the declarations and the resources are read with bounds
/// on size and depth, never by unbounded recursion.
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace scimcheck::check {

/// Most schemas, attributes per schema and sub-attributes per attribute read from /Schemas.
inline constexpr std::size_t kMaxDeclaredSchemas = 64;
inline constexpr std::size_t kMaxDeclaredAttributes = 512;
/// Most values of one multi-valued attribute that are examined (the rest are not judged).
inline constexpr std::size_t kMaxDriftValues = 256;
/// Longest value text kept in a finding.
inline constexpr std::size_t kMaxSeenChars = 120;

/// One attribute as declared in /Schemas.
struct DeclaredAttribute {
  std::string name;
  std::string type = "string";  ///< string, boolean, decimal, integer, dateTime, reference, complex, binary
  bool multi_valued = false;
  bool required = false;
  std::string returned = "default";  ///< always, never, default, request
  std::string mutability = "readwrite";  ///< lower-cased: readonly, readwrite, immutable, writeonly
  std::vector<DeclaredAttribute> sub_attributes;  ///< complex only; one level (RFC 7643 §2.3.8)
};

/// One schema of /Schemas: its URN and attributes.
struct DeclaredSchema {
  std::string id;
  std::vector<DeclaredAttribute> attributes;
};

/// The schemas a server declares, by lower-cased URN.
struct ServerSchemas {
  std::map<std::string, DeclaredSchema> by_urn;
  /// The declared schema with this URN (case-insensitive), or nullptr.
  const DeclaredSchema* find(const std::string& urn) const;
};

/// Reads a /Schemas body: a ListResponse whose Resources are schemas, or a bare array.
/// nullopt, with `why`, when it holds no usable schema.
std::optional<ServerSchemas> read_server_schemas(const nlohmann::json& body, std::string* why);

/// Why an attribute is not declared: "no schema <urn>", "<urn> declares no attribute <attr>",
/// "<attr> declares no sub-attribute <sub>"; empty when `schemas` declares it. `urn` is the
/// schema of the attribute (the core User or Group URN for an unqualified path); names compare
/// case-insensitively (RFC 7643 §2.1); an empty `sub` asks for the attribute alone.
std::string why_undeclared(const ServerSchemas& schemas, const std::string& urn,
                           const std::string& attr, const std::string& sub);

enum class DriftKind { undeclared, type, multi_valued, returned_never, required, read_only_taken };

/// "undeclared", "type", "multiValued", "returned never", "required", "readOnly taken from
/// the request".
const char* to_string(DriftKind kind);

/// One attribute of one resource that departs from its declaration.
struct Drift {
  DriftKind kind = DriftKind::undeclared;
  std::string attribute;    ///< "emails.value", or "<extension URN>:manager.value"
  std::string declaration;  ///< what /Schemas says ("type boolean, multiValued false", ...)
  std::string seen;         ///< the value seen (shortened), or "absent"
  /// MUST when the RFC says so (returned never, readOnly: RFC 7643 §7), else SHOULD.
  bool must = false;
};

/// The drift of one resource (a User or Group object) against the server's declarations.
/// A resource whose core schema (its `schemas` naming the core User or Group URN) is not
/// declared is not judged (nullopt). Common attributes (id, externalId, meta, schemas) are not
/// judged. `check_required`: false for responses that may leave attributes out.
std::optional<std::vector<Drift>> drift_of(const nlohmann::json& resource,
                                           const ServerSchemas& declared,
                                           bool check_required = true);

/// The readOnly values a request set and the server took (RFC 7643 §7: a readOnly attribute
/// "SHALL NOT be modified"; RFC 7644 §3.3, §3.5.1: readOnly values sent "SHALL be ignored"):
/// each attribute `sent` sets that the server declares readOnly (id and meta by RFC 7643
/// §3.1 when /Schemas does not declare them) and whose value in `returned` (the resource the
/// server answered with) is exactly the value sent. A value the server would have produced
/// itself is no evidence and is not reported: an empty or boolean one, meta.resourceType
/// naming the resource's own type, and one `before` (the resource as the server returned it
/// earlier, when known) already held. `sent` is a resource (POST, PUT) or patch_values.
/// Nothing when `returned`'s core schema is not declared.
std::vector<Drift> read_only_taken(const nlohmann::json& sent, const nlohmann::json& returned,
                                   const nlohmann::json* before, const ServerSchemas& declared);

/// What a PATCH body (RFC 7644 §3.5.2) sets, as a partial resource: the values of its add and
/// replace operations without a path (merged), or with a path "attr", "attr.sub" or
/// "urn:...:attr[.sub]"; operations whose path has a filter are left out. At most
/// kMaxDriftValues operations are read.
nlohmann::json patch_values(const nlohmann::json& patch_body);

/// The User and Group objects of a response body: the body itself, or a ListResponse's
/// Resources (at most kMaxDriftValues of them).
std::vector<const nlohmann::json*> resources_in(const nlohmann::json& body);

}  // namespace scimcheck::check
