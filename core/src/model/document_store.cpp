#include <cstring>

#include "coffre/i18n.h"
#include <ctime>
#include <optional>
#include <utility>
#include <vector>

#include "coffre/documents.h"
#include "model/subject_keys.h"
#include "storage/blob_format.h"
#include "storage/blob_paths.h"
#include "util/files.h"
#include "storage/shred.h"

namespace coffre {
namespace fs = std::filesystem;
namespace {

// DIR/documents.lock tells a running add from an interrupted one: adds hold it shared (waiting
// while a clean-up runs), clean_interrupted exclusively (refusing while an add runs).
Status lock_documents(detail::VaultContext& ctx, util::FileLock& lock, util::FileLock::Mode mode) {
  return lock.acquire(*ctx.env, ctx.dir / "documents.lock", mode, /*wait=*/mode == util::FileLock::Mode::Shared,
                      "a document is being added to this vault right now: try again when it is done");
}

struct DocRow {
  Document doc;
  std::string blob_id, pseudonym;
  bool pending = false;
  std::optional<std::vector<std::uint8_t>> wrapped_key;  // a document under a key of its own
};

constexpr const char* kSelectRow =
    "SELECT d.id, d.contact_id, d.name, d.size, d.sha256, d.added_at, d.blob_id, c.pseudonym, d.pending, "
    "d.kind, d.dated_at, d.keep_until, d.wrapped_key FROM documents d JOIN contacts c ON c.id = d.contact_id ";
// A kept document read as a row of the same shape (contact 0: its person is gone).
constexpr const char* kSelectKept =
    "SELECT k.id, 0, k.name, k.size, k.sha256, k.added_at, k.blob_id, k.subject, 0, k.kind, k.dated_at, "
    "k.keep_until, k.wrapped_key, k.kept_at FROM kept_documents k ";

DocumentKind kind_of(const std::string& text) { return parse_document_kind(text).value_or(DocumentKind::Other); }

DocRow read_row(const storage::Statement& st) {
  DocRow r;
  r.doc.id = st.column_int(0);
  r.doc.contact_id = st.column_int(1);
  r.doc.name = st.column_text(2);
  r.doc.size = st.column_int(3);
  r.doc.sha256 = st.column_text(4);
  r.doc.added_at = st.column_int(5);
  r.blob_id = st.column_text(6);
  r.pseudonym = st.column_text(7);
  r.pending = st.column_int(8) != 0;
  r.doc.kind = kind_of(st.column_text(9));
  r.doc.dated_at = st.column_opt_int(10);
  r.doc.keep_until = st.column_opt_int(11);
  if (!st.column_is_null(12)) r.wrapped_key = st.column_blob(12);
  return r;
}

KeptDocument kept_of(const DocRow& r, Time kept_at) {
  return {r.doc.id, r.pseudonym, r.doc.kind, r.doc.name, r.doc.size, r.doc.sha256, r.doc.added_at, r.doc.dated_at,
          r.doc.keep_until.value_or(0), kept_at};
}

// A document under a key of its own (an accounting record) has it wrapped by the subject wrap key
// and bound to its blob name, so that it opens without its person's key (kept past erasure).
std::string own_key_ad(const std::string& blob_id) { return "coffre-kept-document/1:" + blob_id; }

Result<std::string> contact_pseudonym(detail::VaultContext& ctx, Id contact_id) {
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("SELECT pseudonym FROM contacts WHERE id = ?"));
  st.bind(1, contact_id);
  COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return make_error(ErrorKind::NotFound, trf("no contact with id {}", {std::to_string(contact_id)}));
  return st.column_text(0);
}

Result<DocRow> load_row(detail::VaultContext& ctx, Id doc_id) {
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare(std::string(kSelectRow) + "WHERE d.id = ? AND d.pending = 0"));
  st.bind(1, doc_id);
  COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
  if (row) return read_row(st);
  COFFRE_ASSIGN_OR_RETURN(auto kept, ctx.db.prepare(std::string(kSelectKept) + "WHERE k.id = ?"));
  kept.bind(1, doc_id);
  COFFRE_ASSIGN_OR_RETURN(bool found, kept.step());
  if (!found) return make_error(ErrorKind::NotFound, trf("no document with id {}", {std::to_string(doc_id)}));
  return read_row(kept);
}

