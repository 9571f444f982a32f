#include "storage/database.h"

#include "crypto/crypto.h"
#include "coffre/i18n.h"

#define SQLITE_HAS_CODEC 1
#include <sqlite3.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace coffre::storage {

namespace {
ErrorKind kind_for(int rc) {
  switch (rc & 0xff) {
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      return ErrorKind::Corruption;
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
      return ErrorKind::IoError;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return ErrorKind::Conflict;
    case SQLITE_CONSTRAINT:
      return ErrorKind::Conflict;
    default:
      return ErrorKind::Internal;
  }
}
}  // namespace

std::string sqlite_error_message(sqlite3* db) { return db ? sqlite3_errmsg(db) : "out of memory"; }

Status check_sqlcipher_linkage() {
  if (std::strcmp(sqlite3_libversion(), "3.15.2") != 0)
    return make_error(ErrorKind::Internal, std::string("sqlite3_* resolve to SQLite ") + sqlite3_libversion() +
                                               ", not SQLCipher 3.4.1's 3.15.2: this binary was linked wrongly "
                                               "(see docs/design.md §4) and will not touch a vault");
  sqlite3* db = nullptr;
  if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
    sqlite3_close(db);
    return make_error(ErrorKind::Internal, "cannot open an in-memory database");
  }
  sqlite3_stmt* st = nullptr;
  bool has_cipher = false;
  if (sqlite3_prepare_v2(db, "PRAGMA cipher_version", -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) != nullptr)
    has_cipher = true;
  sqlite3_finalize(st);
  sqlite3_close(db);
  if (!has_cipher)
    return make_error(ErrorKind::Internal, "PRAGMA cipher_version did not answer: SQLCipher is not linked");
  return {};
}

// ---- Statement ---------------------------------------------------------------------------------
Statement::Statement(Statement&& o) noexcept : db_(std::exchange(o.db_, nullptr)), stmt_(std::exchange(o.stmt_, nullptr)) {}
Statement& Statement::operator=(Statement&& o) noexcept {
  if (this != &o) {
    sqlite3_finalize(stmt_);
    db_ = std::exchange(o.db_, nullptr);
    stmt_ = std::exchange(o.stmt_, nullptr);
  }
  return *this;
}
Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int i, std::int64_t v) {
  sqlite3_bind_int64(stmt_, i, v);
  return *this;
}
Statement& Statement::bind(int i, std::string_view v) {
  sqlite3_bind_text(stmt_, i, v.data() ? v.data() : "", static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind_blob(int i, const void* data, std::size_t size) {
  sqlite3_bind_blob(stmt_, i, size ? data : "", static_cast<int>(size), SQLITE_TRANSIENT);
  return *this;
}
Statement& Statement::bind_null(int i) {
  sqlite3_bind_null(stmt_, i);
  return *this;
}

Result<bool> Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  const char* file = sqlite3_db_filename(db_, "main");
  return make_error(kind_for(rc), std::string("database error (") + (file && *file ? file : "in memory") +
                                      "): " + sqlite_error_message(db_));
}

Status Statement::run() {
  auto r = step();
  if (!r.ok()) {
    sqlite3_reset(stmt_);
    return r.error();
  }
  sqlite3_reset(stmt_);
  return {};
}

namespace {
template <typename T, typename Read>
Result<std::vector<T>> all_rows(Statement& st, Read read) {
  std::vector<T> out;
  for (;;) {
    auto row = st.step();
    if (!row.ok()) {
      st.reset();
      return row.error();
    }
    if (!*row) break;
    out.push_back(read());
  }
  return out;
}
}  // namespace

Result<std::vector<std::int64_t>> Statement::all_ints(int i) {
  auto out = all_rows<std::int64_t>(*this, [&] { return column_int(i); });
  sqlite3_reset(stmt_);
  return out;
}

Result<std::vector<std::string>> Statement::all_texts(int i) {
  auto out = all_rows<std::string>(*this, [&] { return column_text(i); });
  sqlite3_reset(stmt_);
  return out;
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

std::int64_t Statement::column_int(int i) const { return sqlite3_column_int64(stmt_, i); }
std::string Statement::column_text(int i) const {
  const unsigned char* t = sqlite3_column_text(stmt_, i);
  return t ? std::string(reinterpret_cast<const char*>(t), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, i)))
           : std::string();
}
std::optional<std::string> Statement::column_opt_text(int i) const {
  if (column_is_null(i)) return std::nullopt;
  return column_text(i);
}
std::optional<std::int64_t> Statement::column_opt_int(int i) const {
  if (column_is_null(i)) return std::nullopt;
  return column_int(i);
}
std::vector<std::uint8_t> Statement::column_blob(int i) const {
  const auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, i));
  int n = sqlite3_column_bytes(stmt_, i);
  return p ? std::vector<std::uint8_t>(p, p + n) : std::vector<std::uint8_t>();
}
bool Statement::column_is_null(int i) const { return sqlite3_column_type(stmt_, i) == SQLITE_NULL; }

