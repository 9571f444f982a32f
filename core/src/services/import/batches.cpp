// The import batches: lawful bases, listing, and undo through the one erasure path.
#include "coffre/audit.h"
#include "coffre/erasure.h"
#include "coffre/import.h"
#include "storage/database.h"
#include "vault/context.h"

namespace coffre {

std::string_view to_string(LawfulBasis b) {
  switch (b) {
    case LawfulBasis::Consent: return "consent";
    case LawfulBasis::LegitimateInterest: return "legitimate-interest";
    case LawfulBasis::Contract: return "contract";
  }
  return "legitimate-interest";
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
  return std::nullopt;
}

Result<std::vector<ImportBatch>> list_import_batches(Vault& vault) {
  auto& db = vault.context().db;
  COFFRE_ASSIGN_OR_RETURN(
      auto st, db.prepare("SELECT b.id, b.source, b.file_name, b.file_sha256, b.format, b.lawful_basis, b.kind, "
                          "b.imported_at, b.added, b.merged, b.rejected, b.suppressed, b.sensitive, b.undone_at, "
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
    b.basis = parse_lawful_basis(st.column_text(5)).value_or(LawfulBasis::LegitimateInterest);
    b.kind = st.column_text(6) == "b2c" ? ContactKind::B2C : ContactKind::B2B;
    b.imported_at = st.column_int(7);
    b.added = st.column_int(8);
    b.merged = st.column_int(9);
    b.rejected = st.column_int(10);
    b.suppressed = st.column_int(11);
    b.sensitive = st.column_int(12);
    b.undone_at = st.column_opt_int(13);
    b.still_present = st.column_int(14);
    out.push_back(std::move(b));
  }
  return out;
}

Result<ImportUndoResult> undo_import(Vault& vault, std::string_view batch, Progress& progress) {
  auto& ctx = vault.context();
  ImportUndoResult result;
  result.batch = std::string(batch);
  {
    COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("SELECT undone_at FROM import_batches WHERE id = ?"));
    st.bind(1, batch);
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) return make_error(ErrorKind::NotFound, "no import batch " + std::string(batch) + " (see coffre import list)");
    if (!st.column_is_null(0))
      return make_error(ErrorKind::Conflict, "import batch " + std::string(batch) + " was already undone");
  }
  std::vector<Id> added;
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
  // The erasure path runs its own journalled transactions (resumable after a crash); marking the
  // batch comes after, so an interrupted undo is simply run again: what is gone stays gone.
  if (!added.empty()) COFFRE_TRY(erase_contacts(vault, added, ErasureReason::ImportUndo, progress).status());
  result.erased = static_cast<std::int64_t>(added.size());
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