Result<std::vector<std::pair<DocRow, Time>>> kept_rows(detail::VaultContext& ctx, const std::string& where,
                                                       std::optional<Time> bound) {
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare(std::string(kSelectKept) + where + " ORDER BY k.id"));
  if (bound) st.bind(1, *bound);
  std::vector<std::pair<DocRow, Time>> out;
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    out.emplace_back(read_row(st), st.column_int(13));
  }
  return out;
}

std::string describe(detail::VaultContext& ctx, const DocRow& r) {
  return "document " + std::to_string(r.doc.id) + " (blob " + storage::blob_path(ctx.blob_dir(), r.blob_id).string() + ")";
}

// Decrypts one document into `sink` and checks its size and SHA-256 against the row.
Status decrypt_checked(detail::VaultContext& ctx, const DocRow& r, const storage::PlaintextSink& sink, Progress& progress) {
  const std::string what = describe(ctx, r);
  Result<SecretBytes> key = r.wrapped_key ? crypto::open(ctx.subject_wrap_key, *r.wrapped_key,
                                                         crypto::as_bytes(own_key_ad(r.blob_id)))
                                           : model::subject_key(ctx, r.doc.contact_id, r.pseudonym);
  if (key.ok() && key->size() != crypto::kKeySize)
    key = make_error(ErrorKind::Corruption, "its key has the wrong size");
  if (!key.ok())
    return make_error(ErrorKind::Corruption,
                      what + ": " + (r.wrapped_key ? "its own key does not open: the row was altered or moved"
                                                   : key.error().message));
  const auto path = storage::blob_path(ctx.blob_dir(), r.blob_id);
  OpenOptions o;
  o.follow_symlinks = false;
  auto in = ctx.env->open(path, o);
  if (!in.ok()) return make_error(ErrorKind::Corruption, what + " cannot be opened: " + in.error().message);
  COFFRE_ASSIGN_OR_RETURN(auto digest,
                          storage::open_blob(**in, *key, r.blob_id, what, sink, progress,
                                             static_cast<std::uint64_t>(r.doc.size)));
  if (digest.size != static_cast<std::uint64_t>(r.doc.size))
    return make_error(ErrorKind::Corruption, what + " decrypted to " + std::to_string(digest.size) +
                                                 " bytes, not the " + std::to_string(r.doc.size) + " recorded");
  if (crypto::to_hex(digest.sha256) != r.doc.sha256)
    return make_error(ErrorKind::Corruption, what + " decrypted to content whose SHA-256 differs from the one recorded");
  return {};
}

// Writes the blob as blobs/xx/.<id>.tmp, syncs it, renames it into place and syncs the folder.
Result<storage::BlobDigest> write_blob(detail::VaultContext& ctx, File& in, const SecretBytes& key,
                                       const std::string& blob_id, const fs::path& file, Progress& progress,
                                       std::uint64_t size) {
  const auto final_path = storage::blob_path(ctx.blob_dir(), blob_id);
  const auto tmp = storage::blob_temp_path(ctx.blob_dir(), blob_id);
  Env& env = *ctx.env;
  COFFRE_TRY(util::make_private_dir(env, final_path.parent_path()));
  OpenOptions o;
  o.access = OpenOptions::Access::Write;
  o.create = OpenOptions::Create::Exclusive;
  o.follow_symlinks = false;
  o.mode = 0600;
  auto out = env.open(tmp, o);
  if (!out.ok()) return make_error(ErrorKind::IoError, "cannot create " + tmp.string() + ": " + out.error().message);
  auto digest = storage::seal_blob(in, **out, key, blob_id, file.string(), progress, size);
  // A full disk shows here: say which file was being written, and for which document.
  if (!digest.ok() && digest.error().kind == ErrorKind::IoError)
    return make_error(ErrorKind::IoError, digest.error().message + " (writing " + tmp.string() + ", adding " +
                                              file.string() + ")");
  if (!digest.ok()) return digest;
  COFFRE_TRY((*out)->sync());
  COFFRE_TRY((*out)->close());
  COFFRE_TRY(env.rename(tmp, final_path));
  COFFRE_TRY(env.sync_dir(final_path.parent_path()));
  return digest;
}

