#include "server/server_test_support.hpp"

BOOST_AUTO_TEST_SUITE(reference_server)

BOOST_AUTO_TEST_CASE(create_user_answers_201_with_meta_location_and_etag) {
  Api api(test_options());
  auto reply = api.post("/Users", {{"schemas", {kUserUrn}},
                                   {"userName", "alice@example.com"},
                                   {"id", "client-chosen"},
                                   {"meta", {{"resourceType", "User"}}},
                                   {"active", "True"},
                                   {"password", "s3cret"}});
  BOOST_TEST(reply.status == 201);
  BOOST_TEST(reply.header("Content-Type") == "application/scim+json");
  const auto& user = reply.body;
  BOOST_TEST(is_uuid(user["id"].get<std::string>()));
  BOOST_TEST(user["id"] != "client-chosen");
  BOOST_TEST(user["schemas"] == Json::array({kUserUrn}));
  BOOST_TEST(user["active"] == true);
  BOOST_TEST(!user.contains("password"));
  BOOST_TEST(user["meta"]["resourceType"] == "User");
  BOOST_TEST(user["meta"]["created"] == user["meta"]["lastModified"]);
  BOOST_TEST(user["meta"]["version"] == "W/\"1\"");
  BOOST_TEST(user["meta"]["location"] ==
             api.server().base_url() + "/Users/" + user["id"].get<std::string>());
  BOOST_TEST(reply.header("Location") == user["meta"]["location"]);
  BOOST_TEST(reply.header("ETag") == "W/\"1\"");

  auto read = api.get("/Users/" + user["id"].get<std::string>());
  BOOST_TEST(read.status == 200);
  BOOST_TEST(read.body == user);
  BOOST_TEST(read.header("ETag") == "W/\"1\"");
}

BOOST_AUTO_TEST_CASE(get_unknown_id_is_a_scim_404) {
  Api api(test_options());
  check_error(api.get("/Users/does-not-exist"), 404);
  check_error(api.get("/Groups/does-not-exist"), 404);
  check_error(api.get("/Nothing"), 404);
}

BOOST_AUTO_TEST_CASE(get_without_accept_header_and_with_url_flag) {
  Api api(test_options());
  api.create_user("flag@example.com");
  auto reply =
      api.get("/Users?aadOptscim062020&filter=" + encode("userName eq \"flag@example.com\""));
  BOOST_TEST(reply.status == 200);
  BOOST_TEST(reply.body["totalResults"] == 1);
}

BOOST_AUTO_TEST_CASE(uniqueness_is_case_insensitive_for_users_and_groups) {
  Api api(test_options());
  api.create_user("Bob@Example.com");
  check_error(api.post("/Users", {{"userName", "bob@example.COM"}}), 409, "uniqueness");
  api.create_group("Sales");
  check_error(api.post("/Groups", {{"displayName", "SALES"}}), 409, "uniqueness");
}

BOOST_AUTO_TEST_CASE(create_refuses_missing_names_and_bad_json) {
  Api api(test_options());
  check_error(api.post("/Users", {{"displayName", "no user name"}}), 400, "invalidValue");
  check_error(api.post("/Groups", {{"externalId", "x"}}), 400, "invalidValue");
  check_error(api.post_text("/Users", "{not json"), 400, "invalidSyntax");
  check_error(api.post_text("/Users", "[1,2]"), 400, "invalidSyntax");
}

BOOST_AUTO_TEST_CASE(group_create_accepts_the_adscim_schema_and_starts_empty) {
  Api api(test_options());
  auto reply = api.post(
      "/Groups", {{"schemas",
                   {"urn:ietf:params:scim:schemas:core:2.0:Group",
                    "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"}},
                  {"externalId", "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159"},
                  {"displayName", "Group One"},
                  {"meta", {{"resourceType", "Group"}}}});
  BOOST_TEST(reply.status == 201);
  BOOST_TEST(reply.body["members"] == Json::array());
  BOOST_TEST(reply.body["schemas"] == Json::array({"urn:ietf:params:scim:schemas:core:2.0:Group"}));
  BOOST_TEST(reply.body["meta"]["resourceType"] == "Group");
}

