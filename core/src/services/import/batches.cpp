// The import batches: lawful bases, listing, and undo through the one erasure path.
#include "coffre/audit.h"
#include "coffre/erasure.h"
#include "coffre/i18n.h"
#include "coffre/id_list.h"
#include "coffre/import.h"
#include "storage/database.h"
#include "vault/context.h"

namespace coffre {

std::string_view to_string(LawfulBasis b) {
  switch (b) {
    case LawfulBasis::Consent: return "consent";
    case LawfulBasis::LegitimateInterest: return "legitimate-interest";
    case LawfulBasis::Contract: return "contract";
    case LawfulBasis::Unspecified: return "unspecified";
  }
  return "unspecified";
}

std::optional<LawfulBasis> parse_lawful_basis(std::string_view s) {
  std::string v(s);
  for (auto& c : v) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == '_' || c == ' ') c = '-';
  }
  if (v == "consent" || v == "consentement") return LawfulBasis::Consent;
  if (v == "legitimate-interest" || v == "interet-legitime" || v == "intérêt-légitime") return LawfulBasis::LegitimateInterest;
  if (v == "contract" || v == "contrat") return LawfulBasis::Contract;
  if (v == "unspecified") return LawfulBasis::Unspecified;
  return std::nullopt;
}

Result<std::vector<ImportBatch>> list_import_batches(Vault& vault) {
  auto& db = vault.context().db;
  COFFRE_ASSIGN_OR_RETURN(
      auto st, db.prepare("SELECT b.id, b.source, b.file_name, b.file_sha256, b.format, b.lawful_basis, b.kind, "
                          "b.imported_at, b.added, b.merged, b.rejected, b.suppressed, b.sensitive, b.undone_at, "
                          "b.collected_at, coalesce(b.collected_from, ''), "
                          "(SELECT count(*) FROM contact_provenance p WHERE p.batch_id = b.id AND p.action = 'added') "
                          "FROM import_batches b ORDER BY b.imported_at DESC, b.rowid DESC"));
  std::vector<ImportBatch> out;
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    ImportBatch b;
    b.id = st.column_text(0);
    b.source = st.column_text(1);
    b.file_name = st.column_text(2);
    b.sha256 = st.column_text(3);
    b.format = st.column_text(4);
    b.basis = parse_lawful_basis(st.column_text(5)).value_or(LawfulBasis::Unspecified);
    b.kind = parse_contact_kind(st.column_text(6));  // nullopt for 'per-row'
    b.collected_at = st.column_opt_int(14);
    b.collected_from = st.column_text(15);
    b.imported_at = st.column_int(7);
    b.added = st.column_int(8);
    b.merged = st.column_int(9);
    b.rejected = st.column_int(10);
    b.suppressed = st.column_int(11);
    b.sensitive = st.column_int(12);
    b.undone_at = st.column_opt_int(13);
    b.still_present = st.column_int(16);
    out.push_back(std::move(b));
  }
  return out;
}

namespace {

// Contacts the batch added that someone worked on afterwards. The import writes no per-person
// audit entry for the contacts it adds (one "contact.add_batch" for all), so any write entry
// naming the person came later; a provenance row of another batch that was not undone means a
// later import merged into them.
Result<std::vector<Id>> worked_on_after(storage::Database& db, std::string_view batch) {
  COFFRE_ASSIGN_OR_RETURN(
      auto st, db.prepare("SELECT p.contact_id FROM contact_provenance p JOIN contacts c ON c.id = p.contact_id "
                          "WHERE p.batch_id = ?1 AND p.action = 'added' AND ("
                          " EXISTS(SELECT 1 FROM audit_log a WHERE a.subject = c.pseudonym AND a.action IN "
                          "  ('contact.update', 'note.add', 'note.remove', 'interaction.add', 'doc.add'))"
                          " OR EXISTS(SELECT 1 FROM contact_provenance q JOIN import_batches b ON b.id = q.batch_id "
                          "  WHERE q.contact_id = p.contact_id AND q.batch_id <> ?1 AND b.undone_at IS NULL)) "
                          "ORDER BY p.contact_id"));
  st.bind(1, batch);
  return st.all_ints();
}


}  // namespace

Result<ImportUndoResult> undo_import(Vault& vault, std::string_view batch, Progress& progress,
                                     const ImportUndoOptions& options) {
  auto& ctx = vault.context();
  ImportUndoResult result;
  result.batch = std::string(batch);
  result.dry_run = options.dry_run;
  {
    COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("SELECT undone_at FROM import_batches WHERE id = ?"));
    st.bind(1, batch);
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) return make_error(ErrorKind::NotFound, trf("no import batch {} (see coffre import list)", {batch}));
    if (!st.column_is_null(0))
      return make_error(ErrorKind::Conflict, trf("import batch {} was already undone", {batch}));
  }
  std::vector<Id>& added = result.contacts;
  {
    COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("SELECT contact_id, action FROM contact_provenance WHERE batch_id = ? "
                                                    "ORDER BY contact_id"));
    st.bind(1, batch);
    for (;;) {
      COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
      if (!row) break;
      if (st.column_text(1) == "added") added.push_back(st.column_int(0));
      else ++result.merged_kept;
    }
  }
  result.erased = static_cast<std::int64_t>(added.size());
  COFFRE_ASSIGN_OR_RETURN(result.edited, worked_on_after(ctx.db, batch));
  if (options.dry_run) return result;
  if (!result.edited.empty() && !options.include_edited)
    return make_error(ErrorKind::Conflict,
                      trf("{0} of the {1} contacts import {2} added were worked on since (edited, or given a note, an "
                          "interaction or a document, or merged into by a later import): contacts {3}. Nothing was "
                          "erased; give --include-edited to erase them too",
                          {std::to_string(result.edited.size()), std::to_string(added.size()), batch,
                           id_list(result.edited)}));
  // The erasure path runs its own journalled transactions (resumable after a crash); marking the
  // batch comes after, so an interrupted undo is simply run again: what is gone stays gone.
  if (!added.empty()) COFFRE_TRY(erase_contacts(vault, added, ErasureReason::ImportUndo, progress).status());
  storage::Transaction tx(ctx.db);
  COFFRE_TRY(tx.begin());
  COFFRE_ASSIGN_OR_RETURN(auto mark, ctx.db.prepare("UPDATE import_batches SET undone_at = ? WHERE id = ?"));
  COFFRE_TRY(mark.bind(1, ctx.clock->now()).bind(2, batch).run());
  COFFRE_TRY(ctx.audit->append("import.undo", std::nullopt,
                               "batch=" + std::string(batch) + " erased=" + std::to_string(result.erased) +
                                   " merged_kept=" + std::to_string(result.merged_kept)));
  COFFRE_TRY(tx.commit());
  return result;
}

}  // namespace coffre
