#include "services/erasure_journal.h"
#include "coffre/i18n.h"

#include <algorithm>
#include <sstream>

#include "model/consent_ledger.h"
#include "model/person_data.h"
#include "model/suppression_list.h"
#include "services/erasure_ledger.h"
#include "services/retention_internal.h"
#include "storage/blob_paths.h"
#include "util/files.h"

namespace coffre::services {
namespace {

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : " ") + s;
  return out;
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

Result<std::int64_t> count(storage::Database& db, const char* sql, std::int64_t arg) {
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare(sql));
  st.bind(1, arg);
  COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
  return row ? st.column_int(0) : 0;
}

Result<std::vector<std::string>> column_strings(storage::Database& db, const char* sql, std::int64_t arg) {
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare(sql));
  return st.bind(1, arg).all_texts();
}

// The blobs an erasure shreds: every document of the person but the accounting records still
// within their legal keeping, which outlive them as kept documents (coffre/documents.h).
constexpr const char* kKeptCondition = "wrapped_key IS NOT NULL AND keep_until > ?2";
const std::string kBlobsToShred =
    std::string("SELECT blob_id FROM documents WHERE contact_id = ?1 AND NOT (") + kKeptCondition + ")";
// Runs kBlobsToShred prepared in `st` (reset first) for the contact.
Result<std::vector<std::string>> blobs_to_shred(detail::VaultContext& ctx, storage::Statement& st, Id contact_id) {
  st.reset();
  return st.bind(1, contact_id).bind(2, ctx.clock->now()).all_texts();
}
Result<std::vector<std::string>> blobs_to_shred(detail::VaultContext& ctx, Id contact_id) {
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare(kBlobsToShred));
  return blobs_to_shred(ctx, st, contact_id);
}

constexpr const char* kSelectEntry =
    "SELECT id, contact_id, subject, reason, state, blobs, rows_removed, documents, subject_key, suppressed, "
    "started_at, organisations, (SELECT channels FROM erasure_consent_kept k WHERE k.journal_id = erasure_journal.id) "
    "FROM erasure_journal ";

// The person's organisation once they are gone (issue 9 item 5, issue 17 item 4). Colleagues
// remain: it is theirs too, kept ("shared"). No one remains: an organisation created from a
// person's row (an import, `contact add --org`) is often named after the person ("Boucherie
// Benali") and is erased with them, search terms first; one the user added with `org add`, or that
// holds notes of its own, is the user's record of a company and is kept, and the certificate says
// so and why. Runs inside delete_rows' transaction, after the contact row is gone.
// The rows it deletes (the organisation's and its search terms) are added to `rows`.
Result<std::string> settle_organisation(storage::Database& db, std::optional<Id> org_id, std::int64_t& rows) {
  if (!org_id) return std::string();
  COFFRE_ASSIGN_OR_RETURN(auto people, count(db, "SELECT count(*) FROM contacts WHERE org_id = ?", *org_id));
  if (people > 0) return std::string("shared");
  COFFRE_ASSIGN_OR_RETURN(auto from_row, count(db, "SELECT from_contact_row FROM organisations WHERE id = ?", *org_id));
  COFFRE_ASSIGN_OR_RETURN(auto notes, count(db, "SELECT count(*) FROM notes WHERE org_id = ?", *org_id));
  const std::string id = std::to_string(*org_id);
  if (from_row == 0) return "kept:" + id + ":added as an organisation (org add), not from this person's row";
  if (notes > 0) return "kept:" + id + ":it holds notes of its own";
  for (const char* sql : {"DELETE FROM org_search_terms WHERE org_id = ?", "DELETE FROM organisations WHERE id = ?"}) {
    COFFRE_ASSIGN_OR_RETURN(auto del, db.prepare(sql));
    COFFRE_TRY(del.bind(1, *org_id).run());
    rows += db.changes();
  }
  return std::string("erased");
}