// Undoes a failed add: the blob and its temp file are shredded, the pending row removed.
void abandon_add(detail::VaultContext& ctx, Id doc_id, const std::string& blob_id) {
  (void)storage::shred_file(*ctx.env, storage::blob_temp_path(ctx.blob_dir(), blob_id));
  (void)storage::shred_file(*ctx.env, storage::blob_path(ctx.blob_dir(), blob_id));
  if (auto st = ctx.db.prepare("DELETE FROM documents WHERE id = ? AND pending = 1"); st.ok()) (void)st->bind(1, doc_id).run();
}

}  // namespace

Time accounting_keep_until(Time dated_at) {
  const std::time_t t = static_cast<std::time_t>(dated_at);
  std::tm tm{};
  gmtime_r(&t, &tm);
  Time until = 0;
  parse_utc(std::to_string(tm.tm_year + 1900 + 11) + "-01-01", until);
  return until;
}

namespace {

// Bytes in memory read as a File, for add_bytes: read-only, no path on disk.
class MemoryFile final : public File {
 public:
  MemoryFile(std::string_view bytes, fs::path name) : bytes_(bytes), name_(std::move(name)) {}
  Result<std::size_t> read(std::span<std::uint8_t> buf) override {
    const std::size_t n = std::min(buf.size(), bytes_.size() - pos_);
    std::memcpy(buf.data(), bytes_.data() + pos_, n);
    pos_ += n;
    return n;
  }
  Status append(std::span<const std::uint8_t>) override { return read_only(); }
  Status write_at(std::uint64_t, std::span<const std::uint8_t>) override { return read_only(); }
  Status sync() override { return {}; }
  Status truncate(std::uint64_t) override { return read_only(); }
  Result<FileInfo> info() override { return FileInfo{FileType::Regular, bytes_.size(), 0600, 1}; }
  Status close() override { return {}; }
  const fs::path& path() const override { return name_; }

 private:
  static Status read_only() { return make_error(ErrorKind::Internal, "a document's source is read-only"); }
  std::string_view bytes_;
  std::size_t pos_ = 0;
  fs::path name_;
};

}  // namespace

Result<Id> DocumentStore::add_bytes(Id contact_id, const std::string& name, std::string_view bytes, Progress& progress,
                                    const DocumentOptions& options) {
  MemoryFile in(bytes, fs::path(name).filename());
  return add_from(contact_id, in, in.path(), bytes.size(), progress, options);
}

Result<Id> DocumentStore::add(Id contact_id, const fs::path& file, Progress& progress, const DocumentOptions& options) {
  auto in = vault_.context().env->open(file, OpenOptions{});
  if (!in.ok())
    return make_error(in.error().kind == ErrorKind::NotFound ? ErrorKind::NotFound : ErrorKind::IoError,
                      in.error().message);
  auto st = (*in)->info();
  if (!st.ok() || st->type != FileType::Regular)
    return make_error(ErrorKind::InvalidInput, trf("{} is not a regular file", {file.string()}));
  return add_from(contact_id, **in, file, st->size, progress, options);
}