BOOST_AUTO_TEST_CASE(filter_matches_case_insensitively_and_empty_result_is_200) {
  Api api(test_options());
  api.create_user("carol@example.com", {{"externalId", "ext-carol"}});
  api.create_user("dave@example.com");
  auto found = api.get("/Users?filter=" + encode("userName eq \"CAROL@example.com\""));
  BOOST_TEST(found.status == 200);
  BOOST_TEST(found.body["schemas"] == Json::array({kListUrn}));
  BOOST_TEST(found.body["totalResults"] == 1);
  BOOST_TEST(found.body["startIndex"] == 1);
  BOOST_TEST(found.body["itemsPerPage"] == 1);
  BOOST_TEST(found.body["Resources"][0]["userName"] == "carol@example.com");

  auto by_email = api.get("/Users?filter=" +
                          encode("emails[type eq \"work\"].value eq \"mail-dave@example.com\""));
  BOOST_TEST(by_email.body["totalResults"] == 1);

  auto none =
      api.get("/Users?filter=" + encode("externalId eq \"3f1c9a9e-0000-4000-8000-000000000000\""));
  BOOST_TEST(none.status == 200);
  BOOST_TEST(none.body["totalResults"] == 0);
  BOOST_TEST(none.body["Resources"] == Json::array());

  check_error(api.get("/Users?filter=" + encode("userName eq")), 400, "invalidFilter");
  check_error(api.get("/Users?filter=" + encode("active gt true")), 400, "invalidFilter");
}

BOOST_AUTO_TEST_CASE(pagination_sorting_and_count_zero) {
  Api api(test_options());
  for (const char* name :
       {"u3@example.com", "u1@example.com", "u5@example.com", "u2@example.com", "u4@example.com"})
    api.create_user(name);
  auto page = api.get("/Users?startIndex=2&count=2&sortBy=userName");
  BOOST_TEST(page.body["totalResults"] == 5);
  BOOST_TEST(page.body["startIndex"] == 2);
  BOOST_TEST(page.body["itemsPerPage"] == 2);
  BOOST_TEST(page.body["Resources"][0]["userName"] == "u2@example.com");
  BOOST_TEST(page.body["Resources"][1]["userName"] == "u3@example.com");

  auto descending = api.get("/Users?sortBy=userName&sortOrder=descending&count=1");
  BOOST_TEST(descending.body["Resources"][0]["userName"] == "u5@example.com");

  auto zero = api.get("/Users?count=0");
  BOOST_TEST(zero.body["totalResults"] == 5);
  BOOST_TEST(zero.body["Resources"].empty());

  auto below_one = api.get("/Users?startIndex=0&count=1");
  BOOST_TEST(below_one.body["startIndex"] == 1);
  BOOST_TEST(below_one.body["Resources"][0]["userName"] == "u3@example.com");  // creation order

  auto past_end = api.get("/Users?startIndex=9");
  BOOST_TEST(past_end.body["totalResults"] == 5);
  BOOST_TEST(past_end.body["Resources"].empty());

  check_error(api.get("/Users?count=many"), 400, "invalidValue");
}