// An import batch no person of which remains keeps its counts, basis and dates, not its source
// label, file name and SHA-256: for a one-person file the hash would confirm a guessed file
// (issue 17 item 4).
Status scrub_batches(detail::VaultContext& ctx, const std::vector<std::string>& batches) {
  COFFRE_ASSIGN_OR_RETURN(auto upd, ctx.db.prepare(
      "UPDATE import_batches SET source = '', file_name = '', file_sha256 = '', scrubbed_at = ? WHERE id = ? AND "
      "scrubbed_at IS NULL AND NOT EXISTS(SELECT 1 FROM contact_provenance WHERE batch_id = ?)"));
  for (const auto& b : batches) {
    upd.reset();
    COFFRE_TRY(upd.bind(1, ctx.clock->now()).bind(2, b).bind(3, b).run());
  }
  return {};
}

JournalEntry read_entry(const storage::Statement& st) {
  JournalEntry j;
  j.id = st.column_int(0);
  j.contact_id = st.column_int(1);
  j.subject = st.column_text(2);
  j.reason = parse_erasure_reason(st.column_text(3)).value_or(ErasureReason::Manual);
  j.state = st.column_text(4);
  j.blobs = split(st.column_text(5));
  j.rows = st.column_int(6);
  j.documents = st.column_int(7);
  j.subject_key = st.column_int(8) != 0;
  j.suppressed = st.column_int(9) != 0;
  j.started_at = st.column_int(10);
  j.organisation = st.column_text(11);
  j.consent_kept = split(st.column_opt_text(12).value_or(""));
  return j;
}

}  // namespace

std::optional<ErasureReason> parse_erasure_reason(std::string_view s) {
  if (s == "access-request") return ErasureReason::Request;  // the word of earlier versions
  for (auto r : {ErasureReason::Manual, ErasureReason::Objection, ErasureReason::Request, ErasureReason::Retention,
                 ErasureReason::ImportUndo})
    if (to_string(r) == s) return r;
  return std::nullopt;
}

Result<std::vector<JournalEntry>> mark_pending(detail::VaultContext& ctx, const std::vector<Id>& contact_ids,
                                               ErasureReason reason) {
  storage::Transaction tx(ctx.db);
  COFFRE_TRY(tx.begin());
  COFFRE_ASSIGN_OR_RETURN(auto who, ctx.db.prepare("SELECT pseudonym FROM contacts WHERE id = ?"));
  COFFRE_ASSIGN_OR_RETURN(auto open, ctx.db.prepare(std::string(kSelectEntry) +
                                                    "WHERE contact_id = ? AND subject = ? AND state <> 'done'"));
  COFFRE_ASSIGN_OR_RETURN(auto blobs, ctx.db.prepare(kBlobsToShred));
  COFFRE_ASSIGN_OR_RETURN(auto ins, ctx.db.prepare("INSERT INTO erasure_journal(subject, contact_id, reason, state, "
                                                   "blobs, started_at) VALUES(?,?,?,'pending',?,?)"));
  std::vector<JournalEntry> out;
  out.reserve(contact_ids.size());
  for (Id contact_id : contact_ids) {
    who.reset();
    who.bind(1, contact_id);
    COFFRE_ASSIGN_OR_RETURN(bool found, who.step());
    if (!found) return make_error(ErrorKind::NotFound, trf("no contact with id {}", {std::to_string(contact_id)}));
    JournalEntry j;
    j.contact_id = contact_id;
    j.subject = who.column_text(0);
    j.reason = reason;
    j.state = "pending";
    j.started_at = ctx.clock->now();
    open.reset();
    open.bind(1, contact_id).bind(2, j.subject);
    COFFRE_ASSIGN_OR_RETURN(bool already, open.step());
    if (already) {  // an erasure already pending for the person is theirs
      out.push_back(read_entry(open));
      continue;
    }
    COFFRE_ASSIGN_OR_RETURN(j.blobs, blobs_to_shred(ctx, blobs, contact_id));
    ins.reset();
    COFFRE_TRY(ins.bind(1, j.subject).bind(2, contact_id).bind(3, to_string(reason)).bind(4, join(j.blobs))
                   .bind(5, j.started_at).run());
    j.id = ctx.db.last_insert_id();
    out.push_back(std::move(j));
  }
  COFFRE_TRY(tx.commit());
  return out;
}

