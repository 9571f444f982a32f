// A SQLCipher connection opened with a raw 256-bit key, and a thin prepared-statement wrapper.
// The domain model never sees SQL: the stores in src/model map types to tables through this.
// A Database is used from one thread at a time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "coffre/env.h"
#include "coffre/secret.h"
#include "coffre/status.h"
#include "storage/env_vfs.h"

struct sqlite3;
struct sqlite3_stmt;

namespace coffre::storage {

// Refuses to run when sqlite3_* resolve to plain SQLite instead of SQLCipher (docs/design.md §4: the
// symbol clash with Botan's libsqlite3). Call once at start.
Status check_sqlcipher_linkage();

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& o) noexcept;
  Statement& operator=(Statement&& o) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binding is 1-based, like SQLite.
  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Statement& bind(int i, std::string_view v);
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind_blob(int i, const void* data, std::size_t size);
  Statement& bind_null(int i);
  Statement& bind(int i, const std::optional<std::string>& v) { return v ? bind(i, *v) : bind_null(i); }
  Statement& bind(int i, const std::optional<std::int64_t>& v) { return v ? bind(i, *v) : bind_null(i); }

  // True while a row is available; false when done. Errors become a Status kept in last_status().
  Result<bool> step();
  Status run();  // step to completion, expecting no row
  void reset();
  // Steps to the end and returns column `i` of every row; the statement is reset after (its
  // bindings kept), ready to run again.
  Result<std::vector<std::int64_t>> all_ints(int i = 0);
  Result<std::vector<std::string>> all_texts(int i = 0);

  std::int64_t column_int(int i) const;
  std::string column_text(int i) const;
  std::optional<std::string> column_opt_text(int i) const;
  std::optional<std::int64_t> column_opt_int(int i) const;
  std::vector<std::uint8_t> column_blob(int i) const;
  bool column_is_null(int i) const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
};

class Database {
 public:
  Database() = default;
  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;
  ~Database();

  // Opens (creating if `create`) the encrypted database at `path` with a 32-byte raw key, 4 KiB
  // pages, WAL, secure_delete, foreign keys and temp store in memory. A wrong key or a damaged file
  // yields Corruption naming the file.
  // Every write, sync, truncate and delete of its files is first allowed by `env` (EnvVfs), so a
  // test Env's full disk or crash reaches the database too.
  static Result<Database> open(Env& env, const std::filesystem::path& path, const SecretBytes& key, bool create);
  // The same with the real Env (benchmarks).
  static Result<Database> open(const std::filesystem::path& path, const SecretBytes& key, bool create) {
    return open(Env::posix(), path, key, create);
  }
  // Opens a database without any key (plain SQLite file format); for benchmarks and tests only.
  static Result<Database> open_plain(const std::filesystem::path& path);

  Status exec(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);
  std::int64_t last_insert_id() const;
  int changes() const;
  const std::filesystem::path& path() const { return path_; }
  sqlite3* handle() const { return db_; }
  // True inside BEGIN ... COMMIT (SQLite's autocommit is off).
  bool in_transaction() const;

  // Called after every top-level COMMIT that succeeded (Transaction::commit) and by a caller that
  // wrote in autocommit mode: the vault advances its anchor there (vault/anchor.h). Its error is
  // the commit's, though the change itself is committed.
  void set_after_commit(std::function<Status()> hook) { after_commit_ = std::move(hook); }
  Status after_commit() { return after_commit_ ? after_commit_() : Status{}; }

  // Checkpoints and truncates the WAL so deleted content leaves the -wal file too.
  Status checkpoint_truncate();
  Status close();

 private:
  Status error(std::string_view what) const;
  std::unique_ptr<EnvVfs> vfs_;  // declared first: destroyed after the connection is closed
  sqlite3* db_ = nullptr;
  std::filesystem::path path_;
  std::function<Status()> after_commit_;
};

// RAII transaction: rolls back unless commit() succeeded. Begun inside another transaction, it
// nests as a SAVEPOINT: commit() releases it into the outer transaction and a failure rolls back
// only its own work. This is what lets the import pipeline run many store calls (each with its own
// Transaction) as one all-or-nothing transaction, or roll a whole dry run back.
class Transaction {
 public:
  explicit Transaction(Database& db) : db_(db) {}
  ~Transaction();
  Status begin(bool immediate = true);
  Status commit();

 private:
  Database& db_;
  bool open_ = false;
  bool nested_ = false;
};

std::string sqlite_error_message(sqlite3* db);

}  // namespace coffre::storage
