#include "fuzz_support.hpp"

namespace scimcheck::fuzz {

nlohmann::json sample_user() {
  return nlohmann::json::parse(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"],
    "id": "2819c223-7f76-453a-919d-413861904646",
    "externalId": "bjensen",
    "userName": "Bjensen@Example.com",
    "displayName": "Babs Jensen",
    "active": true,
    "name": {"givenName": "Barbara", "familyName": "Jensen", "formatted": "Ms. Barbara Jensen"},
    "emails": [{"value": "bjensen@example.com", "type": "work", "primary": true},
               {"value": "babs@jensen.org", "type": "home"}],
    "phoneNumbers": [{"value": "555-555-8377", "type": "work"}],
    "addresses": [{"type": "work", "streetAddress": "100 Universal City Plaza",
                   "locality": "Hollywood", "postalCode": "91608", "primary": true}],
    "roles": [{"value": "admin", "primary": false}],
    "meta": {"resourceType": "User", "created": "2010-01-23T04:56:22Z",
             "lastModified": "2011-05-13T04:42:34Z", "version": "W/\"a330bc54f0671c9\""},
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {
      "employeeNumber": "701984", "department": "Tour Operations",
      "manager": {"value": "26118915-6090-4610-87e4-49d8ca9f808d"}
    }
  })");
}

nlohmann::json sample_group() {
  return nlohmann::json::parse(R"({
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    "id": "e9e30dba-f08f-4109-8486-d5c6a331660a",
    "displayName": "Tour Guides",
    "externalId": "tour-guides",
    "members": [{"value": "2819c223-7f76-453a-919d-413861904646", "display": "Babs Jensen"},
                {"value": "902c246b-6245-4190-8e05-00816be7344a", "display": "Mandy Pepperidge"}],
    "meta": {"resourceType": "Group", "created": "2010-01-23T04:56:22Z"}
  })");
}

Message parse_message(std::string_view text) {
  Message m;
  auto next_line = [&text]() {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return line;
  };
  m.first_line = std::string(next_line());
  while (!text.empty()) {
    const std::string_view line = next_line();
    if (line.empty()) break;
    const std::size_t colon = line.find(':');
    std::string_view value = colon == std::string_view::npos ? "" : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    m.headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
  }
  m.body = std::string(text);
  return m;
}

}  // namespace scimcheck::fuzz