// ---- Database ----------------------------------------------------------------------------------
Database::Database(Database&& o) noexcept
    : vfs_(std::move(o.vfs_)),
      db_(std::exchange(o.db_, nullptr)),
      path_(std::move(o.path_)),
      after_commit_(std::move(o.after_commit_)) {}
Database& Database::operator=(Database&& o) noexcept {
  if (this != &o) {
    (void)close();
    vfs_ = std::move(o.vfs_);
    db_ = std::exchange(o.db_, nullptr);
    path_ = std::move(o.path_);
    after_commit_ = std::move(o.after_commit_);
  }
  return *this;
}
Database::~Database() { (void)close(); }

Status Database::close() {
  if (!db_) return {};
  int rc = sqlite3_close(db_);
  if (rc != SQLITE_OK) {
    sqlite3_close_v2(db_);
    // The connection lives on until its last statement goes: its file layer must too.
    (void)vfs_.release();
  }
  db_ = nullptr;
  vfs_.reset();
  return {};
}

Status Database::error(std::string_view what) const {
  return make_error(kind_for(sqlite3_errcode(db_)),
                    std::string(what) + " (" + path_.string() + "): " + sqlite_error_message(db_));
}

// Every file of the vault is 0600 whatever the umask: SQLite gives the -wal and -shm files the
// mode of the database file, so making that one 0600 first covers the three. A folder or a file
// this user cannot write is said to be that: SQLite would open it read-only and the first write
// would fail in ways that read like a damaged vault, leaving a read-only -shm behind.
static Status prepare_files(const std::filesystem::path& path, bool create) {
  const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  if (::access(dir.c_str(), W_OK | X_OK) != 0 && errno != ENOENT)
    return make_error(ErrorKind::IoError,
                      trf("the vault folder {} is not writable by you: check its owner and permissions", {dir.string()}));
  if (create) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
      return make_error(ErrorKind::IoError, "cannot create database " + path.string() + ": " + std::strerror(errno));
    ::close(fd);
  }
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return {};  // missing: sqlite3_open_v2 says so
  if (::access(path.c_str(), R_OK | W_OK) != 0)
    return make_error(ErrorKind::IoError,
                      trf("the vault database {} is not writable by you: check its owner and permissions", {path.string()}));
  // Vaults made before every file was 0600 are tightened on open.
  if ((st.st_mode & 077) != 0 && st.st_uid == ::geteuid()) (void)::chmod(path.c_str(), 0600);
  for (const char* suffix : {"-wal", "-shm"}) {
    const std::string side = path.string() + suffix;
    if (::lstat(side.c_str(), &st) == 0 && (st.st_mode & 077) != 0 && st.st_uid == ::geteuid())
      (void)::chmod(side.c_str(), 0600);
  }
  return {};
}

static Result<Database> open_common(const std::filesystem::path& path, bool create, sqlite3*& db,
                                    const char* vfs = nullptr) {
  COFFRE_TRY(prepare_files(path, create));
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, vfs);
  if (rc != SQLITE_OK) {
    std::string msg = "cannot open database " + path.string() + ": " + sqlite_error_message(db);
    sqlite3_close(db);
    db = nullptr;
    return make_error(rc == SQLITE_CANTOPEN && !create ? ErrorKind::NotFound : ErrorKind::IoError, msg);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 5000);
  return Database();
}

