#include <boost/test/unit_test.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli.hpp"
#include "app/command_options.hpp"
#include "app/commands.hpp"
#include "app/session.hpp"
#include "loadtest/workload.hpp"

using namespace scimcheck;
using namespace scimcheck::app;

namespace {

/// The message of the parse error `line` raises on `root`, "" when it parses.
std::string parse_error(CLI::App& root, const std::string& line) {
  try {
    root.parse(line, false);
  } catch (const CLI::ParseError& e) {
    return e.what();
  }
  return "";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// Every command that takes shared option groups, registered on one root.
struct Commands {
  Commands() {
    define_run_command(root, run);
    define_load_command(root, load);
    define_list_command(root, list);
    define_cleanup_command(root, cleanup);
  }
  CLI::App root;
  RunOptions run;
  LoadCommandOptions load;
  ListOptions list;
  CleanupOptions cleanup;
};

const std::string kConnection =
    " --token-env MY_TOKEN --token-file tok.json --cacert ca.pem --insecure"
    " --header X-Api-Key:k1 --header-env X-Secret:SECRET_VAR --proxy http://proxy:3128"
    " --timeout 12.5";
const std::string kTarget = " --profile rfc --url https://tenant.example/scim?x=1 --var a=b";
const std::string kPacing = " --rate 3 --max-retries 2 --max-retry-wait 9";
const std::string kOutput = " --out out --ledger my.jsonl";

/// A file that exists, for cleanup's --ledger.
std::string existing_file() {
  const auto path = std::filesystem::temp_directory_path() / "scimcheck-app-test-ledger.jsonl";
  std::ofstream(path) << "";
  return path.string();
}

/// The names (--x, -x) of each option line of a --help text, as often as they appear.
std::multiset<std::string> listed_options(const std::string& help) {
  std::multiset<std::string> names;
  std::istringstream lines(help);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("  -", 0) != 0) continue;
    std::istringstream head(line.substr(2, line.find(' ', 2) - 2));
    for (std::string name; std::getline(head, name, ',');) names.insert(name);
  }
  return names;
}

const std::vector<std::string> kTargetNames{"--profile", "--url", "--var"};
const std::vector<std::string> kAuthTlsNetworkNames{"--token-env", "--token-file", "--cacert",
                                                    "--insecure",  "--header",     "--header-env",
                                                    "--proxy",     "--timeout"};
const std::vector<std::string> kPacingOutputNames{"--rate", "--max-retries", "--max-retry-wait",
                                                  "--out", "--ledger"};
const std::vector<std::string> kSelectionNames{"--suite", "--add-suite",  "--only",
                                               "--skip",  "--capability", "--entra-mode"};

}  // namespace

BOOST_AUTO_TEST_SUITE(option_groups)

BOOST_AUTO_TEST_CASE(run_and_load_parse_the_same_target_auth_tls_network_and_pacing) {
  Commands a, b;
  const std::string shared = kTarget + kConnection + kPacing + kOutput;
  BOOST_TEST(parse_error(a.root, "run" + shared) == "");
  BOOST_TEST(parse_error(b.root, "load" + shared) == "");
  const RunOptions& run = a.run;
  const RunOptions& load = b.load.run;
  BOOST_TEST(run.target.profile == "rfc");
  BOOST_TEST(run.target.url == "https://tenant.example/scim?x=1");
  BOOST_TEST(run.auth.token_env == "MY_TOKEN");
  BOOST_TEST(run.tls.insecure);
  BOOST_TEST(run.network.timeout_s == 12.5);
  BOOST_TEST(run.network.header_envs == std::vector<std::string>{"X-Secret:SECRET_VAR"});
  BOOST_TEST(run.pacing.max_retries == 2);
  BOOST_TEST((run.target == load.target));
  BOOST_TEST((run.auth == load.auth));
  BOOST_TEST((run.tls == load.tls));
  BOOST_TEST((run.network == load.network));
  BOOST_TEST((run.pacing == load.pacing));
  BOOST_TEST(run.output.ledger_path() == "my.jsonl");
  BOOST_TEST(load.output.ledger_path() == "my.jsonl");
}

BOOST_AUTO_TEST_CASE(cleanup_parses_credentials_tls_and_network_as_run_does) {
  Commands a, c;
  BOOST_TEST(parse_error(a.root, "run --profile rfc" + kConnection) == "");
  BOOST_TEST(parse_error(c.root, "cleanup --ledger " + existing_file() + kConnection) == "");
  BOOST_TEST((a.run.auth == c.cleanup.credentials));
  BOOST_TEST((a.run.tls == c.cleanup.tls));
  BOOST_TEST((a.run.network == c.cleanup.network));
}

