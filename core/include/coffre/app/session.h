// The application layer (docs/design.md §1): one function per use case, which every front end
// calls — the `coffre` CLI, a scheduled job, a local web page, a test. A use case validates and
// normalises its own input, writes its own audit entry and returns a result value that the front
// end only prints. Nothing here is process-wide: the plugin host, the clock and the vault's
// shredder are passed in, so two front ends opening the same vault behave the same.
//
// A Session is an open vault together with the plugins that serve it. It is used from one thread
// at a time, like the Vault it holds; several processes may hold sessions on the same vault.
#pragma once

#include <filesystem>
#include <memory>

#include "coffre/clock.h"
#include "coffre/env.h"
#include "coffre/plugin_host.h"
#include "coffre/secret.h"
#include "coffre/status.h"
#include "coffre/vault.h"

namespace coffre::app {

struct SessionOptions {
  const Clock* clock = nullptr;  // SystemClock when null
  Env* env = nullptr;            // the operating system (Env::posix()) when null; outlives the session
  bool open_behind_anchor = false;  // VaultOptions::open_behind_anchor (`check`, `audit verify`)
};

class Session {
 public:
  // Opens the vault in `dir`. The host's plugins are discovered (once per host); when the shredder
  // plugin is enabled it shreds the vault's own blob files, else the core's default does. An
  // erasure that a crash interrupted is finished before this returns; if finishing fails the
  // vault still opens, and `check` reports the unfinished erasure. Errors are Vault::open's:
  // AuthFailed for a wrong passphrase, Corruption naming the damaged file, NotFound...
  static Result<std::unique_ptr<Session>> open(const std::filesystem::path& dir, const SecretBytes& passphrase,
                                               PluginHost& plugins, const SessionOptions& options = {});
  static Result<std::unique_ptr<Session>> open_with_recovery_code(const std::filesystem::path& dir,
                                                                  const SecretBytes& recovery_code,
                                                                  PluginHost& plugins,
                                                                  const SessionOptions& options = {});
  // Opens with the master key the agent handed over (Vault::open_with_key): no Argon2id.
  static Result<std::unique_ptr<Session>> open_with_key(const std::filesystem::path& dir, SecretBytes master_key,
                                                        PluginHost& plugins, const SessionOptions& options = {});
  // Wraps a vault a caller opened itself (tests, `coffre demo`), finishing interrupted erasures
  // as open() does. The vault keeps the shredder it was opened with.
  static std::unique_ptr<Session> adopt(std::unique_ptr<Vault> vault, PluginHost& plugins);

  Vault& vault() { return *vault_; }
  PluginHost& plugins() { return plugins_; }

 private:
  Session(std::unique_ptr<Vault> vault, PluginHost& plugins) : vault_(std::move(vault)), plugins_(plugins) {}
  std::unique_ptr<Vault> vault_;
  PluginHost& plugins_;
};

// The options a vault is opened with under `plugins`: the clock, the Env, and the shredder plugin
// as the vault's BlobShredder when it is enabled.
VaultOptions vault_options(PluginHost& plugins, const SessionOptions& options);

}  // namespace coffre::app
