// The right of access (GDPR art. 15, and art. 20's machine-readable copy): everything the vault
// holds about one person, gathered by the core into a plugin::SubjectView that any access
// exporter plugin (coffre/plugin/exporter.h) lays out as JSON, text or whatever it writes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "coffre/model.h"
#include "coffre/plugin/exporter.h"
#include "coffre/progress.h"
#include "coffre/status.h"
#include "coffre/vault.h"

namespace coffre {

// The person's data, read in one transaction (a consistent snapshot), in these sections, always
// all of them, in this order (the data map's, coffre/data_map.h, which names the tables that feed
// each), even when empty:
//   identity      names, kind, category, temperature, role, address, source, dates, the
//                 retention clock (last contact from the person)
//   emails, phones
//   organisation  the company the person works for (none for a consumer)
//   notes         every note, whole
//   interactions  calls, e-mails, meetings, letters, with their outcome and summary
//   documents     the files kept about the person (name, size, SHA-256, date; not their content:
//                 `coffre access export --documents DIR` or `coffre doc get` gives the files)
//   provenance    where the data came from (GDPR art. 15(1)(g)): each import that added or
//                 completed the person, its source label, file, date, line and lawful basis
//   history       the audit log's entries about the person: what was done, when
// Titles, descriptions and labels are in `language`: "en" or "fr" (InvalidInput otherwise); values
// keep their stable spellings in both. NotFound for an unknown contact. Reading writes nothing.
Result<plugin::SubjectView> subject_view(Vault& vault, Id contact_id, const std::string& language = "en");

struct AccessExportResult {
  std::string subject;  // pseudonym
  std::string format;
  std::filesystem::path path;
  std::uint64_t bytes = 0;
  std::int64_t items = 0;      // items over all sections
  std::int64_t documents = 0;  // document files written next to it (with documents_dir)
};

struct AccessExportRequest {
  Id contact_id = 0;
  std::string format;              // one of the exporter's formats()
  std::string language = "en";     // "en" or "fr": the words of the view and of the exporter
  std::filesystem::path output;    // created 0600; never a temp file; wiped if anything fails
  bool overwrite = false;
  std::filesystem::path documents_dir;  // when set: each document decrypted into it as "<id>-<name>"
};

// Writes the person's view through `exporter` into request.output (util::PrivateOutput: 0600, no
// symbolic link, refused if it exists unless overwrite, zeroed and removed on any failure) and,
// with documents_dir, their documents into that folder (created 0700 if missing). Appends an
// "access.export" audit entry naming the pseudonym and the format, never personal data.
// Plugin exceptions are caught. Failures: NotFound (contact), Conflict (output exists),
// InvalidInput (unknown format), IoError, Internal (the plugin failed: its message).
// `progress` hears the documents' decryption (a bar on a terminal for big files).
Result<AccessExportResult> export_subject(Vault& vault, plugin::AccessExporter& exporter,
                                          const AccessExportRequest& request, Progress& progress);

}  // namespace coffre