BOOST_AUTO_TEST_CASE(defaults_are_the_groups_own_and_each_command_names_its_ledger) {
  Commands a, b, l;
  BOOST_TEST(parse_error(a.root, "run --profile rfc") == "");
  BOOST_TEST(parse_error(b.root, "load --profile rfc") == "");
  BOOST_TEST(parse_error(l.root, "list --only 'users.*'") == "");
  BOOST_TEST((a.run.auth == AuthOptions{}));
  BOOST_TEST((b.load.run.network == NetworkOptions{}));
  BOOST_TEST((b.load.run.pacing == PacingOptions{}));
  BOOST_TEST(a.run.auth.token_env == "SCIM_TOKEN");
  BOOST_TEST(a.run.output.ledger_path() ==
             (std::filesystem::path("reports") / "ledger.jsonl").string());
  BOOST_TEST(b.load.run.output.ledger_path() ==
             (std::filesystem::path("reports") / "load-ledger.jsonl").string());
  BOOST_TEST(l.list.run.target.profile == "entra");
  BOOST_TEST(l.list.run.selection.only == std::vector<std::string>{"users.*"});
}

BOOST_AUTO_TEST_CASE(the_selection_parses_alike_in_run_and_list) {
  Commands a, l;
  const std::string selection =
      " --suite s.suite.json --add-suite t.suite.json --only 'users.*' --skip '*.patch.*'"
      " --capability groups --entra-mode both";
  BOOST_TEST(parse_error(a.root, "run --profile rfc" + selection) == "");
  BOOST_TEST(parse_error(l.root, "list --profile rfc" + selection) == "");
  BOOST_TEST((a.run.selection == l.list.run.selection));
  BOOST_TEST(a.run.selection.entra_mode == "both");
}

BOOST_AUTO_TEST_CASE(invalid_and_conflicting_options_are_refused_with_the_reason) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases{
      {"run", {"--profile"}},  // required
      {"run --profile rfc --verbose --quiet", {"--verbose", "--quiet"}},
      {"run --profile rfc --timeout 0", {"--timeout", "above 0"}},
      {"load --profile rfc --timeout 601", {"--timeout", "at most 600"}},
      {"load --profile rfc --rate -1", {"--rate", "0 or more"}},
      {"load --profile rfc --max-retry-wait nan", {"--max-retry-wait", "finite"}},
      {"run --profile rfc --jobs 0", {"--jobs"}},
      {"list --entra-mode sideways", {"--entra-mode", "sideways"}},
      {"run --profile rfc --entra-mode sideways", {"--entra-mode", "sideways"}},
      {"load --profile rfc --update-share 2", {"--update-share", "0 to 1"}},
      {"run --profile rfc --server-defect slwo", {"--server-defect", "slwo", "--list-defects"}},
  };
  for (const auto& [line, parts] : cases) {
    Commands c;
    const std::string error = parse_error(c.root, line);
    BOOST_TEST_CONTEXT(line << " -> " << error) {
      BOOST_TEST(!error.empty());
      for (const auto& part : parts) BOOST_TEST(contains(error, part));
    }
  }
}