BOOST_AUTO_TEST_CASE(attribute_projection_and_excluded_members) {
  Api api(test_options());
  auto user = api.create_user("erin@example.com");
  std::string id = user["id"];
  auto only = api.get("/Users/" + id + "?attributes=userName");
  BOOST_TEST(only.body["userName"] == "erin@example.com");
  BOOST_TEST(only.body["id"] == id);
  BOOST_TEST(!only.body.contains("emails"));
  BOOST_TEST(!only.body.contains("name"));

  auto without = api.get("/Users/" + id + "?excludedAttributes=emails,name");
  BOOST_TEST(without.body.contains("userName"));
  BOOST_TEST(!without.body.contains("emails"));

  auto group = api.create_group("Projection");
  std::string gid = group["id"];
  api.patch_ops(
      "/Groups/" + gid,
      {{{"op", "Add"}, {"path", "members"}, {"value", {{{"$ref", nullptr}, {"value", id}}}}}});
  auto full = api.get("/Groups/" + gid);
  BOOST_TEST(full.body["members"].size() == 1);
  auto excluded = api.get("/Groups/" + gid + "?excludedAttributes=members");
  BOOST_TEST(!excluded.body.contains("members"));
  auto listed = api.get("/Groups?excludedAttributes=members&filter=" +
                        encode("displayName eq \"projection\""));
  BOOST_TEST(listed.body["totalResults"] == 1);
  BOOST_TEST(!listed.body["Resources"][0].contains("members"));
}

BOOST_AUTO_TEST_CASE(put_replaces_and_keeps_id_and_created) {
  Api api(test_options());
  auto user = api.create_user("frank@example.com", {{"password", "pw"}});
  std::string id = user["id"];
  auto reply = api.put("/Users/" + id, {{"schemas", {kUserUrn}},
                                        {"userName", "frank.renamed@example.com"},
                                        {"id", "ignored"},
                                        {"active", false}});
  BOOST_TEST(reply.status == 200);
  BOOST_TEST(reply.body["id"] == id);
  BOOST_TEST(reply.body["userName"] == "frank.renamed@example.com");
  BOOST_TEST(reply.body["active"] == false);
  BOOST_TEST(!reply.body.contains("emails"));
  BOOST_TEST(!reply.body.contains("password"));
  BOOST_TEST(reply.body["meta"]["created"] == user["meta"]["created"]);
  BOOST_TEST(reply.body["meta"]["version"] == "W/\"2\"");
  BOOST_TEST(reply.header("ETag") == "W/\"2\"");
  check_error(api.put("/Users/" + id, {{"displayName", "no userName"}}), 400, "invalidValue");
  check_error(api.put("/Users/missing", {{"userName", "x@example.com"}}), 404);
  api.create_user("taken@example.com");
  check_error(api.put("/Users/" + id, {{"userName", "TAKEN@example.com"}}), 409, "uniqueness");
}

BOOST_AUTO_TEST_CASE(patch_accepts_entra_request_shapes) {
  Api api(test_options());
  auto user = api.create_user("grace@example.com");
  std::string id = user["id"];
  auto manager = api.create_user("boss@example.com");
  auto reply = api.patch_ops(
      "/Users/" + id,
      {{{"op", "Replace"}, {"path", "active"}, {"value", "False"}},
       {{"op", "Replace"}, {"path", "name.familyName"}, {"value", "Hopper"}},
       {{"op", "Add"}, {"path", "emails[type eq \"other\"].value"}, {"value", "g@other.example"}},
       {{"op", "Add"},
        {"path", std::string(kEnterpriseUrn) + ":manager"},
        {"value", manager["id"]}}});
  BOOST_TEST_REQUIRE(reply.status == 200, reply.text);
  BOOST_TEST(reply.body["active"] == false);
  BOOST_TEST(reply.body["name"]["familyName"] == "Hopper");
  BOOST_TEST(reply.body["emails"].size() == 2);
  BOOST_TEST(reply.body[kEnterpriseUrn]["manager"]["value"] == manager["id"]);
  BOOST_TEST(reply.body["meta"]["version"] == "W/\"2\"");
  auto schemas = reply.body["schemas"];
  BOOST_TEST((std::find(schemas.begin(), schemas.end(), kEnterpriseUrn) != schemas.end()));

  auto flag_on = api.patch_ops(
      "/Users/" + id,
      {{{"op", "replace"}, {"value", {{"name.givenName", "Grace"}, {"active", true}}}}});
  BOOST_TEST_REQUIRE(flag_on.status == 200, flag_on.text);
  BOOST_TEST(flag_on.body["name"]["givenName"] == "Grace");
  BOOST_TEST(flag_on.body["active"] == true);

  check_error(api.patch_ops("/Users/" + id, {{{"op", "Remove"}}}), 400, "noTarget");
  check_error(
      api.patch_ops("/Users/missing", {{{"op", "Replace"}, {"path", "active"}, {"value", false}}}),
      404);
}