Result<Id> DocumentStore::add_from(Id contact_id, File& in, const fs::path& file, std::uint64_t size,
                                   Progress& progress, const DocumentOptions& options) {
  auto& ctx = vault_.context();
  COFFRE_ASSIGN_OR_RETURN(std::string pseudonym, contact_pseudonym(ctx, contact_id));
  util::FileLock running;  // held until the add has finished or undone itself
  COFFRE_TRY(lock_documents(ctx, running, util::FileLock::Mode::Shared));
  const std::string blob_id = storage::new_blob_id();
  const Time now = ctx.clock->now();
  SecretBytes key;
  Id doc_id = 0;
  {
    // The row goes in first (pending), so an erasure always knows this blob's name.
    storage::Transaction tx(ctx.db);
    COFFRE_TRY(tx.begin());
    COFFRE_ASSIGN_OR_RETURN(auto erasing, ctx.db.prepare("SELECT count(*) FROM erasure_journal WHERE contact_id = ? AND "
                                                         "subject = ? AND state <> 'done'"));
    erasing.bind(1, contact_id).bind(2, pseudonym);
    COFFRE_ASSIGN_OR_RETURN(bool row, erasing.step());
    if (row && erasing.column_int(0) > 0)
      return make_error(ErrorKind::Conflict, trf("contact {} is being erased", {std::to_string(contact_id)}));
    std::optional<std::vector<std::uint8_t>> wrapped;
    std::optional<Time> keep_until;
    if (is_accounting_record(options.kind)) {
      key = SecretBytes::random(crypto::kKeySize);
      wrapped = crypto::seal(ctx.subject_wrap_key, key.bytes(), crypto::as_bytes(own_key_ad(blob_id)));
      keep_until = accounting_keep_until(options.dated_at.value_or(now));
    } else {
      COFFRE_ASSIGN_OR_RETURN(key, model::subject_key_for_write(ctx, contact_id, pseudonym));
    }
    // Ids are never shared with a kept document, whose id stays what it was.
    COFFRE_ASSIGN_OR_RETURN(auto ins, ctx.db.prepare(
        "INSERT INTO documents(id, contact_id, blob_id, name, size, sha256, added_at, pending, kind, dated_at, "
        "keep_until, wrapped_key) VALUES(1 + max(coalesce((SELECT max(id) FROM documents), 0), "
        "coalesce((SELECT max(id) FROM kept_documents), 0)), ?, ?, ?, 0, '', ?, 1, ?, ?, ?, ?)"));
    ins.bind(1, contact_id).bind(2, blob_id).bind(3, file.filename().string()).bind(4, now)
        .bind(5, std::string(to_string(options.kind)));
    if (options.dated_at) ins.bind(6, *options.dated_at);
    if (keep_until) ins.bind(7, *keep_until);
    if (wrapped) ins.bind_blob(8, wrapped->data(), wrapped->size());
    COFFRE_TRY(ins.run());
    doc_id = ctx.db.last_insert_id();
    COFFRE_TRY(tx.commit());
  }
  auto digest = write_blob(ctx, in, key, blob_id, file, progress, size);
  if (!digest.ok()) {
    abandon_add(ctx, doc_id, blob_id);
    return digest.error();
  }
  Status committed = [&]() -> Status {
    storage::Transaction tx(ctx.db);
    COFFRE_TRY(tx.begin());
    COFFRE_ASSIGN_OR_RETURN(auto upd, ctx.db.prepare("UPDATE documents SET size = ?, sha256 = ?, pending = 0 WHERE id = ?"));
    COFFRE_TRY(upd.bind(1, static_cast<std::int64_t>(digest->size)).bind(2, crypto::to_hex(digest->sha256)).bind(3, doc_id).run());
    // Another process may have erased the person meanwhile (the row went with them).
    if (ctx.db.changes() != 1)
      return make_error(ErrorKind::Conflict, trf("contact {} was erased during the add", {std::to_string(contact_id)}));
    COFFRE_TRY(ctx.audit->append("doc.add", pseudonym,
                                 "document=" + std::to_string(doc_id) + " kind=" + std::string(to_string(options.kind))));
    return tx.commit();
  }();
  if (!committed.ok()) {
    abandon_add(ctx, doc_id, blob_id);
    return committed.error();
  }
  return doc_id;
}

Result<std::vector<Document>> DocumentStore::list(Id contact_id) {
  auto& ctx = vault_.context();
  COFFRE_TRY(contact_pseudonym(ctx, contact_id).status());
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare(std::string(kSelectRow) + "WHERE d.contact_id = ? AND d.pending = 0 ORDER BY d.id"));
  st.bind(1, contact_id);
  std::vector<Document> out;
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    out.push_back(read_row(st).doc);
  }
  return out;
}

Result<Document> DocumentStore::info(Id doc_id) {
  COFFRE_ASSIGN_OR_RETURN(auto row, load_row(vault_.context(), doc_id));
  return row.doc;
}

Status DocumentStore::get(Id doc_id, const fs::path& out, Progress& progress, bool overwrite) {
  auto& ctx = vault_.context();
  COFFRE_ASSIGN_OR_RETURN(auto row, load_row(ctx, doc_id));
  COFFRE_ASSIGN_OR_RETURN(auto file, util::PrivateOutput::create(*ctx.env, out, overwrite));
  COFFRE_TRY(decrypt_checked(ctx, row, [&](crypto::ByteView b) { return file.write(b); }, progress));
  COFFRE_TRY(file.commit());
  return ctx.audit->append("doc.get", row.pseudonym, "document=" + std::to_string(doc_id));
}

