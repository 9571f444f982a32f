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
};

constexpr const char* kSelectRow =
    "SELECT d.id, d.contact_id, d.name, d.size, d.sha256, d.added_at, d.blob_id, c.pseudonym, d.pending "
    "FROM documents d JOIN contacts c ON c.id = d.contact_id ";

DocRow read_row(const storage::Statement& st) {
  DocRow r;
  r.doc = {st.column_int(0), st.column_int(1), st.column_text(2), st.column_int(3), st.column_text(4), st.column_int(5)};
  r.blob_id = st.column_text(6);
  r.pseudonym = st.column_text(7);
  r.pending = st.column_int(8) != 0;
  return r;
}

Result<std::string> contact_pseudonym(detail::VaultContext& ctx, Id contact_id) {
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("SELECT pseudonym FROM contacts WHERE id = ?"));
  st.bind(1, contact_id);
  COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return make_error(ErrorKind::NotFound, "no contact with id " + std::to_string(contact_id));
  return st.column_text(0);
}

Result<DocRow> load_row(detail::VaultContext& ctx, Id doc_id) {
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare(std::string(kSelectRow) + "WHERE d.id = ? AND d.pending = 0"));
  st.bind(1, doc_id);
  COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return make_error(ErrorKind::NotFound, "no document with id " + std::to_string(doc_id));
  return read_row(st);
}

std::string describe(detail::VaultContext& ctx, const DocRow& r) {
  return "document " + std::to_string(r.doc.id) + " (blob " + storage::blob_path(ctx.blob_dir(), r.blob_id).string() + ")";
}

// Decrypts one document into `sink` and checks its size and SHA-256 against the row.
Status decrypt_checked(detail::VaultContext& ctx, const DocRow& r, const storage::PlaintextSink& sink, Progress& progress) {
  const std::string what = describe(ctx, r);
  auto key = model::subject_key(ctx, r.doc.contact_id, r.pseudonym);
  if (!key.ok()) return make_error(ErrorKind::Corruption, what + ": " + key.error().message);
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

Result<Id> DocumentStore::add(Id contact_id, const fs::path& file, Progress& progress) {
  auto& ctx = vault_.context();
  COFFRE_ASSIGN_OR_RETURN(std::string pseudonym, contact_pseudonym(ctx, contact_id));
  auto in = ctx.env->open(file, OpenOptions{});
  if (!in.ok())
    return make_error(in.error().kind == ErrorKind::NotFound ? ErrorKind::NotFound : ErrorKind::IoError,
                      in.error().message);
  auto st = (*in)->info();
  if (!st.ok() || st->type != FileType::Regular)
    return make_error(ErrorKind::InvalidInput, file.string() + " is not a regular file");
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
      return make_error(ErrorKind::Conflict, "contact " + std::to_string(contact_id) + " is being erased");
    COFFRE_ASSIGN_OR_RETURN(key, model::subject_key_for_write(ctx, contact_id, pseudonym));
    COFFRE_ASSIGN_OR_RETURN(auto ins, ctx.db.prepare("INSERT INTO documents(contact_id, blob_id, name, size, sha256, "
                                                     "added_at, pending) VALUES(?, ?, ?, 0, '', ?, 1)"));
    COFFRE_TRY(ins.bind(1, contact_id).bind(2, blob_id).bind(3, file.filename().string()).bind(4, now).run());
    doc_id = ctx.db.last_insert_id();
    COFFRE_TRY(tx.commit());
  }
  auto digest = write_blob(ctx, **in, key, blob_id, file, progress, st->size);
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
      return make_error(ErrorKind::Conflict, "contact " + std::to_string(contact_id) + " was erased during the add");
    COFFRE_TRY(ctx.audit->append("doc.add", pseudonym,
                                 "document=" + std::to_string(doc_id) + " size=" + std::to_string(digest->size)));
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