BOOST_AUTO_TEST_CASE(a_token_on_the_command_line_is_refused_without_echoing_it) {
  const std::string ledger = existing_file();
  for (const std::string& command : std::vector<std::string>{
           "run --profile rfc", "load --profile rfc", "cleanup --ledger " + ledger}) {
    for (const std::string form : {" --token s3cretvalue", " --token=s3cretvalue"}) {
      Commands c;
      const std::string error = parse_error(c.root, command + form);
      BOOST_TEST_CONTEXT(command + form << " -> " << error) {
        BOOST_TEST(contains(error, "never taken on the command line"));
        BOOST_TEST(contains(error, "--token-env"));
        BOOST_TEST(!contains(error, "s3cretvalue"));
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(each_shared_option_has_one_help_text_in_every_command) {
  Commands c;
  // Texts of the command's own: cleanup's --url and --ledger name the ledger's target and
  // file; list's --profile has a default; load's ledger has its own file name.
  const std::set<std::pair<std::string, std::string>> own{
      {"cleanup", "--url"}, {"cleanup", "--ledger"}, {"list", "--profile"}, {"load", "--ledger"}};
  std::map<std::string, std::pair<std::string, std::string>> first;  // name -> command, text
  for (const CLI::App* cmd : c.root.get_subcommands({})) {
    for (const CLI::Option* option : cmd->get_options()) {
      const std::string name = option->get_name();
      if (name == "--help" || own.count({cmd->get_name(), name})) continue;
      const auto [it, added] =
          first.emplace(name, std::make_pair(cmd->get_name(), option->get_description()));
      BOOST_TEST_CONTEXT(name << " in " << cmd->get_name() << " and " << it->second.first) {
        BOOST_TEST(option->get_description() == it->second.second);
      }
    }
  }
}

BOOST_AUTO_TEST_CASE(help_lists_each_shared_option_once) {
  Commands c;
  std::map<std::string, std::vector<std::vector<std::string>>> groups{
      {"run", {kTargetNames, kSelectionNames, kAuthTlsNetworkNames, kPacingOutputNames}},
      {"load", {kTargetNames, kAuthTlsNetworkNames, kPacingOutputNames}},
      {"list", {{"--profile", "--var"}, kSelectionNames}},
      {"cleanup", {kAuthTlsNetworkNames}},
  };
  for (const auto& [command, lists] : groups) {
    const auto listed = listed_options(c.root.get_subcommand(command)->help());
    for (const auto& names : lists)
      for (const auto& name : names) BOOST_TEST_CONTEXT(command << " --help, " << name) {
          BOOST_TEST(listed.count(name) == 1u);
        }
    BOOST_TEST(listed.count("--token") == 0u);  // hidden
  }
}

BOOST_AUTO_TEST_CASE(entra_mode_given_wins_then_the_url_flag_then_the_profile) {
  using suite::EntraMode;
  const std::string flagged = "https://t.example/scim?aadOptscim062020";
  BOOST_TEST((choose_mode("both", flagged, EntraMode::flag_off) == EntraMode::both));
  BOOST_TEST((choose_mode("flag-off", flagged, EntraMode::flag_on) == EntraMode::flag_off));
  BOOST_TEST((choose_mode("", flagged, EntraMode::flag_off) == EntraMode::flag_on));
  BOOST_TEST((choose_mode("", "https://t.example/scim", EntraMode::flag_on) == EntraMode::flag_on));
  BOOST_TEST((choose_mode("", "", EntraMode::any) == EntraMode::flag_off));
  BOOST_TEST((choose_mode("", "", EntraMode::flag_on) == EntraMode::flag_on));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(exit_codes)

/// run_cli on `words` (argv without the program name) with the whole command line defined.
int cli_exit(const std::vector<std::string>& words) {
  CLI::App root;
  Action action;
  define_cli(root, action);
  std::vector<std::string> storage{"scimcheck"};
  storage.insert(storage.end(), words.begin(), words.end());
  std::vector<char*> argv;
  for (auto& w : storage) argv.push_back(w.data());
  return run_cli(root, action, static_cast<int>(argv.size()), argv.data());
}

BOOST_AUTO_TEST_CASE(help_and_version_exit_0_and_bad_invocations_exit_2) {
  BOOST_TEST(cli_exit({"--version"}) == 0);
  BOOST_TEST(cli_exit({"run", "--help"}) == 0);
  BOOST_TEST(cli_exit({"load", "--help"}) == 0);
  BOOST_TEST(cli_exit({}) == 2);  // a subcommand is required
  BOOST_TEST(cli_exit({"launch"}) == 2);
  BOOST_TEST(cli_exit({"run"}) == 2);  // no --profile
  BOOST_TEST(cli_exit({"run", "--profile", "rfc", "--timeout", "0"}) == 2);
  BOOST_TEST(cli_exit({"load", "--profile", "rfc", "--token", "s3cretvalue"}) == 2);
  // A mistyped defect is refused while the options are read, before any server starts.
  CLI::App root;
  Action action;
  define_cli(root, action);
  BOOST_TEST(contains(parse_error(root, "serve --defect slwo"), "unknown defect \"slwo\""));
  BOOST_TEST(parse_error(root, "serve --defect slow") == "");
  BOOST_TEST(parse_error(root, "run --profile rfc --server-defect slow") == "");
}

BOOST_AUTO_TEST_CASE(the_chosen_action_gives_the_exit_code) {
  for (int code : {0, 1, 3}) {
    CLI::App root;
    Action action;
    root.add_subcommand("go")->callback([&action, code] { action = [code] { return code; }; });
    root.add_subcommand("idle");
    std::string go = "go", idle = "idle", program = "scimcheck";
    char* go_argv[] = {program.data(), go.data()};
    BOOST_TEST(run_cli(root, action, 2, go_argv) == code);
    Action none;
    CLI::App other;
    other.add_subcommand("idle");
    char* idle_argv[] = {program.data(), idle.data()};
    BOOST_TEST(run_cli(other, none, 2, idle_argv) == 2);  // parsed, but nothing to run
  }
}

BOOST_AUTO_TEST_CASE(load_exits_3_when_it_could_not_proceed_and_1_on_a_failed_threshold) {
  loadtest::LoadResult clean;
  BOOST_TEST(load_exit_code(clean) == 0);
  loadtest::LoadResult aborted;
  aborted.aborted = true;
  BOOST_TEST(load_exit_code(aborted) == 3);
  loadtest::LoadResult unreachable;
  unreachable.fatal = "cannot connect to http://127.0.0.1:9/: connection refused";
  BOOST_TEST(load_exit_code(unreachable) == 3);
  loadtest::LoadResult profile_problem;
  profile_problem.fatal = "the profile cannot build a user";
  BOOST_TEST(load_exit_code(profile_problem) != 3);
  loadtest::LoadResult wrong_answers;
  wrong_answers.requests = 10;
  wrong_answers.errors["create-user 409"] = 2;
  BOOST_TEST(load_exit_code(wrong_answers) == 1);
  loadtest::LoadResult leftovers;
  leftovers.cleanup.created = 2;
  leftovers.cleanup.deleted = 1;
  leftovers.cleanup.leftovers = {"/Users/1"};
  BOOST_TEST(load_exit_code(leftovers) == 1);
}

BOOST_AUTO_TEST_SUITE_END()
