#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <regex>

#include "coffre/app/requests.h"
#include "coffre/app/agent.h"
#include "coffre/app/schedule.h"
#include "coffre/i18n.h"
#include "coffre/retention.h"
#include "command.h"
#include "commands/model_output.h"
#include "passphrase.h"
#include "progress_bar.h"

namespace coffre::cli {

std::filesystem::path Context::vault_dir() const {
  return global.vault.empty() ? default_vault_dir() : std::filesystem::path(global.vault);
}

Progress& Context::progress() {
  if (!progress_) {
    if (!global.quiet && ::isatty(STDERR_FILENO)) progress_ = std::make_unique<TerminalProgress>(STDERR_FILENO);
    else progress_ = std::make_unique<NullProgress>();
  }
  return *progress_;
}

void Context::print_json(const nlohmann::json& j) const { out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n"; }

namespace {

// On a terminal (stdout and stderr), one line when a person's request is due within 7 days or
// overdue (GDPR art. 12(3)); never in --json or -q output, never when piped.
void remind_requests_due(Context& ctx, app::Session& session) {
  if (ctx.global.json || ctx.global.quiet || !::isatty(STDOUT_FILENO) || !::isatty(STDERR_FILENO)) return;
  auto due = app::requests_due(session, 7);
  if (!due.ok() || due->empty()) return;
  int overdue = 0;
  for (const auto& r : *due) overdue += r.overdue ? 1 : 0;
  const auto& first = due->front();
  ctx.err << trf("Requests: {0} due within 7 days or overdue ({1} overdue); the next, {2}, is due {3} (coffre "
                 "request list --open).",
                 {std::to_string(due->size()), std::to_string(overdue), std::to_string(first.id),
                  app::to_string(first.due)})
          << "\n";
}

// After a missed scheduled run (coffre/app/schedule.h): one line on stderr while someone is due.
void print_overdue_notice(Context& ctx, app::Session& session) {
  auto state = app::load_schedule_state(ctx.vault_dir());
  if (!state.ok() || !state->missed_since) return;
  auto plan = plan_retention(session.vault(), session.vault().clock().now(), 0);
  if (!plan.ok()) return;
  auto line = app::overdue_notice(*state, *plan);
  if (!line) return;
  if (i18n::current() == i18n::Language::En) {
    ctx.err << *line << "\n";
    return;
  }
  // In another language: the count per category as a list (app::due_summary_said).
  // TRANSLATORS: shown in languages other than English only; {1} is a day, {0} a list "prospect : 3, client : 1".
  ctx.err << trf("Past their retention date since {1} ({0}): coffre retention run",
                 {app::due_summary_said(*plan), human_date(*state->missed_since)})
          << "\n";
}
}  // namespace

Result<std::unique_ptr<app::Session>> open_session(Context& ctx, const app::SessionOptions& options) {
  std::unique_ptr<app::Session> session;
  if (!ctx.global.no_agent) {
    COFFRE_ASSIGN_OR_RETURN(auto from_agent, app::open_session_from_agent(ctx.vault_dir(), ctx.plugins, options));
    if (from_agent) session = std::move(*from_agent);
  }
  if (!session) {
    COFFRE_ASSIGN_OR_RETURN(session, open_session_with_passphrase(ctx, options));
  }
  print_overdue_notice(ctx, *session);
  return session;
}

Result<std::unique_ptr<app::Session>> open_session_with_passphrase(Context& ctx, const app::SessionOptions& options) {
  Result<SecretBytes> pass = make_error(ErrorKind::Internal, "");
  if (!ctx.global.passphrase_file.empty()) pass = read_secret_file(ctx.global.passphrase_file);
  else if (ctx.global.passphrase_fd >= 0) pass = read_secret_fd(ctx.global.passphrase_fd, tr("the passphrase file descriptor"));
  else pass = prompt_secret(trf("Passphrase for {}: ", {ctx.vault_dir().string()}));
  if (!pass.ok()) return pass.error();
  COFFRE_ASSIGN_OR_RETURN(auto session, app::Session::open(ctx.vault_dir(), *pass, ctx.plugins, options));
  remind_requests_due(ctx, *session);
  return session;
}

Status SessionCommand::run(Context& ctx) {
  if (agent_only()) {
    COFFRE_ASSIGN_OR_RETURN(auto from_agent, app::open_session_from_agent(ctx.vault_dir(), ctx.plugins, session_options()));
    if (!from_agent) return on_no_agent(ctx);
    return run_with_session(ctx, **from_agent);
  }
  COFFRE_ASSIGN_OR_RETURN(auto session, open_session(ctx, session_options()));
  return run_with_session(ctx, *session);
}

namespace {

// When a word names no command ("coffre frobnicate", "coffre contact frob"), CLI11 only says that a
// subcommand is required. This finds the word and lists what was possible at that level.
std::optional<std::string> unknown_command(CLI::App& app, int argc, const char* const* argv) {
  CLI::App* level = &app;
  std::string path = "coffre";
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word == "--vault" || word == "--passphrase-file" || word == "--passphrase-fd" || word == "--lang") {
      ++i;  // its value
      continue;
    }
    if (word.empty() || word[0] == '-') continue;
    auto subs = level->get_subcommands([](CLI::App*) { return true; });
    if (subs.empty()) return std::nullopt;  // a command: the rest are its arguments
    CLI::App* next = nullptr;
    for (auto* s : subs)
      if (s->get_name() == word) next = s;
    if (!next) {
      std::vector<std::string> names;
      for (auto* s : subs)
        if (!s->get_group().empty()) names.push_back(s->get_name());  // hidden ones (__cli-tree) are not offered
      std::sort(names.begin(), names.end());
      std::string list;
      for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
      return trf("unknown command \"{0}\" for {1} (the commands are: {2}; {1} --help says more)", {word, path, list});
    }
    path += " " + word;
    level = next;
  }
  return std::nullopt;
}

}  // namespace

