// `scimcheck profile import --entra-schema FILE`: a profile written from the tenant's real
// attribute mapping, the synchronization schema the Entra admin centre exports
// (mapping/entra_import.hpp, docs/profile-import.md); `scimcheck profile init --url URL`: a
// starting profile from what the endpoint's /Schemas and /ResourceTypes declare.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>

#include "app/commands.hpp"
#include "http/curl_transport.hpp"
#include "http/json_body.hpp"
#include "http/url.hpp"
#include "mapping/entra_import.hpp"
#include "mapping/schema_init.hpp"
#include "source/positions.hpp"

namespace scimcheck::app {
namespace {

namespace fs = std::filesystem;

/// Bounds on the endpoint's discovery answers (they are read as hostile).
constexpr double kDiscoveryTimeoutS = 30;
constexpr std::size_t kMaxDiscoveryBytes = 4u << 20;

struct ProfileOptions {
  std::string schema;
  std::string url;
  std::string token_env = "SCIM_TOKEN";
  std::string name = "imported";
  std::string out;
  bool force = false;
};

bool valid_name(const std::string& name) {
  if (name.empty() || name.size() > 64 || name.front() == '-') return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

int write_profile(const ProfileOptions& options, const mapping::ImportOutcome& outcome);

bool check_name(const std::string& name) {
  if (valid_name(name)) return true;
  std::cerr << "scimcheck: --name must be lower-case letters, digits and '-' (got \"" << name
            << "\")\n";
  return false;
}

int import_profile(const ProfileOptions& options) {
  if (!check_name(options.name)) return 2;
  std::string error;
  const auto schema =
      source::read_json_value(options.schema, source::kMaxJsonFileBytes, &error);
  if (!schema) {
    std::cerr << "scimcheck: " << error << "\n";
    return 2;
  }
  mapping::ImportOptions import;
  import.name = options.name;
  import.file = fs::path(options.schema).filename().string();
  const auto outcome = mapping::import_entra_schema(*schema, import);
  if (outcome.profile.is_null()) {
    std::cerr << "scimcheck: " << options.schema << ": " << outcome.error << "\n";
    return 2;
  }
  return write_profile(options, outcome);
}

int write_profile(const ProfileOptions& options, const mapping::ImportOutcome& outcome) {
  const std::string out = options.out.empty() ? options.name + ".profile.json" : options.out;
  std::error_code ec;
  if (!options.force && fs::exists(out, ec)) {
    std::cerr << "scimcheck: " << out << " exists; write it again with --force\n";
    return 2;
  }
  std::ofstream file(out, std::ios::binary | std::ios::trunc);
  file << outcome.profile.dump(2) << "\n";
  file.close();
  if (!file) {
    std::cerr << "scimcheck: cannot write " << out << "\n";
    return 2;
  }
  std::cout << "wrote " << out << " (profile " << options.name << ")\n";
  for (const auto& note : outcome.notes) std::cout << "  note: " << note << "\n";
  std::cout << "next: scimcheck lint --profile " << out << "; scimcheck run --profile " << out
            << "\n";
  return 0;
}

/// GET base + path as JSON, bounded in time, size and depth; nullopt with `error` otherwise.
std::optional<nlohmann::json> discover(http::Transport& transport, const ProfileOptions& options,
                                       const std::string& path, std::string* error) {
  http::Request request{"GET", http::join_url(options.url, path, {}), {}, {}};
  request.headers.push_back({"Accept", "application/scim+json"});
  if (const char* token = std::getenv(options.token_env.c_str()); token && *token)
    request.headers.push_back({"Authorization", std::string("Bearer ") + token});
  const auto exchange = transport.send(request);
  const std::string where = http::redact_url(request.url);
  if (exchange.error) {
    *error = where + ": " + exchange.error->message;
    return std::nullopt;
  }
  if (exchange.response.status != 200) {
    *error = where + ": HTTP " + std::to_string(exchange.response.status);
    return std::nullopt;
  }
  auto body = http::parse_body(exchange.response.body);
  if (!body) *error = where + ": the answer is not JSON within scimcheck's bounds";
  return body;
}

int init_profile(const ProfileOptions& options) {
  if (!check_name(options.name)) return 2;
  if (options.url.rfind("http://", 0) != 0 && options.url.rfind("https://", 0) != 0) {
    std::cerr << "scimcheck: --url must start with http:// or https://\n";
    return 2;
  }
  http::global_init();
  http::CurlOptions curl;
  curl.timeout_s = kDiscoveryTimeoutS;
  curl.max_response_bytes = kMaxDiscoveryBytes;
  http::CurlTransport transport(curl);
  std::string error;
  const auto schemas = discover(transport, options, "/Schemas", &error);
  const auto types = schemas ? discover(transport, options, "/ResourceTypes", &error) : std::nullopt;
  if (!schemas || !types) {
    std::cerr << "scimcheck: " << error << "\n";
    return 3;
  }
  const auto outcome = mapping::profile_from_schemas(*schemas, *types, options.name);
  if (outcome.profile.is_null()) {
    std::cerr << "scimcheck: " << http::redact_url(options.url) << ": " << outcome.error << "\n";
    return 3;
  }
  return write_profile(options, outcome);
}

/// --name, --out and --force, which both subcommands take.
void add_output_options(CLI::App* cmd, ProfileOptions& options) {
  cmd->add_option("--name", options.name, "The profile's name (default: imported)");
  cmd->add_option("--out", options.out, "Where to write it (default: NAME.profile.json)");
  cmd->add_flag("--force", options.force, "Overwrite an existing file");
}

}  // namespace

CLI::App* add_profile_command(CLI::App& root, Action& action) {
  auto* cmd = root.add_subcommand(
      "profile", "Write a profile from a tenant's Entra mapping or an endpoint's /Schemas");
  cmd->require_subcommand(1);
  auto options = std::make_shared<ProfileOptions>();
  auto* imp = cmd->add_subcommand(
      "import", "Write a profile from an Entra synchronization schema (the schema editor's JSON)");
  imp->add_option("--entra-schema", options->schema,
                  "The exported synchronizationSchema JSON file")
      ->required()
      ->check(CLI::ExistingFile);
  add_output_options(imp, *options);
  imp->callback([&action, options] { action = [options] { return import_profile(*options); }; });
  auto* init = cmd->add_subcommand(
      "init", "Write a starting profile from the endpoint's /Schemas and /ResourceTypes");
  init->add_option("--url", options->url, "The SCIM base URL")->required();
  init->add_option("--token-env", options->token_env,
                   "Environment variable holding the bearer token (default SCIM_TOKEN)");
  add_output_options(init, *options);
  init->callback([&action, options] { action = [options] { return init_profile(*options); }; });
  return cmd;
}

}  // namespace scimcheck::app
