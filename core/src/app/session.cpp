#include "coffre/app/session.h"

#include "coffre/app/shred.h"
#include "coffre/debris.h"
#include "coffre/erasure.h"

namespace coffre::app {

VaultOptions vault_options(PluginHost& plugins, const SessionOptions& options) {
  VaultOptions v;
  v.clock = options.clock;
  v.env = options.env;
  v.open_behind_anchor = options.open_behind_anchor;
  // A vault whose shredder plugin is missing or disabled still opens: its blobs are then shredded
  // by the core's default (one overwrite), and `coffre plugins list` says why the plugin is off.
  if (auto shredder = shredder_plugin(plugins); shredder.ok()) v.blob_shredder = make_plugin_blob_shredder(*shredder);
  return v;
}

std::unique_ptr<Session> Session::adopt(std::unique_ptr<Vault> vault, PluginHost& plugins) {
  // An erasure a crash cut short is finished now (docs/design.md §6). If it fails again it stays in
  // the journal, `coffre check` reports it and the next erasure retries; the session still opens.
  (void)finish_interrupted_erasures(*vault);
  // Crash debris (coffre/debris.h) goes too; when another process holds a lock it stays for later.
  (void)remove_debris(*vault);
  return std::unique_ptr<Session>(new Session(std::move(vault), plugins));
}

Result<std::unique_ptr<Session>> Session::open(const std::filesystem::path& dir, const SecretBytes& passphrase,
                                               PluginHost& plugins, const SessionOptions& options) {
  COFFRE_ASSIGN_OR_RETURN(auto vault, Vault::open(dir, passphrase, vault_options(plugins, options)));
  return adopt(std::move(vault), plugins);
}

Result<std::unique_ptr<Session>> Session::open_with_key(const std::filesystem::path& dir, SecretBytes master_key,
                                                        PluginHost& plugins, const SessionOptions& options) {
  COFFRE_ASSIGN_OR_RETURN(auto vault, Vault::open_with_key(dir, std::move(master_key), vault_options(plugins, options)));
  return adopt(std::move(vault), plugins);
}

Result<std::unique_ptr<Session>> Session::open_with_recovery_code(const std::filesystem::path& dir,
                                                                  const SecretBytes& recovery_code,
                                                                  PluginHost& plugins, const SessionOptions& options) {
  COFFRE_ASSIGN_OR_RETURN(auto vault,
                          Vault::open_with_recovery_code(dir, recovery_code, vault_options(plugins, options)));
  return adopt(std::move(vault), plugins);
}

}  // namespace coffre::app
