// A thin SQLite VFS that forwards every call to the default unix VFS but first asks the vault's
// Env (Env::allow_database_io) before each write, sync, truncate or delete. With it, a test Env
// that fills the disk or "crashes" stops the database's I/O too, exactly as a full disk or a dead
// process would, so crash sweeps cover the steps between database transactions honestly.
// One VFS is registered per connection under a unique name and unregistered when it closes.
#pragma once

#include <memory>
#include <string>

#include "coffre/env.h"

struct sqlite3_vfs;

namespace coffre::storage {

class EnvVfs {
 public:
  // Registers the shim (not as the default VFS). Internal error if SQLite has no default VFS.
  static Result<std::unique_ptr<EnvVfs>> create(Env& env);
  ~EnvVfs();  // unregisters: only once no connection uses it
  EnvVfs(const EnvVfs&) = delete;
  EnvVfs& operator=(const EnvVfs&) = delete;

  const char* name() const { return name_.c_str(); }
  Env& env() const { return env_; }
  sqlite3_vfs* real() const { return real_; }

 private:
  EnvVfs(Env& env, sqlite3_vfs* real);
  Env& env_;
  sqlite3_vfs* real_;
  std::string name_;
  std::unique_ptr<sqlite3_vfs> vfs_;
};

}  // namespace coffre::storage
