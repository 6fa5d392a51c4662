#include "server/server_test_support.hpp"

BOOST_AUTO_TEST_SUITE(reference_server)

BOOST_AUTO_TEST_CASE(oauth_access_tokens_expire) {
  auto options = test_options();
  options.tokens.clear();
  options.client_id = "client";
  options.client_secret = "secret";
  options.access_token_ttl_s = 1;
  Api api(options);
  api.set_authorization("");
  auto issued = api.post_text("/oauth/token",
                              "grant_type=client_credentials&client_id=client&client_secret=secret",
                              {}, "application/x-www-form-urlencoded");
  BOOST_TEST(issued.body["expires_in"] == 1);
  api.set_token(issued.body["access_token"]);
  BOOST_TEST(api.get("/Users").status == 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  BOOST_TEST(api.get("/Users").status == 401);
}

BOOST_AUTO_TEST_CASE(token_rotation_invalidates_the_previous_token) {
  auto options = test_options();
  options.rules.rotate_tokens = true;
  Api api(options);
  std::string second = api.server().rotate_token();
  BOOST_TEST(second != kTestToken);
  BOOST_TEST(api.get("/Users").status == 401);
  api.set_token(second);
  BOOST_TEST(api.get("/Users").status == 200);

  auto rotated = api.post("/admin/rotate-token", Json::object());
  BOOST_TEST_REQUIRE(rotated.status == 200, rotated.text);
  std::string third = rotated.body["token"];
  BOOST_TEST(api.get("/Users").status == 401);
  api.set_token(third);
  BOOST_TEST(api.get("/Users").status == 200);
}

BOOST_AUTO_TEST_CASE(admin_rotation_endpoint_exists_only_when_enabled) {
  Api api(test_options());
  BOOST_TEST(api.post("/admin/rotate-token", Json::object()).status == 404);
}

BOOST_AUTO_TEST_CASE(vonage_requires_names_and_email_and_has_no_groups) {
  // The server block of suites/profiles/vonage.profile.json.
  ServerOptions options = test_options();
  AppSettings settings;
  settings.groups = false;
  settings.oauth = true;
  settings.required_user_attributes = {"name.givenName", "name.familyName",
                                       "emails[type eq \"work\"].value"};
  options.rules = read_app_rules(settings, nullptr).value();
  Api api(options);
  api.create_user("complete@example.com");
  auto no_given =
      api.post("/Users", {{"userName", "nogiven@example.com"},
                          {"name", {{"familyName", "F"}}},
                          {"emails", {{{"type", "work"}, {"value", "a@example.com"}}}}});
  check_error(no_given, 400, "invalidValue");
  BOOST_TEST(no_given.body["detail"].get<std::string>().find("name.givenName") !=
             std::string::npos);
  auto no_mail = api.post("/Users", {{"userName", "nomail@example.com"},
                                     {"name", {{"givenName", "G"}, {"familyName", "F"}}},
                                     {"emails", {{{"type", "home"}, {"value", "a@example.com"}}}}});
  check_error(no_mail, 400, "invalidValue");
  BOOST_TEST(no_mail.body["detail"].get<std::string>().find("emails[type eq \"work\"].value") !=
             std::string::npos);

  auto groups = api.get("/Groups");
  check_error(groups, 404);
  BOOST_TEST(groups.body["detail"] == "groups are not supported by this app");
  auto types = api.get("/ResourceTypes");
  BOOST_TEST(types.body["totalResults"] == 1);
  BOOST_TEST(types.body["Resources"][0]["name"] == "User");
  check_error(api.get("/ResourceTypes/Group"), 404);
  check_error(api.post("/Groups/.search", Json::object()), 404);
  BOOST_TEST(api.get("/Schemas").body["totalResults"] == 2);
  auto everything = api.post("/.search", Json::object());
  BOOST_TEST(everything.body["totalResults"] == 1);
}

BOOST_AUTO_TEST_CASE(ipass_checks_domains_under_its_base_path) {
  // The server block of suites/profiles/ipass.profile.json, its domain the embedded value.
  ServerOptions options = test_options();
  options.base_path = "/moservices/scim/v1";
  options.rules.user_name_domains = {"example.com"};
  Api api(options);
  BOOST_TEST(api.server().base_url().find("/moservices/scim/v1") != std::string::npos);
  api.create_user("in@EXAMPLE.com");
  auto outside = api.post("/Users", {{"userName", "out@elsewhere.org"}});
  check_error(outside, 400, "invalidValue");
  BOOST_TEST(outside.body["detail"].get<std::string>().find("example.com") != std::string::npos);
  check_error(api.post("/Users", {{"userName", "no-domain"}}), 400, "invalidValue");

  // Nothing is served outside the base path.
  httplib::Client raw("127.0.0.1", api.server().port());
  auto root = raw.Get("/Users", {{"Authorization", std::string("Bearer ") + kTestToken}});
  BOOST_TEST(root->status == 404);
}

BOOST_AUTO_TEST_CASE(mediusflow_keeps_name_parts_and_manager) {
  Api api(test_options());  // mediusflow's profile has no server settings
  auto boss = api.create_user("boss@example.com");
  auto user = api.create_user("medius@example.com",
                              {{"name", {{"formatted", "Given Family"}, {"displayName", "GF"}}},
                               {kEnterpriseUrn, {{"manager", boss["id"]}}},
                               {"schemas", {kUserUrn, kEnterpriseUrn}}});
  BOOST_TEST(user["name"]["formatted"] == "Given Family");
  BOOST_TEST(user["name"]["displayName"] == "GF");
  BOOST_TEST(user[kEnterpriseUrn]["manager"] == Json({{"value", boss["id"]}}));
}

BOOST_AUTO_TEST_CASE(discovery_endpoints) {
  Api api(test_options());
  auto config = api.get("/ServiceProviderConfig");
  BOOST_TEST(config.status == 200);
  BOOST_TEST(config.body["patch"]["supported"] == true);
  BOOST_TEST(config.body["bulk"]["supported"] == false);
  BOOST_TEST(config.body["filter"]["maxResults"] == 200);
  BOOST_TEST(config.body["etag"]["supported"] == true);
  BOOST_TEST(config.body["sort"]["supported"] == true);
  BOOST_TEST(config.body["changePassword"]["supported"] == true);
  BOOST_TEST(config.body["authenticationSchemes"][0]["type"] == "oauthbearertoken");

  auto types = api.get("/ResourceTypes");
  BOOST_TEST(types.body["totalResults"] == 2);
  auto user_type = api.get("/ResourceTypes/User");
  BOOST_TEST(user_type.body["endpoint"] == "/Users");
  BOOST_TEST(user_type.body["schema"] == kUserUrn);

  auto schemas = api.get("/Schemas");
  BOOST_TEST(schemas.status == 200);
  BOOST_TEST(schemas.body["schemas"] == Json::array({kListUrn}));
  BOOST_TEST(schemas.body["totalResults"] == 3);
  auto user_schema = api.get(std::string("/Schemas/") + kUserUrn);
  BOOST_TEST(user_schema.status == 200);
  BOOST_TEST(user_schema.body["id"] == kUserUrn);
  check_error(api.get("/Schemas/urn:unknown"), 404);
  check_error(api.get("/Schemas?filter=" + encode("id pr")), 403);

  check_error(api.get("/Me"), 501);
  check_error(api.post("/Bulk", Json::object()), 501);
}

BOOST_AUTO_TEST_CASE(search_endpoints) {
  Api api(test_options());
  api.create_user("search1@example.com");
  api.create_user("search2@example.com");
  api.create_group("search group");
  Json request = {{"schemas", {"urn:ietf:params:scim:api:messages:2.0:SearchRequest"}},
                  {"filter", "userName sw \"search\""},
                  {"attributes", {"userName"}},
                  {"sortBy", "userName"},
                  {"sortOrder", "descending"},
                  {"startIndex", 1},
                  {"count", 10}};
  auto users = api.post("/Users/.search", request);
  BOOST_TEST_REQUIRE(users.status == 200, users.text);
  BOOST_TEST(users.body["totalResults"] == 2);
  BOOST_TEST(users.body["Resources"][0]["userName"] == "search2@example.com");
  BOOST_TEST(!users.body["Resources"][0].contains("emails"));

  auto groups = api.post("/Groups/.search", {{"filter", "displayName eq \"Search Group\""}});
  BOOST_TEST(groups.body["totalResults"] == 1);

  auto everything = api.post("/.search", {{"count", 50}});
  BOOST_TEST(everything.body["totalResults"] == 3);
  check_error(api.post("/.search", {{"filter", "(("}}), 400, "invalidFilter");
}

BOOST_AUTO_TEST_CASE(seed_users_exist_from_the_start) {
  auto options = test_options();
  options.seed_users = 5;
  Api api(options);
  auto listed = api.get("/Users?filter=" + encode("userName sw \"seed-\""));
  BOOST_TEST(listed.body["totalResults"] == 5);
  BOOST_TEST(listed.body["Resources"][0]["userName"] == "seed-1@seed.example");
  BOOST_TEST(listed.body["Resources"][0]["name"]["givenName"] == "Seed");
}

BOOST_AUTO_TEST_CASE(throttle_first_refuses_the_first_requests_with_429_and_retry_after) {
  auto options = test_options();
  options.throttle_first = 3;
  options.throttle_retry_after_s = 2;
  Api api(options);
  for (int i = 0; i < 3; ++i) {
    auto refused = api.get("/Users");
    check_error(refused, 429);
    BOOST_TEST(refused.header("Retry-After") == "2");
  }
  auto served = api.get("/Users");
  BOOST_TEST(served.status == 200);
  BOOST_TEST(served.header("Retry-After") == "");
  BOOST_TEST(api.post("/Users", {{"schemas", {kUserUrn}}, {"userName", "after@example.com"}}).status ==
             201);
}

BOOST_AUTO_TEST_CASE(filters_and_uniqueness_follow_renames_and_deletes) {
  // The store indexes userName, externalId and displayName; every change must reach it.
  Api api(test_options());
  auto count = [&](const std::string& filter) {
    auto reply = api.get("/Users?filter=" + encode(filter));
    BOOST_REQUIRE(reply.status == 200);
    return reply.body["totalResults"].get<int>();
  };
  const std::string id = api.create_user("erin@example.com", {{"externalId", "ext-erin"}})["id"];
  api.create_user("frank@example.com", {{"externalId", "ext-frank"}});
  BOOST_TEST(count("userName eq \"ERIN@example.com\"") == 1);
  BOOST_TEST(count("USERNAME eq \"erin@example.com\"") == 1);
  BOOST_TEST(count("externalId eq \"ext-erin\"") == 1);
  BOOST_TEST(count("externalId eq \"EXT-ERIN\"") == 0);  // externalId is caseExact
  // and: the indexed term narrows, the other term still decides.
  BOOST_TEST(count("userName eq \"erin@example.com\" and active eq true") == 1);
  BOOST_TEST(count("userName eq \"erin@example.com\" and externalId eq \"ext-frank\"") == 0);
  BOOST_TEST(count("userName eq \"erin@example.com\" or userName eq \"frank@example.com\"") == 2);

  // PATCH renames: the old name no longer matches and is free again.
  auto patched = api.patch_ops("/Users/" + id, {{{"op", "Replace"}, {"path", "userName"},
                                                 {"value", "erin.new@example.com"}}});
  BOOST_REQUIRE(patched.status == 200);
  BOOST_TEST(count("userName eq \"erin@example.com\"") == 0);
  BOOST_TEST(count("userName eq \"erin.new@example.com\"") == 1);
  BOOST_TEST(api.post("/Users", {{"schemas", {"urn:ietf:params:scim:schemas:core:2.0:User"}},
                                 {"userName", "Frank@example.com"}})
                 .status == 409);
  const std::string other = api.create_user("erin@example.com")["id"];

  // PUT renames and changes externalId.
  auto put = api.put("/Users/" + id, {{"schemas", {"urn:ietf:params:scim:schemas:core:2.0:User"}},
                                      {"userName", "erin.put@example.com"},
                                      {"externalId", "ext-erin-2"}});
  BOOST_REQUIRE(put.status == 200);
  BOOST_TEST(count("userName eq \"erin.new@example.com\"") == 0);
  BOOST_TEST(count("userName eq \"erin.put@example.com\"") == 1);
  BOOST_TEST(count("externalId eq \"ext-erin\"") == 0);
  BOOST_TEST(count("externalId eq \"ext-erin-2\"") == 1);

  // DELETE: gone from every lookup, and the name can be taken again.
  BOOST_TEST(api.del("/Users/" + id).status == 204);
  BOOST_TEST(count("userName eq \"erin.put@example.com\"") == 0);
  BOOST_TEST(count("externalId eq \"ext-erin-2\"") == 0);
  api.create_user("erin.put@example.com");
  BOOST_TEST(count("userName eq \"erin.put@example.com\"") == 1);
  BOOST_TEST(api.del("/Users/" + other).status == 204);

  // Groups by displayName, case-insensitively.
  auto group = api.post("/Groups", {{"schemas", {"urn:ietf:params:scim:schemas:core:2.0:Group"}},
                                    {"displayName", "Sales"}});
  BOOST_REQUIRE(group.status == 201);
  auto groups = api.get("/Groups?filter=" + encode("displayName eq \"SALES\""));
  BOOST_TEST(groups.body["totalResults"] == 1);
}

BOOST_AUTO_TEST_CASE(start_refuses_unknown_defects_and_bad_settings) {
  auto options = test_options();
  options.defects = {"no-such-defect"};
  ReferenceServer server(options);
  std::string error;
  BOOST_TEST(!server.start(&error));
  BOOST_TEST(error.find("unknown defect 'no-such-defect'") != std::string::npos);

  AppSettings bad;
  bad.required_user_attributes = {"emails[type eq"};
  BOOST_TEST(!read_app_rules(bad, &error));
  BOOST_TEST(error.find("required_user_attributes") != std::string::npos);
  bad.required_user_attributes.clear();
  bad.user_name_domains = {""};
  BOOST_TEST(!read_app_rules(bad, &error));
  BOOST_TEST(error.find("empty domain") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(start_refuses_a_port_in_use) {
  Api first(test_options());
  auto options = test_options();
  options.port = first.server().port();
  ReferenceServer second(options);
  std::string error;
  BOOST_TEST(!second.start(&error));
  BOOST_TEST(error.find("cannot listen on 127.0.0.1:" + std::to_string(options.port)) !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(request_log_has_one_line_per_request_without_credentials) {
  auto options = test_options();
  options.log_requests = true;
  std::FILE* capture = std::tmpfile();
  BOOST_TEST_REQUIRE(capture != nullptr);
  std::fflush(stderr);
  int saved = dup(fileno(stderr));
  dup2(fileno(capture), fileno(stderr));
  {
    Api api(options);
    api.get("/Users?filter=" + encode("userName eq \"x\""));
    api.set_authorization("");
    api.get("/Groups");
  }
  std::fflush(stderr);
  dup2(saved, fileno(stderr));
  close(saved);
  std::rewind(capture);
  std::string text;
  for (int c; (c = std::fgetc(capture)) != EOF;) text += static_cast<char>(c);
  std::fclose(capture);
  BOOST_TEST(text.find("GET /Users 200 ") != std::string::npos, text);
  BOOST_TEST(text.find("GET /Groups 401 ") != std::string::npos, text);
  BOOST_TEST(text.find(kTestToken) == std::string::npos);
  BOOST_TEST(std::count(text.begin(), text.end(), '\n') == 2);
}

BOOST_AUTO_TEST_CASE(concurrent_creates_are_all_stored_once) {
  Api api(test_options());
  auto port = api.server().port();
  std::atomic<int> created{0}, failures{0};
  std::vector<std::thread> threads;
  // Eight clients for ten seconds, each creating users and reading every one back.
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      httplib::Client client("127.0.0.1", port);
      httplib::Headers headers{{"Authorization", std::string("Bearer ") + kTestToken}};
      for (int i = 0; std::chrono::steady_clock::now() < until; ++i) {
        Json body = {
            {"userName", "t" + std::to_string(t) + "-" + std::to_string(i) + "@example.com"}};
        auto res = client.Post("/Users", headers, body.dump(), "application/scim+json");
        if (!res || res->status != 201) {
          ++failures;
          continue;
        }
        ++created;
        const std::string id = Json::parse(res->body).value("id", std::string());
        auto read = client.Get(("/Users/" + id).c_str(), headers);
        if (!read || read->status != 200) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  BOOST_TEST(failures == 0);
  BOOST_TEST(created > 8);
  std::set<std::string> ids, names;
  int total = -1;
  for (int start = 1;; start += 200) {
    auto page = api.get("/Users?count=200&startIndex=" + std::to_string(start));
    total = page.body["totalResults"];
    for (const auto& user : page.body["Resources"]) {
      ids.insert(user["id"].get<std::string>());
      names.insert(user["userName"].get<std::string>());
    }
    if (page.body["Resources"].empty() || start + 200 > total) break;
  }
  BOOST_TEST(total == created.load());
  BOOST_TEST(ids.size() == static_cast<std::size_t>(created.load()));
  BOOST_TEST(names.size() == static_cast<std::size_t>(created.load()));
}

BOOST_AUTO_TEST_CASE(support_helpers) {
  BOOST_TEST(base64_decode("c2NpbTpwYTpzcw==").value() == "scim:pa:ss");
  BOOST_TEST(!base64_decode("a").has_value());
  BOOST_TEST(!base64_decode("**").has_value());
  auto form = parse_form("a=1&b=x+y%21&a=2&c");
  BOOST_TEST(form["a"] == "1");
  BOOST_TEST(form["b"] == "x y!");
  BOOST_TEST(form.count("c") == 1);
  BOOST_TEST(is_uuid(new_uuid()));
  BOOST_TEST(new_uuid()[14] == '4');
  BOOST_TEST(utc_timestamp().size() == 24);
}

BOOST_AUTO_TEST_SUITE_END()