int exit_code_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Usage: return 1;
    case ErrorKind::AuthFailed: return 2;
    case ErrorKind::NotFound: return 3;
    case ErrorKind::InvalidInput:
    case ErrorKind::Conflict: return 4;
    case ErrorKind::IoError:
    case ErrorKind::Corruption:
    case ErrorKind::PluginIncompatible:
    case ErrorKind::Internal: return 5;
  }
  return 5;
}

namespace {

// The language is chosen before the commands are declared, since their help texts are translated
// as they are declared: --lang VALUE or --lang=VALUE anywhere before a lone "--".
std::string lang_argument(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--") break;
    if (a == "--lang" && i + 1 < argc) return argv[i + 1];
    if (a.substr(0, 7) == "--lang=") return std::string(a.substr(7));
  }
  return "";
}

std::filesystem::path executable_dir() {
  std::error_code ec;
  auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path(".") : exe.parent_path();
}

// The width tables may take: stdout's terminal width (COLUMNS when set, else the terminal's size;
// at least 80), or 0 when output goes to a pipe or a file, or to a stream that is not stdout.
std::size_t terminal_columns(const std::ostream& out) {
  if (&out != &std::cout || !::isatty(STDOUT_FILENO)) return 0;
  std::size_t cols = 0;
  if (const char* c = std::getenv("COLUMNS"); c && *c) {
    char* end = nullptr;
    const long v = std::strtol(c, &end, 10);
    if (end && *end == '\0' && v > 0) cols = static_cast<std::size_t>(v);
  }
  if (cols == 0) {
    struct winsize ws {};
    if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0) cols = ws.ws_col;
  }
  return std::max<std::size_t>(cols, 80);
}