namespace {

// One person's part of delete_rows, inside its transaction: their rows, what outlives them, the
// journal's record and the audit entry; their ledger record is added to `ledger`, for the caller to
// append before the commit.
Status delete_one(detail::VaultContext& ctx, JournalEntry& j, std::vector<LedgerAppend>& ledger) {
  auto& db = ctx.db;
  COFFRE_ASSIGN_OR_RETURN(auto same, db.prepare("SELECT count(*) FROM contacts WHERE id = ? AND pseudonym = ?"));
  same.bind(1, j.contact_id).bind(2, j.subject);
  COFFRE_ASSIGN_OR_RETURN(bool row, same.step());
  const bool present = row && same.column_int(0) > 0;
  std::vector<std::string> emails, phones;
  if (present) {
    const Id id = j.contact_id;
    COFFRE_ASSIGN_OR_RETURN(auto blobs, blobs_to_shred(ctx, id));
    for (auto& b : blobs)
      if (std::find(j.blobs.begin(), j.blobs.end(), b) == j.blobs.end()) j.blobs.push_back(b);
    // Accounting records within their keeping move to kept_documents under the pseudonym, with
    // their own key (the subject key below does not open them); every other document is shredded.
    const Time kept_at = ctx.clock->now();
    COFFRE_ASSIGN_OR_RETURN(auto keep, db.prepare(std::string(
        "INSERT INTO kept_documents(id, subject, kind, name, size, sha256, added_at, dated_at, keep_until, blob_id, "
        "wrapped_key, kept_at) SELECT id, ?3, kind, name, size, sha256, added_at, dated_at, keep_until, blob_id, "
        "wrapped_key, ?2 FROM documents WHERE contact_id = ?1 AND pending = 0 AND ") + kKeptCondition));
    COFFRE_TRY(keep.bind(1, id).bind(2, kept_at).bind(3, j.subject).run());
    COFFRE_ASSIGN_OR_RETURN(auto shredded, db.prepare(std::string("SELECT count(*) FROM documents WHERE contact_id = ?1 "
                                                                  "AND pending = 0 AND NOT (") + kKeptCondition + ")"));
    shredded.bind(1, id).bind(2, kept_at);
    COFFRE_ASSIGN_OR_RETURN(bool counted, shredded.step());
    j.documents = counted ? shredded.column_int(0) : 0;
    COFFRE_ASSIGN_OR_RETURN(auto keys, count(db, "SELECT count(*) FROM subject_keys WHERE contact_id = ?", id));
    j.subject_key = keys > 0;
    // Every row the data map says goes with the person, counted before the cascades remove them.
    COFFRE_ASSIGN_OR_RETURN(j.rows, model::count_erased_rows(db, id));
    // The person's e-mails and phones, for what outlives them as keyed hashes: the suppression list,
    // retention tombstones, channel-scoped withdrawals.
    const Time now = ctx.clock->now();
    COFFRE_ASSIGN_OR_RETURN(emails, column_strings(db, "SELECT email FROM contact_emails WHERE contact_id = ?", id));
    COFFRE_ASSIGN_OR_RETURN(phones, column_strings(db, "SELECT phone FROM contact_phones WHERE contact_id = ?", id));
    if (j.reason == ErasureReason::Objection || j.reason == ErasureReason::Request) {
      for (const auto& e : emails) COFFRE_TRY(model::add_suppression(ctx, model::SuppressionKind::Email, e, now));
      for (const auto& p : phones) COFFRE_TRY(model::add_suppression(ctx, model::SuppressionKind::Phone, p, now));
      j.suppressed = !emails.empty() || !phones.empty();
    }
    if (j.reason == ErasureReason::Retention) {
      // A file collected before today must not bring the person back (coffre/retention.h).
      for (const auto& e : emails) COFFRE_TRY(add_retention_tombstone(ctx, model::SuppressionKind::Email, e, now));
      for (const auto& p : phones) COFFRE_TRY(add_retention_tombstone(ctx, model::SuppressionKind::Phone, p, now));
    }
    // A withdrawal or an objection outlives the person on its channel (GDPR art. 7(3), 21(3)), as
    // keyed hashes of their addresses and numbers: an address imported again stays out of that
    // channel's campaigns.
    COFFRE_ASSIGN_OR_RETURN(auto channels, model::withdrawn_channels(ctx, id));
    if (!channels.empty()) {
      j.consent_kept.clear();
      for (Channel ch : channels) {
        COFFRE_TRY(model::add_channel_suppression(ctx, ch, emails, phones, now));
        j.consent_kept.emplace_back(to_string(ch));
      }
    }
    COFFRE_ASSIGN_OR_RETURN(auto org, db.prepare("SELECT org_id FROM contacts WHERE id = ?"));
    org.bind(1, id);
    COFFRE_ASSIGN_OR_RETURN(bool has_row, org.step());
    const std::optional<Id> org_id = has_row ? org.column_opt_int(0) : std::nullopt;
    org.reset();
    COFFRE_ASSIGN_OR_RETURN(auto batches,
                            column_strings(db, "SELECT batch_id FROM contact_provenance WHERE contact_id = ?", id));
    // The person's requests stay, under their pseudonym, as proof of compliance (their contact_id
    // goes to NULL with the contact; their texts and evidence cascade away).
    COFFRE_ASSIGN_OR_RETURN(auto requests, db.prepare("UPDATE subject_requests SET subject_erased = 1 WHERE contact_id = ?"));
    COFFRE_TRY(requests.bind(1, id).run());
    // The map's explicit deletes in its order: the search terms first (they have no
    // foreign key to cascade from), the subject key, then the contact, whose cascades take the rest.
    COFFRE_TRY(model::delete_person_rows(db, id));
    COFFRE_ASSIGN_OR_RETURN(j.organisation, settle_organisation(db, org_id, j.rows));
    COFFRE_TRY(scrub_batches(ctx, batches));
  }
  // The erasure ledger's record, appended and fsynced before the transaction commits (crash order
  // in services/erasure_ledger.h): no committed erasure is missing from it.
  ledger.push_back({j.subject, j.reason, ctx.clock->now(), std::move(emails), std::move(phones)});
  COFFRE_ASSIGN_OR_RETURN(auto upd, db.prepare("UPDATE erasure_journal SET state = 'deleted', blobs = ?, rows_removed = ?, "
                                               "documents = ?, subject_key = ?, suppressed = ?, organisations = ? "
                                               "WHERE id = ?"));
  COFFRE_TRY(upd.bind(1, join(j.blobs)).bind(2, j.rows).bind(3, j.documents).bind(4, j.subject_key ? 1 : 0)
                 .bind(5, j.suppressed ? 1 : 0).bind(6, j.organisation).bind(7, j.id).run());
  if (!j.consent_kept.empty()) {
    COFFRE_ASSIGN_OR_RETURN(auto kept, db.prepare("INSERT OR REPLACE INTO erasure_consent_kept(journal_id, channels) "
                                                  "VALUES(?, ?)"));
    COFFRE_TRY(kept.bind(1, j.id).bind(2, join(j.consent_kept)).run());
  }
  // The person's audit timeline keeps its actions and dates under the pseudonym, not their details
  // (fields edited, which document, which channel): erased in place, the chain still verifies
  // (vault/audit_log.h). The erasure's own entry and the person's requests keep theirs: proof.
  COFFRE_TRY(ctx.audit->redact_subject(j.subject, {"contact.erase", "request."}).status());
  COFFRE_TRY(ctx.audit->append("contact.erase", j.subject,
                               "reason=" + std::string(to_string(j.reason)) + " rows=" + std::to_string(j.rows) +
                                   " documents=" + std::to_string(j.documents) +
                                   " suppressed=" + (j.suppressed ? "yes" : "no")));
  return {};
}

}  // namespace