BOOST_AUTO_TEST_CASE(patch_adds_and_removes_group_members_by_value) {
  Api api(test_options());
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i)
    ids.push_back(api.create_user("m" + std::to_string(i) + "@example.com")["id"]);
  std::string gid = api.create_group("Members")["id"];
  Json members = Json::array();
  for (const auto& id : ids) members.push_back({{"$ref", nullptr}, {"value", id}});
  auto added =
      api.patch_ops("/Groups/" + gid, {{{"op", "Add"}, {"path", "members"}, {"value", members}}});
  BOOST_TEST_REQUIRE(added.status == 200, added.text);
  BOOST_TEST(added.body["members"].size() == 3);

  auto removed =
      api.patch_ops("/Groups/" + gid,
                    {{{"op", "Remove"}, {"path", "members"}, {"value", {{{"value", ids[1]}}}}}});
  BOOST_TEST_REQUIRE(removed.status == 200, removed.text);
  BOOST_TEST(removed.body["members"].size() == 2);
  for (const auto& member : removed.body["members"]) BOOST_TEST(member["value"] != ids[1]);

  auto filtered = api.patch_ops(
      "/Groups/" + gid, {{{"op", "remove"}, {"path", "members[value eq \"" + ids[0] + "\"]"}}});
  BOOST_TEST(filtered.body["members"].size() == 1);

  // Deleting a user takes it out of its groups.
  BOOST_TEST(api.del("/Users/" + ids[2]).status == 204);
  BOOST_TEST(api.get("/Groups/" + gid).body["members"].empty());
}

BOOST_AUTO_TEST_CASE(delete_answers_204_then_404) {
  Api api(test_options());
  std::string id = api.create_user("henry@example.com")["id"];
  auto reply = api.del("/Users/" + id);
  BOOST_TEST(reply.status == 204);
  BOOST_TEST(reply.text.empty());
  check_error(api.get("/Users/" + id), 404);
  check_error(api.del("/Users/" + id), 404);
  // A deleted userName may be used again.
  api.create_user("henry@example.com");
}

BOOST_AUTO_TEST_CASE(etags_if_match_and_if_none_match) {
  Api api(test_options());
  std::string id = api.create_user("ivy@example.com")["id"];
  auto not_modified = api.get("/Users/" + id, {{"If-None-Match", "W/\"1\""}});
  BOOST_TEST(not_modified.status == 304);
  BOOST_TEST(api.get("/Users/" + id, {{"If-None-Match", "W/\"7\""}}).status == 200);
  Json disable = {{{"op", "replace"}, {"path", "active"}, {"value", false}}};
  check_error(api.patch_ops("/Users/" + id, disable, {{"If-Match", "W/\"9\""}}), 412);
  BOOST_TEST(api.patch_ops("/Users/" + id, disable, {{"If-Match", "W/\"1\""}}).status == 200);
  check_error(api.put("/Users/" + id, {{"userName", "ivy@example.com"}}, {{"If-Match", "W/\"1\""}}),
              412);
  check_error(api.del("/Users/" + id, {{"If-Match", "W/\"1\""}}), 412);
  BOOST_TEST(api.del("/Users/" + id, {{"If-Match", "*"}}).status == 204);
}