Result<Database> Database::open(Env& env, const std::filesystem::path& path, const SecretBytes& key, bool create) {
  if (key.size() != 32) return make_error(ErrorKind::Internal, "database key must be 32 bytes");
  // The real Env allows every database I/O: the shim would only add an indirection.
  std::unique_ptr<EnvVfs> vfs;
  if (&env != &Env::posix()) {
    COFFRE_ASSIGN_OR_RETURN(vfs, EnvVfs::create(env));
  }
  sqlite3* raw = nullptr;
  auto r = open_common(path, create, raw, vfs ? vfs->name() : nullptr);
  if (!r.ok()) return r;
  Database db;
  db.vfs_ = std::move(vfs);
  db.db_ = raw;
  db.path_ = path;
  {
    // The raw-key form x'<64 hex>' makes SQLCipher skip PBKDF2 (docs/design.md §4). Built in locked
    // memory and handed to sqlite3_key, so the key never passes through an SQL string.
    SecretBytes keyspec(3 + 64);
    keyspec.data()[0] = 'x';
    keyspec.data()[1] = '\'';
    crypto::to_hex_into({key.data(), key.size()}, {reinterpret_cast<char*>(keyspec.data() + 2), 64});
    keyspec.data()[66] = '\'';
    if (sqlite3_key(raw, keyspec.data(), static_cast<int>(keyspec.size())) != SQLITE_OK)
      return db.error("cannot set the database key");
  }
  COFFRE_TRY(db.exec("PRAGMA cipher_page_size = 4096"));
  // The first read decides whether the key is right (SQLITE_NOTADB otherwise).
  {
    auto probe = db.prepare("SELECT count(*) FROM sqlite_master");
    if (!probe.ok() || !probe->step().ok())
      return make_error(ErrorKind::Corruption,
                        "vault database " + path.string() + " cannot be decrypted: it is damaged or was tampered with");
  }
  // A 64 MiB page cache (SQLite's default is 2 MiB, ours was 16): a million-contact import keeps
  // the indexes it probes and extends in memory instead of decrypting them again from the WAL
  // (add_batch 33.6k -> 40.4k rows/s on import_bench rows; the import's peak RSS stays under
  // 200 MB, docs/performance.md). Memory is taken only as pages are read.
  // The WAL is checkpointed every 8192 pages (32 MiB) instead of SQLite's 1000: a bulk import
  // rewrites the same index and FTS pages batch after batch, and each checkpoint copies them back
  // to the database file (measured: +15-28% on 10,000-contact batches, docs/performance.md). An
  // erasure still checkpoints and truncates the WAL itself.
  // synchronous = FULL: in WAL mode the log is synced at every commit, so a commit that returned
  // survives a power cut. The vault's anchor (vault/anchor.h) is written after the commit returns
  // and must never be ahead of what the disk holds, or a power cut would raise a false alarm.
  COFFRE_TRY(db.exec("PRAGMA cache_size = -65536; PRAGMA secure_delete = ON; PRAGMA temp_store = MEMORY; "
                     "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 8192"));
  {
    auto wal = db.prepare("PRAGMA journal_mode = WAL");
    if (!wal.ok()) return wal.error();
    auto st = wal->step();
    if (!st.ok()) return st.error();
    if (*st && wal->column_text(0) != "wal") return db.error("cannot switch the database to WAL");
  }
  return db;
}

Result<Database> Database::open_plain(const std::filesystem::path& path) {
  sqlite3* raw = nullptr;
  auto r = open_common(path, true, raw);
  if (!r.ok()) return r;
  Database db;
  db.db_ = raw;
  db.path_ = path;
  COFFRE_TRY(db.exec("PRAGMA page_size = 4096; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; "
                     "PRAGMA cache_size = -65536; PRAGMA foreign_keys = ON; PRAGMA wal_autocheckpoint = 8192"));
  return db;
}

Status Database::exec(std::string_view sql) {
  std::string s(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite_error_message(db_);
    sqlite3_free(err);
    return make_error(kind_for(rc), "database error (" + path_.string() + "): " + msg);
  }
  return {};
}

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &st, nullptr);
  if (rc != SQLITE_OK) return make_error(kind_for(rc), "database error (" + path_.string() + "): " + sqlite_error_message(db_));
  return Statement(db_, st);
}

std::int64_t Database::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
bool Database::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

int Database::changes() const { return sqlite3_changes(db_); }

Status Database::checkpoint_truncate() {
  int rc = sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  if (rc != SQLITE_OK) return error("WAL checkpoint failed");
  return {};
}

// ---- Transaction -------------------------------------------------------------------------------
Status Transaction::begin(bool immediate) {
  nested_ = sqlite3_get_autocommit(db_.handle()) == 0;
  if (nested_) COFFRE_TRY(db_.exec("SAVEPOINT coffre_nested"));
  else COFFRE_TRY(db_.exec(immediate ? "BEGIN IMMEDIATE" : "BEGIN"));
  open_ = true;
  return {};
}
Status Transaction::commit() {
  COFFRE_TRY(db_.exec(nested_ ? "RELEASE coffre_nested" : "COMMIT"));
  open_ = false;
  return nested_ ? Status{} : db_.after_commit();
}
Transaction::~Transaction() {
  if (!open_) return;
  if (nested_) (void)db_.exec("ROLLBACK TO coffre_nested; RELEASE coffre_nested");
  else (void)db_.exec("ROLLBACK");
}

}  // namespace coffre::storage