Status delete_rows(detail::VaultContext& ctx, std::vector<JournalEntry>& entries,
                   const std::function<void()>& on_person) {
  if (entries.empty()) return {};
  storage::Transaction tx(ctx.db);
  COFFRE_TRY(tx.begin());
  std::vector<LedgerAppend> ledger;
  ledger.reserve(entries.size());
  for (auto& j : entries) {
    if (j.state != "pending") continue;
    COFFRE_TRY(delete_one(ctx, j, ledger));
    if (on_person) on_person();
  }
  COFFRE_TRY(append_ledger(ctx, ledger));
  COFFRE_TRY(tx.commit());
  for (auto& j : entries) j.state = j.state == "pending" ? "deleted" : j.state;
  return {};
}

Status shred_blobs(detail::VaultContext& ctx, const JournalEntry& j) {
  BlobShredder& shredder = *ctx.blob_shredder;
  for (const auto& blob : j.blobs) {
    if (!storage::valid_blob_id(blob))
      return make_error(ErrorKind::Corruption, "the erasure journal names an invalid blob \"" + blob + "\"");
    for (const auto& p : {storage::blob_path(ctx.blob_dir(), blob), storage::blob_temp_path(ctx.blob_dir(), blob)}) {
      if (!ctx.env->exists(p)) continue;
      COFFRE_TRY(shredder.shred(p));
    }
  }
  return {};
}