// CLI11's parse errors in the user's language. CLI11 (2.1.2 in Debian 12) writes them in English
// from fixed sentences; each sentence is a template here, its {} standing for the option names and
// values it carries, so that the English template gives back CLI11's text exactly and the French one
// is the catalogue's. The most specific come first. A message that none matches (a newer CLI11) is
// shown as CLI11 wrote it; test Language.ParseErrorsAreInFrench pins the ones people meet.
std::string translate_parse_error(const std::string& what) {
  static const char* const kPhrases[] = {
      N_("A subcommand is required"),
      N_("Requires at least {} subcommands"),
      N_("{} is required"),
      N_("Could not convert: {} = {}"),
      N_("The value {} is not an allowed value for {}"),
      N_("{}: too many inputs for a flag"),
      N_("{}: Should be true/false or a number"),
      N_("The following argument was not expected: {}"),
      N_("The following arguments were not expected: {}"),
      N_("Expected exactly {} arguments to {}, got {}"),
      N_("Expected at least {} arguments to {}, got {}"),
      N_("{}: At least {} required but received {}"),
      N_("{}: At Most {} required but received {}"),
      N_("{}: {} required {} missing"),
      N_("Exactly 1 option from [{}] is required and {} were given"),
      N_("Exactly 1 option from [{}]"),
      N_("At least 1 option from [{}]"),
      N_("Requires at most 1 options be given from [{}]"),
      N_("{}: Value {} not in range {} to {}"),
      N_("{}: Value {} could not be converted"),
      N_("{}: File does not exist: {}"),
      N_("{}: File is actually a directory: {}"),
      N_("{}: Directory does not exist: {}"),
      N_("{}: Directory is actually a file: {}"),
      N_("{}: Path does not exist: {}"),
      N_("{}: Path already exists: {}"),
      N_("{}: {} not in {}"),
      N_("{} requires {}"),
      N_("{} excludes {}"),
      N_("{} not found"),
  };
  if (i18n::current() == i18n::Language::En) return what;
  for (const char* phrase : kPhrases) {
    std::string pattern;
    for (std::string_view rest = phrase; !rest.empty();) {
      if (rest.substr(0, 2) == "{}") {
        pattern += "(.+?)";
        rest.remove_prefix(2);
        continue;
      }
      if (std::string_view("\\^$.|?*+()[]{}").find(rest.front()) != std::string_view::npos) pattern += '\\';
      pattern += rest.front();
      rest.remove_prefix(1);
    }
    std::smatch m;
    if (!std::regex_match(what, m, std::regex(pattern))) continue;
    std::vector<std::string> args;
    for (std::size_t i = 1; i < m.size(); ++i) args.push_back(m[i].str());
    switch (args.size()) {
      case 0: return tr(phrase);
      case 1: return trf(phrase, {args[0]});
      case 2: return trf(phrase, {args[0], args[1]});
      case 3: return trf(phrase, {args[0], args[1], args[2]});
      default: return trf(phrase, {args[0], args[1], args[2], args[3]});
    }
  }
  return what;
}

// CLI11's own words in the help screens.
void translate_help_labels(CLI::App& app) {
  auto f = app.get_formatter();
  for (const char* label : {N_("Usage"), N_("OPTIONS"), N_("SUBCOMMAND"), N_("SUBCOMMANDS"), N_("Positionals"),
                            N_("REQUIRED"), N_("Needs"), N_("Excludes"), N_("TEXT"), N_("INT"), N_("UINT"),
                            N_("FLOAT"), N_("FILE"), N_("DIR"), N_("PATH"), N_("DATE"), N_("DATETIME"),
                            N_("DURATION"), N_("CONTACT"), N_("ID"), N_("N"), N_("REASON"), N_("TEMP"),
                            N_("NAME"), N_("KIND"), N_("DIGITS"), N_("CATEGORY"), N_("TYPE"), N_("PHONE"),
                            N_("OUTCOME"), N_("KEY=VALUE"), N_("KEY"), N_("EMAIL"), N_("CHANNEL")})
    f->label(label, tr(label));
  app.option_defaults()->group(tr("Options"));
}

}  // namespace

