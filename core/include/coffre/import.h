// The import pipeline, shared by every importer plugin: it takes the raw records a plugin reads
// (plugin/importer.h) and maps their columns to contact fields (French and English aliases, the
// presets of Google Contacts, Outlook, Zoho CRM and HubSpot exports, or a --map file), normalises
// them (normalize.h), rejects invalid rows, skips people on the suppression list, merges duplicates
// (same personal e-mail; same phone or role address only when the names agree; within the file and
// against the vault), scans free text for special-
// category data (GDPR art. 9) and records the provenance of every contact it adds or merges into
// (source, file name and SHA-256, batch id, time, lawful basis; migration 3).
//
// All or nothing: the whole import is one transaction. The first invalid row stops it and nothing
// is written; the error names the file, line, column, field and reason. With skip_invalid, invalid
// rows are reported (on_rejected) and the valid ones imported. A dry run does all of it, inside the
// transaction, and rolls back: its counts are exactly what the import would do.
//
// Memory is bounded: rows are processed in chunks, duplicates found through the database (which
// sees the rows of earlier chunks), never through a map of the whole file.
// One thread at a time, like the Vault.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "coffre/model.h"
#include "coffre/plugin/importer.h"
#include "coffre/progress.h"
#include "coffre/status.h"
#include "coffre/vault.h"