Status DocumentStore::read(Id doc_id, const std::function<Status(std::string_view)>& sink, Progress& progress) {
  auto& ctx = vault_.context();
  COFFRE_ASSIGN_OR_RETURN(auto row, load_row(ctx, doc_id));
  return decrypt_checked(
      ctx, row,
      [&](crypto::ByteView b) { return sink(std::string_view(reinterpret_cast<const char*>(b.data()), b.size())); },
      progress);
}

Result<std::vector<KeptDocument>> DocumentStore::list_kept(std::optional<Time> due_by) {
  COFFRE_ASSIGN_OR_RETURN(auto rows, kept_rows(vault_.context(), due_by ? "WHERE k.keep_until <= ?" : "", due_by));
  std::vector<KeptDocument> out;
  for (const auto& [r, kept_at] : rows) out.push_back(kept_of(r, kept_at));
  return out;
}

Result<std::vector<KeptDocument>> DocumentStore::expire_kept(Time now) {
  auto& ctx = vault_.context();
  COFFRE_ASSIGN_OR_RETURN(auto rows, kept_rows(ctx, "WHERE k.keep_until <= ?", now));
  std::vector<KeptDocument> out;
  for (const auto& [r, kept_at] : rows) {
    // The blob first: a crash after it leaves a row whose blob is gone, which the next run removes.
    COFFRE_TRY(ctx.blob_shredder->shred(storage::blob_path(ctx.blob_dir(), r.blob_id)));
    storage::Transaction tx(ctx.db);
    COFFRE_TRY(tx.begin());
    COFFRE_ASSIGN_OR_RETURN(auto del, ctx.db.prepare("DELETE FROM kept_documents WHERE id = ?"));
    COFFRE_TRY(del.bind(1, r.doc.id).run());
    COFFRE_TRY(ctx.audit->append("doc.expire", r.pseudonym,
                                 "document=" + std::to_string(r.doc.id) + " kind=" + std::string(to_string(r.doc.kind))));
    COFFRE_TRY(tx.commit());
    out.push_back(kept_of(r, kept_at));
  }
  return out;
}

Result<std::int64_t> DocumentStore::clean_interrupted() {
  auto& ctx = vault_.context();
  util::FileLock alone;
  COFFRE_TRY(lock_documents(ctx, alone, util::FileLock::Mode::Exclusive));
  std::vector<DocRow> pending;
  {
    COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare(std::string(kSelectRow) + "WHERE d.pending = 1 ORDER BY d.id"));
    for (;;) {
      COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
      if (!row) break;
      pending.push_back(read_row(st));
    }
  }
  for (const auto& r : pending) {
    COFFRE_TRY(storage::shred_file(*ctx.env, storage::blob_temp_path(ctx.blob_dir(), r.blob_id)));
    COFFRE_TRY(storage::shred_file(*ctx.env, storage::blob_path(ctx.blob_dir(), r.blob_id)));
    storage::Transaction tx(ctx.db);
    COFFRE_TRY(tx.begin());
    COFFRE_ASSIGN_OR_RETURN(auto del, ctx.db.prepare("DELETE FROM documents WHERE id = ? AND pending = 1"));
    COFFRE_TRY(del.bind(1, r.doc.id).run());
    COFFRE_TRY(ctx.audit->append("doc.abandoned", r.pseudonym, "document=" + std::to_string(r.doc.id)));
    COFFRE_TRY(tx.commit());
  }
  return static_cast<std::int64_t>(pending.size());
}

Result<DocumentCheck> DocumentStore::check_all(Progress& progress) {
  auto& ctx = vault_.context();
  std::vector<DocRow> rows;
  {
    COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare(std::string(kSelectRow) + "ORDER BY d.id"));
    for (;;) {
      COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
      if (!row) break;
      rows.push_back(read_row(st));
    }
  }
  COFFRE_ASSIGN_OR_RETURN(auto kept, kept_rows(ctx, "", std::nullopt));
  for (auto& k : kept) rows.push_back(std::move(k.first));
  DocumentCheck report;
  for (const auto& r : rows) {
    if (r.pending) {
      ++report.incomplete;
      continue;
    }
    ++report.checked;
    Status s = decrypt_checked(ctx, r, [](crypto::ByteView) { return Status{}; }, progress);
    if (!s.ok()) report.failures.push_back(s.message());
  }
  return report;
}

}  // namespace coffre