BOOST_AUTO_TEST_CASE(missing_or_wrong_credentials_answer_401_with_a_challenge) {
  Api api(test_options());
  api.set_authorization("");
  auto missing = api.get("/Users");
  check_error(missing, 401);
  BOOST_TEST(missing.header("WWW-Authenticate") == "Bearer realm=\"scimcheck\"");
  api.set_token("wrong");
  auto wrong = api.get("/Users");
  check_error(wrong, 401);
  BOOST_TEST(wrong.header_count("WWW-Authenticate") == 1);
  check_error(api.get("/ServiceProviderConfig"), 401);
  api.set_authorization(std::string("bearer ") + kTestToken);  // the scheme is case-insensitive
  BOOST_TEST(api.get("/Users").status == 200);
}

BOOST_AUTO_TEST_CASE(basic_authentication) {
  auto options = test_options();
  options.tokens.clear();
  options.basic_user = "scim";
  options.basic_password = "pa:ss";
  Api api(options);
  api.set_authorization("");
  auto missing = api.get("/Users");
  BOOST_TEST(missing.status == 401);
  BOOST_TEST(missing.header_count("WWW-Authenticate") == 2);
  auto basic = httplib::make_basic_authentication_header("scim", "pa:ss");
  api.set_authorization(basic.second);
  BOOST_TEST(api.get("/Users").status == 200);
  api.set_authorization(httplib::make_basic_authentication_header("scim", "nope").second);
  BOOST_TEST(api.get("/Users").status == 401);
}

BOOST_AUTO_TEST_CASE(no_credentials_configured_means_no_authentication) {
  ServerOptions options;
  Api api(options);
  api.set_authorization("");
  BOOST_TEST(api.get("/Users").status == 200);
}

BOOST_AUTO_TEST_CASE(oauth_client_credentials_and_refresh) {
  auto options = test_options();
  options.tokens.clear();
  options.rules.oauth = true;
  options.client_id = "client";
  options.client_secret = "secret";
  Api api(options);
  api.set_authorization("");
  const char* form = "application/x-www-form-urlencoded";
  auto bad = api.post_text(
      "/oauth/token", "grant_type=client_credentials&client_id=client&client_secret=x", {}, form);
  BOOST_TEST(bad.status == 401);
  BOOST_TEST(bad.body["error"] == "invalid_client");

  auto issued = api.post_text("/oauth/token",
                              "grant_type=client_credentials&client_id=client&client_secret=secret",
                              {}, form);
  BOOST_TEST_REQUIRE(issued.status == 200, issued.text);
  BOOST_TEST(issued.header("Content-Type") == "application/json");
  BOOST_TEST(issued.body["token_type"] == "Bearer");
  BOOST_TEST(issued.body["expires_in"] == 3600);
  api.set_token(issued.body["access_token"]);
  BOOST_TEST(api.get("/Users").status == 200);

  api.set_authorization("");
  auto with_basic =
      api.post_text("/oauth/token", "grant_type=client_credentials",
                    {httplib::make_basic_authentication_header("client", "secret")}, form);
  BOOST_TEST(with_basic.status == 200);

  auto refreshed = api.post_text(
      "/oauth/token",
      "grant_type=refresh_token&refresh_token=" + issued.body["refresh_token"].get<std::string>(),
      {}, form);
  BOOST_TEST_REQUIRE(refreshed.status == 200, refreshed.text);
  BOOST_TEST(refreshed.body["access_token"] != issued.body["access_token"]);
  api.set_token(refreshed.body["access_token"]);
  BOOST_TEST(api.get("/Users").status == 200);
  api.set_authorization("");
  auto reused = api.post_text(
      "/oauth/token",
      "grant_type=refresh_token&refresh_token=" + issued.body["refresh_token"].get<std::string>(),
      {}, form);
  BOOST_TEST(reused.status == 400);
  BOOST_TEST(reused.body["error"] == "invalid_grant");
  BOOST_TEST(api.post_text("/oauth/token", "grant_type=password", {}, form).status == 400);
}

BOOST_AUTO_TEST_SUITE_END()