namespace {
void organisation_outcome(const std::string& journal, ErasureProof& p) {
  if (journal.empty()) return;
  if (journal.rfind("kept:", 0) != 0) {
    p.organisation = journal;
    return;
  }
  p.organisation = "kept";
  const auto colon = journal.find(':', 5);
  p.organisation_id = std::stoll(journal.substr(5, colon - 5));
  if (colon != std::string::npos) p.organisation_why = journal.substr(colon + 1);
}
}  // namespace

// The backup retention the user set (`coffre backup prune --keep`), cited by certificates.
static Result<std::optional<std::int64_t>> backup_retention(detail::VaultContext& ctx) {
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("SELECT value FROM vault_meta WHERE key = ?"));
  st.bind(1, vault::kBackupRetentionMetaKey);
  COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return std::optional<std::int64_t>{};
  const std::string v = st.column_text(0);
  if (v.empty() || v.find_first_not_of("0123456789") != std::string::npos) return std::optional<std::int64_t>{};
  return std::optional<std::int64_t>{std::stoll(v)};
}

Result<std::vector<ErasureProof>> complete(detail::VaultContext& ctx, std::vector<JournalEntry>& entries) {
  // The person's search terms were deleted in place (delete_rows) and secure_delete zeroed their
  // cells; the checkpoint moves that into the main file and empties the WAL, which still held the
  // pages as they were. Nobody else's entries are rewritten.
  COFFRE_TRY(ctx.db.checkpoint_truncate());
  // What the certificate says of the WAL is read from the disk: a reader holding a snapshot can
  // keep the checkpoint from emptying it.
  bool wal_truncated = false;
  {
    auto info = ctx.env->stat(std::filesystem::path(ctx.db_path().string() + "-wal"), false);
    wal_truncated = info.ok() ? info->size == 0 : info.error().kind == ErrorKind::NotFound;
  }
  std::vector<ErasureProof> proofs;
  storage::Transaction tx(ctx.db);
  COFFRE_TRY(tx.begin());
  const Time now = ctx.clock->now();
  COFFRE_ASSIGN_OR_RETURN(auto upd, ctx.db.prepare("UPDATE erasure_journal SET state = 'done', finished_at = ?, "
                                                   "certificate = ? WHERE id = ?"));
  COFFRE_ASSIGN_OR_RETURN(auto kept, ctx.db.prepare("SELECT count(*), max(keep_until) FROM kept_documents "
                                                    "WHERE subject = ?"));
  COFFRE_ASSIGN_OR_RETURN(auto requests, ctx.db.prepare("SELECT id FROM subject_requests WHERE subject = ? AND "
                                                        "subject_erased = 1 ORDER BY id"));
  COFFRE_ASSIGN_OR_RETURN(auto audit, ctx.db.prepare("SELECT count(redacted_at), "
                                                     "sum(version = 1 AND details <> '') FROM audit_log WHERE subject = ?"));
  for (auto& j : entries) {
    ErasureProof p;
    requests.reset();
    COFFRE_ASSIGN_OR_RETURN(p.requests_kept, requests.bind(1, j.subject).all_ints());
    p.subject = j.subject;
    p.reason = j.reason;
    p.at = now;
    p.rows = j.rows;
    p.documents = j.documents;
    p.subject_key_destroyed = j.subject_key;
    p.suppressed = j.suppressed;
    organisation_outcome(j.organisation, p);
    p.consent_kept = j.consent_kept;
    audit.reset();
    audit.bind(1, j.subject);
    COFFRE_ASSIGN_OR_RETURN(bool audit_row, audit.step());
    if (audit_row) {
      p.audit_details_removed = audit.column_int(0);
      p.audit_details_older = audit.column_opt_int(1).value_or(0);
    }
    kept.reset();
    kept.bind(1, j.subject);
    COFFRE_ASSIGN_OR_RETURN(bool any, kept.step());
    if (any && kept.column_int(0) > 0) {
      p.documents_kept = kept.column_int(0);
      p.documents_kept_until = kept.column_int(1);
    }
    p.residual_risks = residual_risks();
    p.wal_truncated = wal_truncated;
    COFFRE_ASSIGN_OR_RETURN(p.backup_retention_days, backup_retention(ctx));
    p.erased_again_at_restore = j.at_restore;
    COFFRE_ASSIGN_OR_RETURN(p.certificate, make_certificate(ctx, p, j.started_at));
    COFFRE_TRY(upd.bind(1, now).bind(2, p.certificate).bind(3, j.id).run());
    j.state = "done";
    proofs.push_back(std::move(p));
  }
  COFFRE_TRY(tx.commit());
  return proofs;
}