namespace coffre {

// Unspecified: no basis was given at import; nothing is assumed (a contact without a basis is not
// one to prospect until it is known).
enum class LawfulBasis { Consent, LegitimateInterest, Contract, Unspecified };
std::string_view to_string(LawfulBasis b);  // "consent", "legitimate-interest", "contract", "unspecified"
std::optional<LawfulBasis> parse_lawful_basis(std::string_view s);

// A column the user maps by hand: header as written in the file -> a field name ("email",
// "phone:mobile", "ignore"...; see docs/import.md). Parsed from a --map file.
using ColumnMap = std::vector<std::pair<std::string, std::string>>;
// "Header = field" lines ('#' comments, blank lines ignored) or a JSON object {"Header": "field"}.
// InvalidInput naming the line for an unknown field or a malformed line.
Result<ColumnMap> parse_column_map(const std::string& text);
Result<ColumnMap> load_column_map(const std::filesystem::path& file);

struct RejectedRow {
  std::uint64_t line = 0;    // of the file (CSV, vCard) or sheet row (xlsx)
  std::uint64_t column = 0;  // 1-based, 0 when unknown
  std::string field;         // the column header (or vCard property) that failed
  std::string reason;         // in English, as --json says it
  std::vector<std::pair<std::string, std::string>> values;  // the row as read: personal data
  std::string said{};        // `reason` in the user's language, for people (empty: reason)
};

// A value dropped from a row that was imported all the same (a phone libphonenumber says is not
// valid, an Exchange directory address in an e-mail column...), or a value kept elsewhere than
// asked: the row's line, the column, and what happened, quoting the whole cell.
struct ImportWarning {
  std::uint64_t line = 0;
  std::uint64_t column = 0;  // 1-based, 0 when unknown (vCard)
  std::string field;         // the column header (vCard: the field)
  std::string message;       // in English, as --json says it
  std::string said{};        // `message` in the user's language, for people (empty: message)
};

struct SensitiveHit {
  std::uint64_t line = 0;
  std::string field;  // the header of the free-text column
  std::string word;   // the word of the list that matched, as the list spells it
};

struct ImportRequest {
  plugin::ImportOptions options;  // options.path is the file
  std::string format;             // "csv", "xlsx", "vcard": recorded in the batch
  std::string source;             // a label; the file's name when empty
  // The basis given (--basis), recorded as such; Unspecified when none was. A B2C row is never
  // recorded under legitimate interest (it does not cover e-mail prospecting of consumers, CPCE
  // L34-5): such a row's basis is recorded as unspecified and counted.
  LawfulBasis basis = LawfulBasis::Unspecified;
  // Every row's kind (--b2b, --b2c); when absent, each row's kind comes from a mapped column
  // ("B2B/B2C", "Type de client": b2b, pro, entreprise / b2c, particulier) or is inferred (an
  // organisation → B2B, none → B2C), and the provenance says which.
  std::optional<ContactKind> kind;
  // The collection date (--collected) for rows without a collection-date column; when absent, the
  // file's own modification date. Recorded with where it came from.
  std::optional<Time> collected_at;
  ColumnMap column_map;           // overrides the aliases and presets
  // The region national phone numbers are read in (ISO 3166, "FR", "BE"...). A row's country
  // (a Country column, a vCard's ADR) overrides it for that row when it names a known country.
  std::string region = "FR";
  bool dry_run = false;
  bool skip_invalid = false;
  // Called for every rejected row under skip_invalid (the full report: the summary keeps the
  // first kMaxListed only). The row holds personal data: write it somewhere private.
  std::function<void(const RejectedRow&)> on_rejected;
};

// A row merged rather than added: into a contact the vault already held, or with an earlier row of
// the same file (then `contact` is empty: in a dry run that contact was never written).
struct MergedRow {
  std::uint64_t line = 0;
  std::optional<Id> contact;        // the contact the vault held before this import
  std::uint64_t first_line = 0;     // else the line of this file's row it merged with
  std::string by;                   // "email" or "phone": what they share
  std::string value;                // the shared e-mail (lower case) or phone (E.164)
};

// A row kept apart from a contact (or an earlier row) it shares a phone or a role address with
// (contact@, accueil@...), because their names differ: colleagues on one switchboard are not one
// person. Listed so that a human can look; nothing was merged.
struct PossibleDuplicate {
  std::uint64_t line = 0;           // the row, added as its own contact
  std::optional<Id> contact;        // the vault's contact it shares the value with...
  std::uint64_t other_line = 0;     // ...or the line of this file's row
  std::string by;                   // "phone" or "email"
  std::string value;                // the shared phone (E.164) or address (lower case)
};

struct ImportSummary {
  static constexpr std::size_t kMaxListed = 1000;
  std::string batch;   // the batch id ("" for a dry run that found nothing to write)
  std::string file;    // the file's name, without folders
  std::string sha256;  // hex, of the file's bytes
  std::string format;
  std::string preset;  // "google", "outlook", "zoho", "hubspot" or "" (aliases only)
  bool dry_run = false;
  std::int64_t rows = 0;        // records the plugin read (header excluded)
  std::int64_t added = 0;
  std::int64_t merged = 0;      // rows merged into an existing contact or an earlier row
  std::int64_t rejected = 0;
  std::int64_t suppressed = 0;  // rows skipped: an e-mail or phone is on the suppression list
  // Rows skipped: the person was erased for retention after this row's collection date (a keyed
  // tombstone of their e-mail or phone, coffre/retention.h); a newer collection is a new clock.
  std::int64_t expired = 0;
  std::int64_t empty = 0;       // rows with nothing in any mapped column, skipped silently
  std::int64_t sensitive_rows = 0;
  std::int64_t unspecified_basis_rows = 0;   // rows added or merged with no lawful basis recorded
  std::int64_t b2c_basis_withheld_rows = 0;  // of them, B2C rows the given legitimate interest does not cover
  std::int64_t kind_column_rows = 0;         // rows whose B2B/B2C came from a column
  std::int64_t kind_inferred_rows = 0;       // rows whose B2B/B2C was inferred (organisation or not)
  std::int64_t collected_column_rows = 0;    // rows whose collection date came from a column
  std::string collected_from;                // for the others: "option" (--collected) or "file-date"
  Time collected_at = 0;                     // that date
  std::int64_t opted_out = 0;                // rows that opted out of e-mail: an objection recorded
  std::int64_t warning_count = 0;            // values dropped from imported rows (ImportWarning)
  std::vector<ImportWarning> warnings;       // the first kMaxListed
  std::vector<SensitiveHit> sensitive;       // the first kMaxListed hits
  std::vector<RejectedRow> rejected_rows;    // the first kMaxListed
  std::vector<MergedRow> merges;             // the first kMaxListed
  std::int64_t possible_duplicate_rows = 0;  // rows kept apart (see PossibleDuplicate)
  std::vector<PossibleDuplicate> possible_duplicates;  // the first kMaxListed
  std::vector<std::pair<std::string, std::string>> mapping;  // header -> field, as used
  std::vector<std::string> ignored_columns;  // headers mapped to nothing
  // The newest earlier import of the very same file (same SHA-256), if it was not undone.
  struct Earlier {
    std::string batch;
    Time imported_at = 0;
  };
  std::optional<Earlier> already_imported;
};

// Reads `request.options.path` through `importer` and imports it (see above). Failures:
// InvalidInput (malformed file or row, message "FILE: line L, column C, field F: reason"),
// IoError, and whatever the stores return. Plugin exceptions are caught (call_plugin).
Result<ImportSummary> run_import(Vault& vault, plugin::Importer& importer, const ImportRequest& request,
                                 Progress& progress);

struct ImportBatch {
  std::string id, source, file_name, sha256, format;
  LawfulBasis basis = LawfulBasis::Unspecified;
  std::optional<ContactKind> kind;  // nullopt: per row (a column, or inferred)
  std::optional<Time> collected_at;  // the batch's collection date for rows without their own
  std::string collected_from;        // "option", "file-date", "" (before migration 8)
  Time imported_at = 0;
  std::int64_t added = 0, merged = 0, rejected = 0, suppressed = 0, sensitive = 0;
  std::int64_t still_present = 0;  // contacts the batch added that are still in the vault
  std::optional<Time> undone_at;
};
// Newest first.
Result<std::vector<ImportBatch>> list_import_batches(Vault& vault);

struct ImportUndoOptions {
  bool dry_run = false;         // say what would be erased; write nothing
  bool include_edited = false;  // also erase contacts worked on after the import
};

struct ImportUndoResult {
  std::string batch;
  bool dry_run = false;
  std::int64_t erased = 0;       // contacts the batch added, erased (or, dry run, to erase)
  std::int64_t merged_kept = 0;  // contacts it merged into: kept, with what the batch filled in
  std::vector<Id> contacts;      // the contacts erased (or that would be), by id
  // Of the contacts the batch added, those worked on after it: edited, or given a note, an
  // interaction or a document (their audit entries say so), or merged into by a later import.
  std::vector<Id> edited;
};
// Erases every contact the batch added (erase_contacts, ErasureReason::ImportUndo: rows, subject
// key, documents, WAL) and marks the batch undone. Contacts the batch only merged into existed
// before it and are kept, with their own data and whatever the batch added to them (an undo does
// not rewind fields). Contacts worked on after the import are someone's work: without
// include_edited the undo refuses (Conflict, naming them) and erases nothing. A dry run writes
// nothing and returns the same result, `edited` included, without refusing. NotFound for an
// unknown batch; Conflict if it was already undone.
Result<ImportUndoResult> undo_import(Vault& vault, std::string_view batch, Progress& progress,
                                     const ImportUndoOptions& options = {});

}  // namespace coffre
