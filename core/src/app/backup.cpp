#include "coffre/app/backup.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>

#include "coffre/app/check.h"
#include "coffre/erasure.h"
#include "coffre/vault.h"
#include "crypto/crypto.h"
#include "services/erasure_journal.h"
#include "services/erasure_ledger.h"
#include "storage/blob_paths.h"
#include "util/files.h"
#include "vault/context.h"
#include "vault/keyslots.h"
#include "vault/ledger_file.h"
#include "coffre/i18n.h"

namespace coffre::app {
namespace fs = std::filesystem;
namespace {

constexpr char kMagic[8] = {'C', 'O', 'F', 'F', 'B', 'K', 'U', 'P'};
constexpr std::uint8_t kVersion = 1;
constexpr const char* kFormat = "coffre-backup/1";
constexpr std::size_t kPrelude = 16;
constexpr std::size_t kChunk = 64 * 1024;
constexpr std::size_t kSealed = kChunk + crypto::kStreamOverhead;
constexpr std::uint32_t kMaxHeader = 1u << 20;

std::string key_ad(const std::string& vault_id, Time created_at) {
  return "coffre-backup-key/1|" + vault_id + "|" + std::to_string(created_at);
}

crypto::Bytes chunk_ad(const std::array<std::uint8_t, 32>& digest, std::uint64_t index) {
  crypto::Bytes ad;
  ad.reserve(std::strlen(kFormat) + digest.size() + 8);
  for (const char* c = kFormat; *c; ++c) ad.push_back(static_cast<std::uint8_t>(*c));
  for (std::uint8_t b : digest) ad.push_back(b);
  for (int i = 0; i < 8; ++i) ad.push_back(static_cast<std::uint8_t>(index >> (8 * i)));
  return ad;
}

void put_le(crypto::Bytes& out, std::uint64_t v, int n) {
  for (int i = 0; i < n; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

std::uint64_t get_le(const std::uint8_t* p, int n) {
  std::uint64_t v = 0;
  for (int i = n - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

Status read_full(File& f, std::uint8_t* out, std::size_t n, std::size_t& got) {
  got = 0;
  while (got < n) {
    COFFRE_ASSIGN_OR_RETURN(std::size_t r, f.read(std::span<std::uint8_t>(out + got, n - got)));
    if (r == 0) break;
    got += r;
  }
  return {};
}

// The plaintext payload, sealed 64 KiB at a time; the SHA-256 covers every byte of the file.
class ChunkWriter {
 public:
  ChunkWriter(File& file, const SecretBytes& key, std::array<std::uint8_t, 32> digest, crypto::Sha256& sha)
      : file_(file), sealer_(key), digest_(digest), sha_(sha) {}
  Status start() { return emit(sealer_.header()); }
  Status write(crypto::ByteView data) {
    while (!data.empty()) {
      const std::size_t n = std::min(kChunk - buf_.size(), data.size());
      buf_.insert(buf_.end(), data.begin(), data.begin() + n);
      data = data.subspan(n);
      if (buf_.size() == kChunk) COFFRE_TRY(flush(false));
    }
    return {};
  }
  Status finish() { return flush(true); }
  std::uint64_t bytes() const { return bytes_; }

 private:
  Status flush(bool final) {
    out_.resize(buf_.size() + crypto::kStreamOverhead);
    sealer_.push(buf_, chunk_ad(digest_, index_++), final, out_.data());
    buf_.clear();
    return emit(out_);
  }
  Status emit(crypto::ByteView b) {
    sha_.update(b);
    bytes_ += b.size();
    return file_.append(b);
  }
  File& file_;
  crypto::StreamSealer sealer_;
  std::array<std::uint8_t, 32> digest_;
  crypto::Sha256& sha_;
  std::uint64_t index_ = 0, bytes_ = 0;
  crypto::Bytes buf_, out_;
};

class ChunkReader {
 public:
  ChunkReader(File& file, std::string name, std::uint64_t offset, std::array<std::uint8_t, 32> digest)
      : file_(file), name_(std::move(name)), offset_(offset), digest_(digest) {}
  Status start(const SecretBytes& key) {
    std::array<std::uint8_t, crypto::kStreamHeaderSize> h{};
    std::size_t got = 0;
    COFFRE_TRY(read_full(file_, h.data(), h.size(), got));
    if (got != h.size()) return bad(offset_, "ends inside the stream header (truncated)");
    COFFRE_TRY(opener_.init(key, h));
    offset_ += h.size();
    return {};
  }
  Status read(std::uint8_t* out, std::size_t n) {
    while (n > 0) {
      if (pos_ == plain_.size()) COFFRE_TRY(next());
      const std::size_t k = std::min(n, plain_.size() - pos_);
      std::memcpy(out, plain_.data() + pos_, k);
      pos_ += k;
      out += k;
      n -= k;
    }
    return {};
  }
  // After the end record: the stream must end here, in its final chunk, with nothing after it.
  Status expect_end() {
    if (pos_ != plain_.size() || !final_) return bad(offset_, "holds data after its end record");
    std::uint8_t extra = 0;
    std::size_t got = 0;
    COFFRE_TRY(read_full(file_, &extra, 1, got));
    if (got) return bad(offset_, "has bytes after its final chunk");
    return {};
  }
  std::uint64_t offset() const { return offset_; }

 private:
  Status bad(std::uint64_t at, const std::string& why) const {
    return make_error(ErrorKind::Corruption, name_ + ": backup " + why + " (at offset " + std::to_string(at) +
                                                 "); nothing was restored");
  }
  Status next() {
    if (final_) return bad(offset_, "ends before its end record (truncated)");
    sealed_.resize(kSealed);
    std::size_t got = 0;
    COFFRE_TRY(read_full(file_, sealed_.data(), kSealed, got));
    if (got == 0) return bad(offset_, "ends before its final chunk (truncated at a chunk boundary)");
    if (got <= crypto::kStreamOverhead) return bad(offset_, "ends inside chunk " + std::to_string(index_) + " (truncated)");
    plain_.resize(got - crypto::kStreamOverhead);
    bool final = false;
    if (!opener_.pull(crypto::ByteView(sealed_.data(), got), chunk_ad(digest_, index_), plain_.data(), final).ok())
      return bad(offset_, "chunk " + std::to_string(index_) +
                              " fails authentication (altered, truncated, reordered or from another backup)");
    if (!final && got != kSealed) return bad(offset_, "chunk " + std::to_string(index_) + " is short (truncated)");
    final_ = final;
    offset_ += got;
    ++index_;
    pos_ = 0;
    return {};
  }
  File& file_;
  std::string name_;
  std::uint64_t offset_;
  std::array<std::uint8_t, 32> digest_;
  crypto::StreamOpener opener_;
  crypto::Bytes sealed_, plain_;
  std::size_t pos_ = 0;
  std::uint64_t index_ = 0;
  bool final_ = false;
};

struct Header {
  std::string vault_id, keyslots, wrapped_key;
  Time created_at = 0;
  std::array<std::uint8_t, 32> digest{};
  std::uint64_t stream_offset = 0;
};

Result<Header> read_header(File& f, const fs::path& file) {
  auto bad = [&](std::uint64_t at, const std::string& why) {
    return make_error(ErrorKind::Corruption, file.string() + ": not a valid Coffre backup: " + why + " (at offset " +
                                                 std::to_string(at) + ")");
  };
  std::uint8_t pre[kPrelude];
  std::size_t got = 0;
  COFFRE_TRY(read_full(f, pre, kPrelude, got));
  if (got < 8 || std::memcmp(pre, kMagic, 8) != 0) return bad(0, "wrong magic");
  if (got < kPrelude) return bad(got, "truncated header");
  if (pre[8] != kVersion) return bad(8, "unknown version " + std::to_string(pre[8]));
  if (pre[9] || pre[10] || pre[11]) return bad(9, "reserved bytes not zero");
  const auto n = static_cast<std::uint32_t>(get_le(pre + 12, 4));
  if (n == 0 || n > kMaxHeader) return bad(12, "header length out of range");
  std::string text(n, '\0');
  COFFRE_TRY(read_full(f, reinterpret_cast<std::uint8_t*>(text.data()), n, got));
  if (got != n) return bad(kPrelude + got, "truncated header");
  Header h;
  crypto::Bytes all;
  all.reserve(kPrelude + n);
  for (std::uint8_t b : pre) all.push_back(b);
  for (char c : text) all.push_back(static_cast<std::uint8_t>(c));
  h.digest = crypto::blake2b(all);
  h.stream_offset = kPrelude + n;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return bad(kPrelude, "header is not JSON");
  try {
    if (j.at("format").get<std::string>() != kFormat) return bad(kPrelude, "unknown format");
    h.vault_id = j.at("vault_id").get<std::string>();
    h.created_at = j.at("created_at").get<Time>();
    h.keyslots = j.at("keyslots").get<std::string>();
    h.wrapped_key = j.at("wrapped_key").get<std::string>();
  } catch (const nlohmann::json::exception& e) {
    return bad(kPrelude, std::string("header field: ") + e.what());
  }
  return h;
}

Status write_all(Env& env, const fs::path& path, crypto::ByteView data) {
  OpenOptions o;
  o.access = OpenOptions::Access::Write;
  o.create = OpenOptions::Create::Exclusive;
  o.follow_symlinks = false;
  COFFRE_ASSIGN_OR_RETURN(auto f, env.open(path, o));
  COFFRE_TRY(f->append(data));
  COFFRE_TRY(f->sync());
  return f->close();
}

// A name the payload may hold: the vault's own files and blobs/XX/ID, nothing that climbs out.
bool allowed_name(const std::string& name) {
  if (name == "vault.db" || name == "anchor" || name == services::kLedgerFileName) return true;
  if (name.size() != 6 + 3 + 32 || name.rfind("blobs/", 0) != 0 || name[8] != '/') return false;
  const std::string id = name.substr(9);
  return storage::valid_blob_id(id) && name.substr(6, 2) == id.substr(0, 2);
}

struct Staged {
  fs::path dir;
  Header header;
  SecretBytes master_key;
  nlohmann::json manifest;
  std::int64_t files = 0;
};

// Removes a staging folder (its files are the vault's encrypted files, as in the backup).
void remove_staging(const fs::path& dir) {
  std::error_code ec;
  fs::remove_all(dir, ec);
}

// Opens the backup with the secret and writes its files into `dir` (created 0700, marked
// restore-incomplete first). Every chunk is authenticated; on any failure the caller removes `dir`.
Result<Staged> stage(Env& env, const fs::path& file, const BackupSecret& secret, const fs::path& dir,
                     Progress& progress, const SecretBytes* known_master_key = nullptr) {
  if (!known_master_key) known_master_key = secret.master_key;
  if (!secret.secret && !known_master_key) return make_error(ErrorKind::Usage, tr("a passphrase or recovery code is needed"));
  const bool writing = !dir.empty();
  Staged s;
  s.dir = dir;
  COFFRE_ASSIGN_OR_RETURN(auto f, env.open(file, OpenOptions{}));
  COFFRE_ASSIGN_OR_RETURN(auto info, f->info());
  COFFRE_ASSIGN_OR_RETURN(s.header, read_header(*f, file));
  if (writing) {
    COFFRE_TRY(env.make_dir(dir, 0700));
    COFFRE_TRY(write_all(env, dir / kRestoreMarker, crypto::as_bytes("a restore is in progress\n")));
    COFFRE_TRY(env.make_dir(dir / "blobs", 0700));
    COFFRE_TRY(env.sync_dir(dir));
    COFFRE_TRY(write_all(env, dir / vault::kKeySlotFileName, crypto::as_bytes(s.header.keyslots)));
  }
  auto slots = vault::parse_keyslots(s.header.keyslots, writing ? dir / vault::kKeySlotFileName : file);
  if (!slots.ok())
    return make_error(ErrorKind::Corruption, file.string() + ": the key slots in the backup's header (offset 16) are "
                                                 "damaged: " + slots.error().message);
  if (slots->vault_id != s.header.vault_id)
    return make_error(ErrorKind::Corruption, file.string() + ": the header's key slots belong to another vault");
  Result<SecretBytes> mk = make_error(ErrorKind::AuthFailed, "");
  if (known_master_key) {
    mk = SecretBytes::from(known_master_key->bytes());
  } else if (secret.recovery_code) {
    COFFRE_ASSIGN_OR_RETURN(SecretBytes code, vault::parse_recovery_code(secret.secret->view()));
    mk = vault::unlock(*slots, vault::SlotType::Recovery, code);
  } else {
    mk = vault::unlock(*slots, vault::SlotType::Passphrase, *secret.secret);
  }
  if (!mk.ok()) {
    if (mk.error().kind == ErrorKind::AuthFailed)
      return make_error(ErrorKind::AuthFailed, trf("wrong passphrase or recovery code for the backup {}", {file.string()}));
    return mk.error();
  }
  if (!vault::mac_valid(*slots, *mk))
    return make_error(ErrorKind::Corruption, file.string() + ": the key slots in the backup's header (offset 16) were "
                                                 "altered: their integrity code does not match");
  s.master_key = std::move(*mk);
  crypto::Bytes wrapped;
  if (!crypto::from_base64(s.header.wrapped_key, wrapped))
    return make_error(ErrorKind::Corruption, file.string() + ": the backup key in the header (offset 16) is damaged");
  auto bk = crypto::open(crypto::derive_subkey(s.master_key, crypto::SubkeyId::BackupKeyWrap), wrapped,
                         crypto::as_bytes(key_ad(s.header.vault_id, s.header.created_at)));
  if (!bk.ok())
    return make_error(ErrorKind::Corruption, file.string() + ": the backup key in the header (offset 16) fails "
                                                 "authentication (altered)");
  ChunkReader in(*f, file.string(), s.header.stream_offset, s.header.digest);
  COFFRE_TRY(in.start(*bk));
  progress.start(tr("Reading backup"), info.size);
  crypto::Bytes buf(kChunk);
  for (bool seen_manifest = false;;) {
    std::uint8_t kind = 0;
    COFFRE_TRY(in.read(&kind, 1));
    if (kind == 'E') break;
    if (kind == 'M' && !seen_manifest) {
      std::uint8_t len[4];
      COFFRE_TRY(in.read(len, 4));
      const auto n = get_le(len, 4);
      if (n > kMaxHeader) return make_error(ErrorKind::Corruption, file.string() + ": manifest too large");
      std::string text(n, '\0');
      COFFRE_TRY(in.read(reinterpret_cast<std::uint8_t*>(text.data()), n));
      s.manifest = nlohmann::json::parse(text, nullptr, false);
      if (!s.manifest.is_object() || s.manifest.value("vault_id", "") != s.header.vault_id)
        return make_error(ErrorKind::Corruption, file.string() + ": the manifest does not match the header");
      seen_manifest = true;
      continue;
    }
    if (kind != 'F' || !seen_manifest)
      return make_error(ErrorKind::Corruption, file.string() + ": unexpected record in the backup near offset " +
                                                   std::to_string(in.offset()));
    std::uint8_t len[2];
    COFFRE_TRY(in.read(len, 2));
    std::string name(get_le(len, 2), '\0');
    COFFRE_TRY(in.read(reinterpret_cast<std::uint8_t*>(name.data()), name.size()));
    if (!allowed_name(name))
      return make_error(ErrorKind::Corruption, file.string() + ": the backup names an unexpected file \"" + name + "\"");
    std::uint8_t sz[8];
    COFFRE_TRY(in.read(sz, 8));
    std::uint64_t left = get_le(sz, 8);
    std::unique_ptr<File> w;
    if (writing) {
      const fs::path out = dir / name;
      if (name.rfind("blobs/", 0) == 0 && !env.exists(out.parent_path())) {
        COFFRE_TRY(env.make_dir(out.parent_path(), 0700));
      }
      OpenOptions o;
      o.access = OpenOptions::Access::Write;
      o.create = OpenOptions::Create::Exclusive;
      o.follow_symlinks = false;
      o.mode = 0600;
      auto opened = env.open(out, o);
      if (!opened.ok()) {
        if (opened.error().kind == ErrorKind::Conflict || env.exists(out))
          return make_error(ErrorKind::Corruption, file.string() + ": the backup holds \"" + name + "\" twice");
        return opened.error();
      }
      w = std::move(*opened);
    }
    while (left > 0) {
      const std::size_t k = static_cast<std::size_t>(std::min<std::uint64_t>(left, kChunk));
      COFFRE_TRY(in.read(buf.data(), k));
      if (w) COFFRE_TRY(w->append(crypto::ByteView(buf.data(), k)));
      left -= k;
      progress.advance(in.offset());
    }
    if (w) {
      COFFRE_TRY(w->sync());
      COFFRE_TRY(w->close());
    }
    ++s.files;
  }
  COFFRE_TRY(in.expect_end());
  progress.finish();
  if (s.manifest.is_null())
    return make_error(ErrorKind::Corruption, file.string() + ": the backup has no manifest");
  if (s.manifest.value("files", std::int64_t{-1}) != s.files)
    return make_error(ErrorKind::Corruption, file.string() + ": the backup holds " + std::to_string(s.files) +
                                                 " files where its manifest says " +
                                                 std::to_string(s.manifest.value("files", std::int64_t{-1})));
  if (writing)
    for (const auto& d : {dir, dir / "blobs"})
      if (env.exists(d)) COFFRE_TRY(env.sync_dir(d));
  return s;
}

fs::path sibling(const fs::path& target, const std::string& what, Env& env) {
  return target.parent_path() / ("." + target.filename().string() + "." + what + "-" + env.random_hex(6));
}

// Opens the staged vault as the user would (the same secret), allowed past the restore marker.
Result<std::unique_ptr<Session>> open_staged(Staged& s, const BackupSecret& secret, PluginHost& plugins,
                                             const SessionOptions& options) {
  VaultOptions vo = vault_options(plugins, options);
  vo.restoring = true;
  (void)secret;  // the master key it unlocked is at hand: no second key derivation
  COFFRE_ASSIGN_OR_RETURN(auto vault, Vault::open_with_key(s.dir, SecretBytes::from(s.master_key.bytes()), vo));
  return Session::adopt(std::move(vault), plugins);
}

}  // namespace

Result<BackupInfo> read_backup_header(Env& env, const fs::path& file) {
  COFFRE_ASSIGN_OR_RETURN(auto f, env.open(file, OpenOptions{}));
  COFFRE_ASSIGN_OR_RETURN(auto info, f->info());
  COFFRE_ASSIGN_OR_RETURN(auto h, read_header(*f, file));
  BackupInfo b;
  b.file = file;
  b.vault_id = h.vault_id;
  b.created_at = h.created_at;
  b.bytes = info.size;
  return b;
}

Result<BackupReport> create_backup(Session& session, const fs::path& file, Progress& progress) {
  auto& ctx = session.vault().context();
  Env& env = *ctx.env;
  if (file.filename().empty()) return make_error(ErrorKind::Usage, tr("backup create: FILE names a folder"));
  if (env.exists(file)) return make_error(ErrorKind::Conflict, trf("{} already exists: not overwritten", {file.string()}));
  // Hold off every writer: erasures (they shred blobs), document adds, then commits.
  services::ErasureLock erasing;
  COFFRE_TRY(erasing.acquire(env, ctx.dir, true));
  util::FileLock documents;
  COFFRE_TRY(documents.acquire(env, ctx.dir / "documents.lock", util::FileLock::Mode::Exclusive, true,
                               "a document is being added"));
  bool snapshot = false;
  for (int attempt = 0; attempt < 20 && !snapshot; ++attempt) {
    COFFRE_TRY(ctx.db.checkpoint_truncate());
    COFFRE_TRY(ctx.db.exec("BEGIN IMMEDIATE"));
    auto wal = env.stat(ctx.dir / "vault.db-wal", false);
    if (!wal.ok() || wal->size == 0) {
      snapshot = true;
    } else {
      COFFRE_TRY(ctx.db.exec("ROLLBACK"));  // a commit slipped in between: checkpoint again
    }
  }
  if (!snapshot) return make_error(ErrorKind::Conflict, tr("the vault is too busy to take a consistent snapshot"));
  struct Rollback {
    storage::Database& db;
    bool open = true;
    ~Rollback() {
      if (open) (void)db.exec("ROLLBACK");
    }
  } rollback{ctx.db};

  auto count = [&](const char* sql) -> Result<std::int64_t> {
    COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare(sql));
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    return row ? st.column_int(0) : 0;
  };
  BackupReport report;
  report.file = file;
  COFFRE_ASSIGN_OR_RETURN(report.contacts, count("SELECT count(*) FROM contacts"));
  COFFRE_ASSIGN_OR_RETURN(report.documents, count("SELECT count(*) FROM documents WHERE pending = 0"));

  // The files: the database, the anchor, the ledger, every blob.
  std::vector<std::pair<std::string, fs::path>> files = {{"vault.db", ctx.db_path()}};
  for (const char* name : {"anchor", services::kLedgerFileName})
    if (env.exists(ctx.dir / name)) files.emplace_back(name, ctx.dir / name);
  if (env.exists(ctx.blob_dir())) {
    COFFRE_ASSIGN_OR_RETURN(auto subdirs, env.list_dir(ctx.blob_dir()));
    std::sort(subdirs.begin(), subdirs.end());
    for (const auto& sub : subdirs) {
      auto names = env.list_dir(ctx.blob_dir() / sub);
      if (!names.ok()) continue;  // not a folder
      std::sort(names->begin(), names->end());
      for (const auto& n : *names) {
        const std::string rel = "blobs/" + sub + "/" + n;
        if (allowed_name(rel)) files.emplace_back(rel, ctx.blob_dir() / sub / n);
      }
    }
  }
  std::uint64_t total = 0;
  for (const auto& [name, path] : files) {
    COFFRE_ASSIGN_OR_RETURN(auto st, env.stat(path, false));
    total += st.size;
  }
  std::int64_t ledger_records = 0;
  {
    COFFRE_ASSIGN_OR_RETURN(auto ledger, services::read_ledger(env, ctx.dir / services::kLedgerFileName,
                                                               ctx.slots.vault_id, ctx.audit_key.public_key));
    ledger_records = static_cast<std::int64_t>(ledger.records.size());
  }

  // The header.
  const Time created_at = ctx.clock->now();
  crypto::Bytes raw = crypto::random_bytes(crypto::kKeySize);
  const SecretBytes bk = SecretBytes::from(crypto::ByteView(raw));
  std::fill(raw.begin(), raw.end(), 0);
  const crypto::Bytes wrapped = crypto::seal(crypto::derive_subkey(ctx.master_key, crypto::SubkeyId::BackupKeyWrap),
                                             crypto::ByteView(bk.data(), bk.size()),
                                             crypto::as_bytes(key_ad(ctx.slots.vault_id, created_at)));
  const nlohmann::json header = {{"format", kFormat},
                                 {"vault_id", ctx.slots.vault_id},
                                 {"created_at", created_at},
                                 {"keyslots", vault::serialize_keyslots(ctx.slots)},
                                 {"wrapped_key", crypto::to_base64(wrapped)}};
  const std::string htext = header.dump();
  crypto::Bytes prelude;
  prelude.reserve(kPrelude + htext.size());
  for (char c : kMagic) prelude.push_back(static_cast<std::uint8_t>(c));
  prelude.push_back(kVersion);
  for (int i = 0; i < 3; ++i) prelude.push_back(0);
  put_le(prelude, htext.size(), 4);
  for (char c : htext) prelude.push_back(static_cast<std::uint8_t>(c));
  const auto digest = crypto::blake2b(prelude);

  const fs::path tmp = file.parent_path() / ("." + file.filename().string() + "." + env.random_hex(6) + ".tmp");
  OpenOptions o;
  o.access = OpenOptions::Access::Write;
  o.create = OpenOptions::Create::Exclusive;
  o.follow_symlinks = false;
  COFFRE_ASSIGN_OR_RETURN(auto out, env.open(tmp, o));
  struct RemoveTemp {
    Env& env;
    fs::path path;
    bool keep = false;
    ~RemoveTemp() {
      if (!keep) (void)env.remove(path);
    }
  } guard{env, tmp};
  crypto::Sha256 sha;
  sha.update(prelude);
  COFFRE_TRY(out->append(prelude));
  ChunkWriter w(*out, bk, digest, sha);
  COFFRE_TRY(w.start());
  {
    const nlohmann::json manifest = {{"vault_id", ctx.slots.vault_id}, {"created_at", created_at},
                                     {"contacts", report.contacts},   {"documents", report.documents},
                                     {"files", files.size()},         {"ledger_records", ledger_records}};
    const std::string m = manifest.dump();
    crypto::Bytes rec{'M'};
    put_le(rec, m.size(), 4);
    rec.insert(rec.end(), m.begin(), m.end());
    COFFRE_TRY(w.write(rec));
  }
  progress.start(tr("Backing up"), total);
  std::uint64_t done = 0;
  crypto::Bytes buf(kChunk);
  for (const auto& [name, path] : files) {
    COFFRE_ASSIGN_OR_RETURN(auto in, env.open(path, OpenOptions{}));
    COFFRE_ASSIGN_OR_RETURN(auto info, in->info());
    crypto::Bytes rec{'F'};
    put_le(rec, name.size(), 2);
    rec.insert(rec.end(), name.begin(), name.end());
    put_le(rec, info.size, 8);
    COFFRE_TRY(w.write(rec));
    std::uint64_t left = info.size;
    while (left > 0) {
      std::size_t got = 0;
      const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(left, kChunk));
      COFFRE_TRY(read_full(*in, buf.data(), want, got));
      if (got != want)
        return make_error(ErrorKind::IoError, path.string() + " changed size while it was backed up");
      COFFRE_TRY(w.write(crypto::ByteView(buf.data(), got)));
      left -= got;
      done += got;
      progress.advance(done);
    }
  }
  const std::uint8_t end = 'E';
  COFFRE_TRY(w.write(crypto::ByteView(&end, 1)));
  COFFRE_TRY(w.finish());
  COFFRE_TRY(out->sync());
  COFFRE_TRY(out->close());
  COFFRE_TRY(env.rename(tmp, file));
  guard.keep = true;
  COFFRE_TRY(env.sync_dir(file.parent_path().empty() ? fs::path(".") : file.parent_path()));
  progress.finish();
  report.bytes = prelude.size() + w.bytes();
  report.sha256 = crypto::to_hex(sha.finish());
  // A copy of everyone's data now exists outside the vault: the audit log says when, how much and
  // which file (by its SHA-256; the name is the user's, not a person's). The snapshot's read
  // transaction ends first, so the entry is not in the backup it describes.
  rollback.open = false;
  COFFRE_TRY(ctx.db.exec("ROLLBACK"));
  {
    storage::Transaction tx(ctx.db);
    COFFRE_TRY(tx.begin());
    COFFRE_TRY(ctx.audit->append("backup.create", std::nullopt,
                                 "created_at=" + std::to_string(created_at) + " contacts=" +
                                     std::to_string(report.contacts) + " documents=" + std::to_string(report.documents) +
                                     " bytes=" + std::to_string(report.bytes) + " sha256=" + report.sha256));
    COFFRE_TRY(tx.commit());
  }
  return report;
}

Result<BackupInfo> verify_backup(const fs::path& file, const BackupSecret& secret, PluginHost& plugins,
                                 Progress& progress, const SessionOptions& options) {
  Env& env = options.env ? *options.env : Env::posix();
  COFFRE_ASSIGN_OR_RETURN(auto info, read_backup_header(env, file));
  const fs::path dir = sibling(fs::absolute(file), "verify", env);
  struct Cleanup {
    fs::path dir;
    ~Cleanup() { remove_staging(dir); }
  } cleanup{dir};
  COFFRE_ASSIGN_OR_RETURN(auto staged, stage(env, file, secret, dir, progress));
  {
    COFFRE_ASSIGN_OR_RETURN(auto session, open_staged(staged, secret, plugins, options));
    COFFRE_ASSIGN_OR_RETURN(auto checked, check(*session, false, progress));
    std::string failed;
    for (const auto& i : checked.report.items)
      if (!i.ok) failed += (failed.empty() ? "" : "; ") + i.name + ": " + (i.said.empty() ? i.detail : i.said);
    if (!failed.empty())
      return make_error(ErrorKind::Corruption, file.string() + ": the backed-up vault fails its check: " + failed);
  }
  info.contacts = staged.manifest.value("contacts", std::int64_t{-1});
  info.documents = staged.manifest.value("documents", std::int64_t{-1});
  info.ledger_records = staged.manifest.value("ledger_records", std::int64_t{-1});
  info.files = staged.files;
  return info;
}

Result<RestoreReport> restore_backup(const RestoreRequest& request, const BackupSecret& secret, PluginHost& plugins,
                                     Progress& progress, const SessionOptions& options) {
  Env& env = options.env ? *options.env : Env::posix();
  const fs::path to = fs::absolute(request.to).lexically_normal();
  if (to.filename().empty()) return make_error(ErrorKind::Usage, tr("--to must name a folder"));
  if (auto st = env.stat(to, false); st.ok()) {
    if (st->type != FileType::Directory) return make_error(ErrorKind::Conflict, trf("{} exists and is not a folder", {to.string()}));
    COFFRE_ASSIGN_OR_RETURN(auto names, env.list_dir(to));
    if (!names.empty())
      return make_error(ErrorKind::Conflict, trf("{} is not empty: a backup is restored only into a new, empty folder, never "
                                                               "over a vault",
                                                               {to.string()}));
  }
  COFFRE_ASSIGN_OR_RETURN(auto info, read_backup_header(env, request.file));
  if (!request.ledger && !request.accept_resurrection_risk)
    return make_error(ErrorKind::Conflict,
                      trf("refusing to restore without an erasure ledger newer than the backup: the backup was taken "
                          "at {}; anyone erased since then would come back (their contact, notes, interactions, "
                          "documents and subject key) and an objection made since would no longer keep them out. Give "
                          "the live vault's ledger (--ledger VAULT/erasure-ledger) or a newer backup's, or "
                          "--accept-resurrection-risk. Nothing was restored",
                          {format_utc(info.created_at)}));
  const fs::path dir = sibling(to, "restore", env);
  struct Cleanup {
    fs::path dir;
    bool keep = false;
    ~Cleanup() {
      if (!keep) remove_staging(dir);
    }
  } cleanup{dir};
  COFFRE_ASSIGN_OR_RETURN(auto staged, stage(env, request.file, secret, dir, progress));
  RestoreReport report;
  report.dir = to;
  report.contacts = staged.manifest.value("contacts", std::int64_t{0});
  report.documents = staged.manifest.value("documents", std::int64_t{0});
  report.resurrection_risk_accepted = !request.ledger;
  {
    COFFRE_ASSIGN_OR_RETURN(auto session, open_staged(staged, secret, plugins, options));
    auto& ctx = session->vault().context();
    const fs::path ledger_path = dir / services::kLedgerFileName;
    COFFRE_ASSIGN_OR_RETURN(auto old, services::read_ledger(env, ledger_path, ctx.slots.vault_id, ctx.audit_key.public_key));
    if (request.ledger) {
      auto given = services::read_ledger(env, *request.ledger, ctx.slots.vault_id, ctx.audit_key.public_key);
      if (!given.ok())
        return make_error(given.error().kind == ErrorKind::NotFound ? ErrorKind::NotFound : ErrorKind::Corruption,
                          trf("--ledger {0}: {1} (a ledger of this vault, checked with its key). Nothing was restored",
                              {request.ledger->string(), given.error().message}));
      if (!env.exists(*request.ledger))
        return make_error(ErrorKind::NotFound, trf("--ledger {}: no such file", {request.ledger->string()}));
      if (given->genesis_hash != old.genesis_hash)
        return make_error(ErrorKind::Conflict, trf("--ledger {} is not this vault's ledger (it starts differently). Nothing was restored",
                                                       {request.ledger->string()}));
      if (given->records.size() < old.records.size() ||
          (!old.records.empty() && given->records[old.records.size() - 1].hash != old.records.back().hash))
        return make_error(ErrorKind::Conflict, trf("--ledger {0} is older than the backup or not its continuation (it holds {1} erasures, "
                                                       "the backup {2}). Nothing was restored",
                                                       {request.ledger->string(), std::to_string(given->records.size()),
                                                        std::to_string(old.records.size())}));
      // The restored vault keeps the newest ledger, so the replays below find their records.
      COFFRE_ASSIGN_OR_RETURN(std::string text, util::read_small_file(env, *request.ledger, 256u << 20));
      COFFRE_TRY(util::write_file_atomic(env, ledger_path, std::string_view(text).substr(0, given->valid_bytes)));
      ctx.ledger_tail = {};
      const std::vector<services::LedgerRecord> after(given->records.begin() + old.records.size(), given->records.end());
      report.ledger_records_after_backup = static_cast<std::int64_t>(after.size());
      for (const auto& r : after) {
        // What outlives the person (their objection) comes from the ledger's hashes, which may
        // name addresses the backup never held.
        if (r.reason == ErasureReason::Objection || r.reason == ErasureReason::Request) {
          storage::Transaction tx(ctx.db);
          COFFRE_TRY(tx.begin());
          COFFRE_ASSIGN_OR_RETURN(auto ins, ctx.db.prepare("INSERT OR IGNORE INTO suppression(kind, hash, added_at) "
                                                           "VALUES(?,?,?)"));
          for (const auto* list : {&r.email_hashes, &r.phone_hashes})
            for (const auto& h : *list) {
              crypto::Bytes b;
              if (!crypto::from_hex(h, b)) return make_error(ErrorKind::Corruption, "ledger: bad hash");
              ins.reset();
              COFFRE_TRY(ins.bind(1, list == &r.email_hashes ? "email" : "phone").bind_blob(2, b.data(), b.size())
                             .bind(3, r.at).run());
            }
          COFFRE_TRY(tx.commit());
        }
        COFFRE_ASSIGN_OR_RETURN(auto who, ctx.db.prepare("SELECT id FROM contacts WHERE pseudonym = ?"));
        who.bind(1, r.subject);
        COFFRE_ASSIGN_OR_RETURN(bool found, who.step());
        if (!found) continue;  // added after the backup: nothing of them is in it
        const Id id = who.column_int(0);
        who.reset();
        ErasureOptions eo;
        eo.at_restore = true;
        eo.override_hold = "erased after the backup was taken; replayed at restore";
        COFFRE_ASSIGN_OR_RETURN(auto proofs, erase_contacts(session->vault(), {id}, r.reason, NullProgress::instance(), eo));
        for (auto& p : proofs) report.certificates.push_back(std::move(p.certificate));
      }
    }
    {
      storage::Transaction tx(ctx.db);
      COFFRE_TRY(tx.begin());
      COFFRE_TRY(ctx.audit->append("backup.restore", std::nullopt,
                                   "backup_created_at=" + std::to_string(info.created_at) + " replayed=" +
                                       std::to_string(report.certificates.size()) +
                                       (request.ledger ? "" : " resurrection_risk_accepted=yes")));
      COFFRE_TRY(tx.commit());
    }
    COFFRE_TRY(ctx.db.checkpoint_truncate());
  }
  COFFRE_TRY(env.remove(dir / kRestoreMarker));
  COFFRE_TRY(env.sync_dir(dir));
  COFFRE_TRY(env.rename(dir, to));
  cleanup.keep = true;
  COFFRE_TRY(env.sync_dir(to.parent_path()));
  return report;
}

namespace {

// The files of DIR that start as a backup (magic and a readable header), not the temp files of a
// create in progress (".NAME.RANDOM.tmp"), oldest first.
Result<std::vector<std::pair<fs::path, Header>>> backups_in(Env& env, const fs::path& dir) {
  auto st = env.stat(dir, true);
  if (!st.ok() || st->type != FileType::Directory)
    return make_error(ErrorKind::NotFound, trf("{}: no such folder", {dir.string()}));
  COFFRE_ASSIGN_OR_RETURN(auto names, env.list_dir(dir));
  std::sort(names.begin(), names.end());
  std::vector<std::pair<fs::path, Header>> out;
  for (const auto& n : names) {
    if (n.empty() || n[0] == '.') continue;
    const fs::path path = dir / n;
    auto fst = env.stat(path, false);
    if (!fst.ok() || fst->type != FileType::Regular) continue;
    auto f = env.open(path, OpenOptions{});
    if (!f.ok()) continue;
    auto h = read_header(**f, path);
    if (!h.ok()) continue;
    out.emplace_back(path, std::move(*h));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second.created_at < b.second.created_at; });
  return out;
}

// True when the header's wrapped key opens with this master key: its vault id and date are then
// the vault's own (they are the key's associated data).
bool header_authentic(const Header& h, const SecretBytes& master_key) {
  crypto::Bytes wrapped;
  if (!crypto::from_base64(h.wrapped_key, wrapped)) return false;
  return crypto::open(crypto::derive_subkey(master_key, crypto::SubkeyId::BackupKeyWrap), wrapped,
                      crypto::as_bytes(key_ad(h.vault_id, h.created_at)))
      .ok();
}

Result<std::string> file_sha256(Env& env, const fs::path& path) {
  COFFRE_ASSIGN_OR_RETURN(auto f, env.open(path, OpenOptions{}));
  crypto::Sha256 sha;
  crypto::Bytes buf(1 << 16);
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(std::size_t n, f->read(buf));
    if (n == 0) break;
    sha.update(crypto::ByteView(buf.data(), n));
  }
  return crypto::to_hex(sha.finish());
}

constexpr const char* kRetentionMetaKey = vault::kBackupRetentionMetaKey;

}  // namespace

namespace {

// `only_vault`: the vault `secret.master_key` belongs to; another's backups are not opened.
Result<std::vector<BackupListEntry>> list_in(Env& env, const fs::path& dir, const BackupSecret& secret,
                                             Progress& progress, const std::string& only_vault) {
  COFFRE_ASSIGN_OR_RETURN(auto found, backups_in(env, dir));
  std::map<std::string, SecretBytes> keys;  // key-slot text -> master key: one derivation per set
  std::vector<BackupListEntry> out;
  progress.start(tr("Checking backups"), found.size());
  std::uint64_t done = 0;
  for (auto& [path, h] : found) {
    BackupListEntry e;
    e.info.file = path;
    e.info.vault_id = h.vault_id;
    e.info.created_at = h.created_at;
    if (auto st = env.stat(path, false); st.ok()) e.info.bytes = st->size;
    if (!only_vault.empty() && h.vault_id != only_vault) {
      e.problem = trf("a backup of another vault ({}): its passphrase opens it (--no-agent)", {h.vault_id});
      out.push_back(std::move(e));
      progress.advance(++done);
      continue;
    }
    auto known = keys.find(h.keyslots);
    auto staged = stage(env, path, secret, fs::path(), NullProgress::instance(),
                        known == keys.end() ? nullptr : &known->second);
    if (staged.ok()) {
      e.verified = true;
      e.info.contacts = staged->manifest.value("contacts", std::int64_t{-1});
      e.info.documents = staged->manifest.value("documents", std::int64_t{-1});
      e.info.ledger_records = staged->manifest.value("ledger_records", std::int64_t{-1});
      e.info.files = staged->files;
      if (known == keys.end()) keys.emplace(h.keyslots, std::move(staged->master_key));
    } else {
      e.problem = staged.error().message;
    }
    out.push_back(std::move(e));
    progress.advance(++done);
  }
  progress.finish();
  return out;
}

}  // namespace

Result<std::vector<BackupListEntry>> list_backups(const fs::path& dir, const BackupSecret& secret, Progress& progress,
                                                  const SessionOptions& options) {
  return list_in(options.env ? *options.env : Env::posix(), dir, secret, progress, "");
}

Result<std::vector<BackupListEntry>> list_backups(Session& session, const fs::path& dir, Progress& progress) {
  auto& ctx = session.vault().context();
  BackupSecret secret;
  secret.master_key = &ctx.master_key;
  return list_in(*ctx.env, dir, secret, progress, ctx.slots.vault_id);
}

Result<PruneReport> plan_prune(Session& session, const fs::path& dir, Time keep_seconds) {
  auto& ctx = session.vault().context();
  Env& env = *ctx.env;
  if (keep_seconds <= 0) return make_error(ErrorKind::Usage, tr("--keep must be at least one day"));
  COFFRE_ASSIGN_OR_RETURN(auto found, backups_in(env, dir));
  const Time now = ctx.clock->now();
  PruneReport report;
  report.keep_days = keep_seconds / 86400;
  for (auto& [path, h] : found) {
    if (h.vault_id != ctx.slots.vault_id || !header_authentic(h, ctx.master_key)) continue;  // never another's
    if (h.created_at + keep_seconds >= now) {
      ++report.kept;
      continue;
    }
    PruneEntry e;
    e.file = path;
    e.created_at = h.created_at;
    if (auto st = env.stat(path, false); st.ok()) e.bytes = st->size;
    report.pruned.push_back(std::move(e));
  }
  return report;
}

Result<PruneReport> prune_backups(Session& session, const fs::path& dir, Time keep_seconds, Progress& progress) {
  COFFRE_ASSIGN_OR_RETURN(auto report, plan_prune(session, dir, keep_seconds));
  auto& ctx = session.vault().context();
  Env& env = *ctx.env;
  progress.start(tr("Shredding old backups"), report.pruned.size());
  std::uint64_t done = 0;
  std::string shas;
  for (auto& e : report.pruned) {
    COFFRE_ASSIGN_OR_RETURN(e.sha256, file_sha256(env, e.file));
    // The path the vault shreds its own blobs with: the shredder plugin when enabled.
    if (auto st = session.vault().blob_shredder().shred(e.file); st.ok() && !env.exists(e.file)) {
      e.shredded = true;
      shas += (shas.empty() ? "" : ",") + e.sha256;
    } else {
      e.note = st.ok() ? "still there after shredding" : st.message();
      ++report.failed;
    }
    progress.advance(++done);
  }
  progress.finish();
  {
    storage::Transaction tx(ctx.db);
    COFFRE_TRY(tx.begin());
    COFFRE_ASSIGN_OR_RETURN(auto set, ctx.db.prepare("INSERT OR REPLACE INTO vault_meta(key, value) VALUES(?, ?)"));
    COFFRE_TRY(set.bind(1, kRetentionMetaKey).bind(2, std::to_string(report.keep_days)).run());
    COFFRE_TRY(ctx.audit->append("backup.prune", std::nullopt,
                                 "keep_days=" + std::to_string(report.keep_days) + " shredded=" +
                                     std::to_string(report.pruned.size() - report.failed) + " failed=" +
                                     std::to_string(report.failed) + " kept=" + std::to_string(report.kept) +
                                     (shas.empty() ? "" : " sha256=" + shas)));
    COFFRE_TRY(tx.commit());
  }
  if (report.failed > 0)
    for (const auto& e : report.pruned)
      if (!e.shredded)
        return make_error(ErrorKind::IoError, trf("{0} could not be shredded ({1}); {2} of {3} old backups are still there",
                                                      {e.file.string(), e.note, std::to_string(report.failed),
                                                       std::to_string(report.pruned.size())}));
  return report;
}

Result<std::optional<std::int64_t>> backup_retention_days(Session& session) {
  auto& ctx = session.vault().context();
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("SELECT value FROM vault_meta WHERE key = ?"));
  st.bind(1, kRetentionMetaKey);
  COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return std::optional<std::int64_t>{};
  return std::optional<std::int64_t>{std::stoll(st.column_text(0))};
}

}  // namespace coffre::app