Result<std::int64_t> resume_erasures(detail::VaultContext& ctx) {
  COFFRE_ASSIGN_OR_RETURN(std::int64_t unfinished, unfinished_erasures(ctx));
  if (unfinished == 0) return std::int64_t{0};  // the usual case: no lock file touched
  ErasureLock lock;
  if (auto s = lock.acquire(*ctx.env, ctx.dir, false); !s.ok())
    return s.kind() == ErrorKind::Conflict ? Result<std::int64_t>(std::int64_t{0}) : Result<std::int64_t>(s);
  return resume_erasures_locked(ctx);
}

Result<std::int64_t> resume_erasures_locked(detail::VaultContext& ctx) {
  std::vector<JournalEntry> open;
  {
    COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare(std::string(kSelectEntry) + "WHERE state <> 'done' ORDER BY id"));
    for (;;) {
      COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
      if (!row) break;
      open.push_back(read_entry(st));
    }
  }
  if (open.empty()) return std::int64_t{0};
  COFFRE_TRY(delete_rows(ctx, open));
  for (const auto& j : open) COFFRE_TRY(shred_blobs(ctx, j));
  COFFRE_TRY(complete(ctx, open).status());
  return static_cast<std::int64_t>(open.size());
}

Result<std::int64_t> unfinished_erasures(detail::VaultContext& ctx) {
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("SELECT count(*) FROM erasure_journal WHERE state <> 'done'"));
  COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
  return row ? st.column_int(0) : 0;
}

}  // namespace coffre::services