int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err) {
  GlobalOptions global;
  {
    auto language = i18n::choose(lang_argument(argc, argv));
    if (!language.ok()) {
      err << "coffre: " << language.error().message << "\n";
      return 1;
    }
    i18n::use(*language, executable_dir());
  }
  CLI::App app{tr("Coffre: an encrypted vault for a prospecting business's personal data.\n"
                  "Exit codes: 0 ok, 1 usage, 2 authentication, 3 not found, 4 invalid input, 5 I/O or corruption, 6 "
                  "the answer is no (can-contact)."),
               "coffre"};
  translate_help_labels(app);
  app.set_help_flag("-h,--help", tr("Print this help message and exit"));
  app.set_version_flag("--version", std::string("coffre ") + COFFRE_CLI_VERSION,
                       tr("Print the version and exit"));
  app.failure_message([](const CLI::App*, const CLI::Error& e) {
    return translate_parse_error(e.what()) + "\n" + tr("Run with --help for more information.") + "\n";
  });
  app.fallthrough();  // global options are accepted after the subcommand too (inherited)
  app.require_subcommand(1);
  app.add_option("--vault", global.vault, tr("Vault folder (default: $COFFRE_VAULT or $XDG_DATA_HOME/coffre/vault)"))
      ->type_name("DIR");
  app.add_option("--passphrase-file", global.passphrase_file,
                 tr("Read the passphrase from the first line of FILE instead of the terminal"))
      ->type_name("FILE");
  app.add_option("--passphrase-fd", global.passphrase_fd, tr("Read the passphrase from file descriptor N"))->type_name("N");
  app.add_flag("--json", global.json, tr("Machine-readable output (stable field names, docs/cli.md)"));
  app.add_flag("-q,--quiet", global.quiet, tr("No progress bars or chatter"));
  app.add_option("--lang", global.lang,
                 tr("Language of messages and help: fr or en (default: LANGUAGE, LC_ALL, LC_MESSAGES, LANG); --json "
                    "output is the same in both"))
      ->check(CLI::IsMember({"fr", "en"}));
  app.add_flag("--no-agent", global.no_agent, tr("Ask for the passphrase even when `coffre agent` holds the vault's key"));

  auto commands = all_commands();
  std::map<std::vector<std::string>, CLI::App*> groups;
  std::vector<std::pair<CLI::App*, Command*>> leaves;
  for (auto& cmd : commands) {
    auto path = cmd->path();
    CLI::App* parent = &app;
    std::vector<std::string> prefix;
    for (std::size_t i = 0; i + 1 < path.size(); ++i) {
      prefix.push_back(path[i]);
      auto it = groups.find(prefix);
      if (it == groups.end()) {
        CLI::App* g = parent->add_subcommand(path[i], "");
        g->group(tr("Subcommands"));
        g->set_help_flag("-h,--help", tr("Print this help message and exit"));
        g->require_subcommand(1);
        it = groups.emplace(prefix, g).first;
      }
      parent = it->second;
    }
    CLI::App* sub = parent->add_subcommand(path.back(), cmd->description());
    sub->group(tr("Subcommands"));
    sub->set_help_flag("-h,--help", tr("Print this help message and exit"));
    cmd->setup(*sub);
    leaves.emplace_back(sub, cmd.get());
  }
  // Group descriptions: "contact: Manage contacts" is set by the first command naming the group.
  static const std::map<std::string, const char*> kGroupHelp = {
      {"contact", N_("Add, list, show, edit and remove contacts")},
      {"org", N_("Add, list and show organisations")},
      {"note", N_("Free-text notes on a contact or organisation")},
      {"interaction", N_("Calls, emails, meetings and letters with their outcome")},
      {"doc", N_("Documents, encrypted under their subject's own key")},
      {"erasure", N_("Erasure certificates (see `coffre erase`)")},
      {"suppression", N_("People who objected: keyed hashes of their e-mails and phones")},
      {"access", N_("Subject access requests: export everything the vault holds about one person")},
      {"notice", N_("The texts people are shown when asked for consent, by version and SHA-256")},
      {"purpose", N_("The purposes consent is asked for (prospecting, newsletter...)")},
      {"consent", N_("The consent ledger: record and show who agreed, refused, withdrew or objected")},
      {"campaign", N_("Campaign exports with only the people the prospecting rule allows")},
      {"retention", N_("How long people are kept, who is due for erasure, and the run that erases them")},
      {"hold", N_("Legal holds: people retention must not erase (GDPR art. 17(3)(e))")},
      {"sensitive", N_("Special-category data (health, religion...) in notes and summaries: find and remove it")},
      {"request", N_("Requests from people about their data (access, erasure...): deadlines and answers (GDPR art. 12)")},
      {"audit", N_("The tamper-evident audit log")},
      {"import", N_("Import contacts from files (CSV, Excel, vCard, CRM exports)")},
      {"plugins", N_("The plugins Coffre found and whether they are enabled")},
      {"agent", N_("The agent that holds the unlocked vault's key, as ssh-agent does (see also unlock, lock)")},
      {"schedule", N_("The daily retention run: a systemd user timer or a crontab line")},
  };
  for (auto& [p, g] : groups)
    if (p.size() == 1 && kGroupHelp.count(p[0])) g->description(tr(kGroupHelp.at(p[0])));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr)
      if (auto unknown = unknown_command(app, argc, argv)) {
        err << "coffre: " << *unknown << "\n";
        return 1;
      }
    return app.exit(e, out, err) == 0 ? 0 : 1;
  }
  set_table_width(terminal_columns(out));
  // One plugin host per run, over the default search path: no process-wide state, so in-process
  // runs (tests) and a second front end each get their own.
  PluginHost plugins;
  for (auto& [sub, cmd] : leaves) {
    if (!sub->parsed()) continue;
    Context ctx{global, out, err, plugins, nullptr, 0};
    Status s;
    try {
      s = cmd->run(ctx);
    } catch (const std::bad_alloc&) {
      s = make_error(ErrorKind::IoError, tr("out of memory"));
    } catch (const std::exception& e) {
      s = make_error(ErrorKind::Internal, trf("internal error: {}", {e.what()}));
    }
    if (!s.ok()) {
      err << "coffre: " << s.message() << "\n";
      return exit_code_for(s.kind());
    }
    return ctx.exit_code;
  }
  err << app.help();
  return 1;
}

}  // namespace coffre::cli
