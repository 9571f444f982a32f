// Importing a file (coffre/import.h does the reading, mapping and merging): choosing the importer
// plugin, reading the options a person types, writing the rejected rows where they asked, and
// shredding the source once it is safely in the vault. Undoing an import.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "coffre/app/session.h"
#include "coffre/import.h"
#include "coffre/plugin/shredder.h"
#include "coffre/progress.h"

namespace coffre::app {

struct ImportFileRequest {
  std::filesystem::path file;
  std::string format = "auto";              // auto (the plugins sniff the file), csv, xlsx, vcard
  std::filesystem::path map_file;           // column mapping (parse_column_map), empty for none
  std::string source;                       // provenance label; the file's name when empty
  // consent, legitimate-interest, contract; empty: none given, recorded as unspecified (nothing is
  // assumed). Usage for legitimate-interest with kind B2C: it does not cover prospecting consumers
  // by e-mail (CPCE L34-5).
  std::string basis;
  std::optional<ContactKind> kind;  // --b2b/--b2c; none: per row (a column, else inferred)
  std::string collected;            // --collected YYYY-MM-DD: when the data was collected; empty: the file's date
  // The region of national phone numbers (ISO 3166: FR, BE, CH, GP...), any case; Usage if unknown.
  std::string region = "FR";
  bool dry_run = false;
  bool skip_invalid = false;
  // With skip_invalid: every rejected row, as a `;` CSV (UTF-8, BOM) created 0600, since it holds
  // the rejected people's data. Removed again if the import fails.
  std::filesystem::path report_file;
  std::string sheet;      // xlsx: the sheet (default: the first)
  std::string charset;    // force the charset
  std::string delimiter;  // force the CSV delimiter: ";", ",", "tab" (or its words), empty: sniff
  // After a successful import, shred the file, unless rejected rows live only in it (no report).
  bool shred_source = false;
};

struct ImportFileResult {
  ImportSummary summary;
  ImportRequest request;  // the request as run (source, basis, kind...: what the summary reports)
  // With shred_source: what the shredder did, or why the source was kept (the import itself
  // succeeded either way; a front end reports this status as the run's outcome).
  std::optional<plugin::ShredFileResult> source_shredded;
  Status shred_status;
};

// Usage for contradictory options (with the option's name), NotFound for a missing file or no
// importer that reads it, InvalidInput for a folder or a malformed file (run_import's messages:
// file, line, column, field), IoError.
Result<ImportFileResult> import_file(Session& session, const ImportFileRequest& request, Progress& progress);

// Erases the contacts a batch added (coffre/import.h undo_import: dry run, refusal of contacts
// worked on since unless include_edited).
Result<ImportUndoResult> undo_import(Session& session, std::string_view batch, Progress& progress,
                                     const ImportUndoOptions& options = {});

}  // namespace coffre::app
