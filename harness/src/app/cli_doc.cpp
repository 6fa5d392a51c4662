#include "app/cli_doc.hpp"

#include <iostream>
#include <memory>
#include <sstream>
#include <vector>

namespace scimcheck::app {
namespace {

struct OptionDoc {
  std::vector<std::string> names;  // long names first ("--jobs", "-j"); empty when positional
  std::string positional;          // the positional argument's name
  std::string value;               // CLI11's type name ("TEXT", "INT:INT in [1 - 64]"); empty for flags
  std::string description;
  bool required = false;
};

struct CommandDoc {
  std::string name;
  std::string description;
  std::vector<OptionDoc> options;
};

bool shown(const CLI::Option* o) { return !o->get_group().empty(); }

OptionDoc describe(const CLI::Option& o) {
  OptionDoc doc;
  for (const auto& n : o.get_lnames()) doc.names.push_back("--" + n);
  for (const auto& n : o.get_snames()) doc.names.push_back("-" + n);
  if (doc.names.empty()) doc.positional = o.get_name();
  if (o.get_type_size_max() > 0) doc.value = o.get_type_name();
  doc.description = o.get_description();
  doc.required = o.get_required();
  return doc;
}

std::vector<OptionDoc> options_of(const CLI::App& app) {
  std::vector<OptionDoc> out;
  for (const CLI::Option* o : app.get_options(shown)) out.push_back(describe(*o));
  return out;
}

std::vector<CommandDoc> commands_of(const CLI::App& root) {
  std::vector<CommandDoc> out;
  auto visible = [](const CLI::App* s) { return !s->get_group().empty(); };
  for (const CLI::App* sub : root.get_subcommands(visible)) {
    out.push_back({sub->get_name(), sub->get_description(), options_of(*sub)});
  }
  return out;
}

// --- roff ---

std::string roff(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
    line_start = c == '\n';
  }
  return out;
}

void man_option(std::ostream& out, const OptionDoc& o) {
  out << ".TP\n";
  if (!o.positional.empty()) {
    out << "\\fI" << roff(o.positional) << "\\fR ...\n";
  } else {
    for (std::size_t i = 0; i < o.names.size(); ++i) {
      out << (i ? ", " : "") << "\\fB" << roff(o.names[i]) << "\\fR";
    }
    if (!o.value.empty()) out << " \\fI" << roff(o.value) << "\\fR";
    out << "\n";
  }
  out << roff(o.description) << (o.required ? " (required)" : "") << "\n";
}

// --- shells ---

std::string join_names(const std::vector<OptionDoc>& options, bool with_values_only) {
  std::string out;
  for (const auto& o : options) {
    if (with_values_only && o.value.empty()) continue;
    for (const auto& n : o.names) out += (out.empty() ? "" : " ") + n;
  }
  return out;
}

// Text inside a single-quoted zsh _arguments spec: [ ] : and ' have meanings there.
std::string zsh_text(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else if (c == '[' || c == ']' || c == ':' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

void zsh_specs(std::ostream& out, const std::vector<OptionDoc>& options) {
  for (const auto& o : options) {
    if (!o.positional.empty()) {
      out << " \\\n      '*:" << zsh_text(o.positional) << ":_files'";
      continue;
    }
    for (const auto& n : o.names) {
      out << " \\\n      '*" << n << "[" << zsh_text(o.description) << "]";
      if (!o.value.empty()) out << ":" << zsh_text(o.value) << ":_files";
      out << "'";
    }
  }
}

}  // namespace

std::string man_page(const CLI::App& root) {
  std::ostringstream out;
  const std::string description = root.get_description();
  const std::string summary = description.substr(0, description.find('\n'));
  out << ".TH SCIMCHECK 1 \"\" \"scimcheck " << SCIMCHECK_VERSION << "\" \"User Commands\"\n"
      << ".SH NAME\nscimcheck \\- "
      << roff(summary.substr(summary.find(": ") == std::string::npos ? 0 : summary.find(": ") + 2))
      << "\n.SH SYNOPSIS\n.B scimcheck\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR]\n"
      << ".SH DESCRIPTION\n" << roff(description) << "\n";
  out << ".SH OPTIONS\n";
  for (const auto& o : options_of(root)) man_option(out, o);
  out << ".SH COMMANDS\n";
  for (const auto& c : commands_of(root)) {
    out << ".SS \"scimcheck " << roff(c.name) << "\"\n" << roff(c.description) << "\n";
    for (const auto& o : c.options) man_option(out, o);
  }
  out << ".SH ENVIRONMENT\n"
      << ".TP\n.B SCIMCHECK_ROOT\nA folder holding suites/ and schemas/, used when no "
         "share/scimcheck folder is installed next to the binary's folder "
         "(<bin>/../share/scimcheck); \\fBscimcheck \\-\\-version\\fR prints the one in use.\n"
      << ".TP\n.B SCIM_TOKEN\nThe secret token sent to the endpoint (another variable with "
         "\\fB\\-\\-token\\-env\\fR, or a file with \\fB\\-\\-token\\-file\\fR).\n"
      << ".TP\n.B NO_COLOR\nWhen set, the console output has no colours.\n"
      << ".SH EXIT STATUS\n"
      << ".TP\n0\nEvery check passed.\n.TP\n1\nConformance failures.\n"
      << ".TP\n2\nBad invocation or bad input files.\n.TP\n3\nRun errors (the endpoint could not "
         "be reached, cleanup failed).\n"
      << ".SH FILES\n.TP\n.I share/scimcheck/suites\nSuites and app profiles "
         "(\\fBscimcheck list\\fR shows a profile's checks).\n"
      << ".TP\n.I share/scimcheck/schemas\nJSON Schemas of suites, profiles and reports.\n"
      << ".TP\n.I share/doc/scimcheck\nThe README and the documentation.\n";
  return out.str();
}

std::string bash_completion(const CLI::App& root) {
  std::ostringstream out;
  const auto commands = commands_of(root);
  std::string names;
  for (const auto& c : commands) names += (names.empty() ? "" : " ") + c.name;
  out << "# bash completion for scimcheck, generated from its command line definition.\n"
      << "_scimcheck() {\n"
      << "  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd= i\n"
      << "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
      << "    case ${COMP_WORDS[i]} in -*) ;; *) cmd=${COMP_WORDS[i]}; break ;; esac\n"
      << "  done\n"
      << "  local words= valued=\n"
      << "  case $cmd in\n"
      << "    '') words=\"" << names << " " << join_names(options_of(root), false) << "\" ;;\n";
  for (const auto& c : commands) {
    out << "    " << c.name << ") words=\"" << join_names(c.options, false) << "\" valued=\""
        << join_names(c.options, true) << "\" ;;\n";
  }
  out << "  esac\n"
      << "  if [[ -n $cmd && \" $valued \" == *\" $prev \"* ]]; then\n"
      << "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
      << "  elif [[ $cur == -* || -z $cmd ]]; then\n"
      << "    COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
      << "  else\n"
      << "    COMPREPLY=($(compgen -f -- \"$cur\"))\n"
      << "  fi\n"
      << "}\n"
      << "complete -o filenames -F _scimcheck scimcheck\n";
  return out.str();
}

std::string zsh_completion(const CLI::App& root) {
  std::ostringstream out;
  out << "#compdef scimcheck\n"
      << "# zsh completion for scimcheck, generated from its command line definition.\n"
      << "_scimcheck() {\n"
      << "  local -a commands\n"
      << "  commands=(\n";
  for (const auto& c : commands_of(root)) {
    out << "    '" << c.name << ":" << zsh_text(c.description) << "'\n";
  }
  out << "  )\n"
      << "  if (( CURRENT == 2 )); then\n"
      << "    _describe -t commands 'scimcheck command' commands\n"
      << "    _arguments";
  zsh_specs(out, options_of(root));
  out << "\n    return\n"
      << "  fi\n"
      << "  local cmd=${words[2]}\n"
      << "  shift words\n"
      << "  (( CURRENT-- ))\n"
      << "  case $cmd in\n";
  for (const auto& c : commands_of(root)) {
    out << "    " << c.name << ")\n      _arguments";
    zsh_specs(out, c.options);
    out << " ;;\n";
  }
  out << "  esac\n"
      << "}\n"
      << "_scimcheck \"$@\"\n";
  return out.str();
}

namespace {

/// Adds a subcommand printing one generated document, chosen by its positional argument.
CLI::App* add_printer(CLI::App& root, Action& action, const std::string& name,
                      const std::string& description, const std::vector<std::string>& kinds) {
  auto kind = std::make_shared<std::string>();
  CLI::App* cmd = root.add_subcommand(name, description);
  std::string choices;
  for (const auto& k : kinds) choices += (choices.empty() ? "" : ", ") + k;
  cmd->add_option("kind", *kind, choices)->required()->check(CLI::IsMember(kinds));
  cmd->callback([kind, &root, &action] {
    action = [kind, &root] {
      if (*kind == "man") std::cout << man_page(root);
      if (*kind == "bash") std::cout << bash_completion(root);
      if (*kind == "zsh") std::cout << zsh_completion(root);
      return 0;
    };
  });
  return cmd;
}

}  // namespace

void add_doc_command(CLI::App& root, Action& action) {
  add_printer(root, action, "__doc", "Print the man page or a completion script",
              {"man", "bash", "zsh"})
      ->group("");  // hidden: for the build, not for users
}

void add_completion_command(CLI::App& root, Action& action) {
  add_printer(root, action, "completion",
              "Print the bash or zsh completion script (bash: source <(scimcheck completion "
              "bash); zsh: save as _scimcheck in a folder of $fpath)",
              {"bash", "zsh"});
}

}  // namespace scimcheck::app
