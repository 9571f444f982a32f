// The command framework of `coffre`: one subcommand per file, one table listing
// them all (commands.cpp), a base class that unlocks the vault for the commands that need it, and
// output written to injected streams so that tests can read it.
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "coffre/app/session.h"
#include "coffre/i18n.h"
#include "coffre/plugin_host.h"
#include "coffre/progress.h"
#include "coffre/status.h"
#include "coffre/vault.h"

namespace coffre::cli {

struct GlobalOptions {
  std::string vault;            // --vault DIR (default: default_vault_dir())
  std::string passphrase_file;  // --passphrase-file FILE
  int passphrase_fd = -1;       // --passphrase-fd N
  bool json = false;            // --json
  bool quiet = false;           // -q
  bool no_agent = false;        // --no-agent: ask for the passphrase even when an agent holds the key
  std::string lang;             // --lang fr|en (read before parsing, coffre/i18n.h)
};

struct Context {
  GlobalOptions& global;
  std::ostream& out;
  std::ostream& err;
  // The run's plugins (the default search path), discovered by the first use case that needs them.
  PluginHost& plugins;
  std::filesystem::path vault_dir() const;
  // A terminal progress bar on stderr when it is a terminal and -q is off; silent otherwise.
  Progress& progress();
  std::unique_ptr<Progress> progress_;
  // The exit code of a command that succeeded but answers "no" (can-contact: 6); 0 otherwise.
  int exit_code = 0;
  // Prints a JSON document on `out` (one line, for scripts).
  void print_json(const nlohmann::json& j) const;
};

class Command {
 public:
  virtual ~Command() = default;
  // Words that lead to this command: {"contact", "add"}.
  virtual std::vector<std::string> path() const = 0;
  virtual std::string description() const = 0;
  // Declares the command's own options and arguments.
  virtual void setup(CLI::App& app) = 0;
  virtual Status run(Context& ctx) = 0;
};

// A command that runs a use case of the application layer (coffre/app/): asks for the passphrase
// (terminal, --passphrase-file or --passphrase-fd; never argv or the environment) and opens an
// app::Session on the vault before run_with_session().
class SessionCommand : public Command {
 public:
  Status run(Context& ctx) final;
  virtual Status run_with_session(Context& ctx, app::Session& session) = 0;
  // A command that must never ask for the passphrase (`retention run --scheduled`) returns true:
  // it opens the vault only with the agent's key, and calls on_no_agent() when no agent holds it.
  virtual bool agent_only() const { return false; }
  virtual Status on_no_agent(Context&) { return make_error(ErrorKind::AuthFailed, tr("no agent holds the key of this vault")); }
  // How the session is opened; `check` and `audit verify` open a vault behind its anchor to report it.
  virtual app::SessionOptions session_options() const { return {}; }
};

// A command that reads or edits the vault through its stores (coffre/stores.h).
class VaultCommand : public SessionCommand {
 public:
  Status run_with_session(Context& ctx, app::Session& session) final { return run_with_vault(ctx, session.vault()); }
  virtual Status run_with_vault(Context& ctx, Vault& vault) = 0;
};

// Asks for the passphrase as SessionCommand does and opens a session (for commands that need the
// vault only with some options, such as `shred --certificate`).
// The key comes from the agent serving the vault when one holds it (coffre/app/agent.h, no Argon2id),
// else from the passphrase. After a missed scheduled retention run, prints the overdue line on stderr.
Result<std::unique_ptr<app::Session>> open_session(Context& ctx, const app::SessionOptions& options = {});
// Always asks for the passphrase (`coffre unlock`).
Result<std::unique_ptr<app::Session>> open_session_with_passphrase(Context& ctx, const app::SessionOptions& options = {});

std::vector<std::unique_ptr<Command>> all_commands();

// The CLI's whole run, used by main() and by in-process tests. Returns the exit code.
int run_cli(int argc, const char* const* argv, std::ostream& out, std::ostream& err);
int exit_code_for(ErrorKind kind);

}  // namespace coffre::cli
