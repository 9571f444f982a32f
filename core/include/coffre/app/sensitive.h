// Special-category data (GDPR art. 9) in a vault: finding it and taking it out, at the scale of an
// import of 100,000 rows. The scan is coffre/special_categories.h's; the rewrites keep the
// guarantees of `note rm` (no page of the database or the WAL keeps the old text afterwards) and
// write one audit entry per note or interaction, naming it, never its text.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "coffre/app/session.h"
#include "coffre/model.h"
#include "coffre/progress.h"
#include "coffre/special_categories.h"

namespace coffre::app {

// Where a word was found.
enum class SensitiveSource { Contact, Note, Interaction };
std::string_view to_string(SensitiveSource s);  // "contact", "note", "interaction"

struct SensitiveFinding {
  SensitiveSource source = SensitiveSource::Note;
  Id id = 0;                        // the contact's, note's or interaction's id
  std::optional<Id> contact_id;     // the person it is about (unset for an organisation's note)
  std::optional<Id> org_id;         // an organisation's note
  std::string field;                // "role", "address", "source", "body", "summary"
  std::string word;                 // as the list spells it
  SpecialCategory category = SpecialCategory::Health;
};

// The special-category words of free text a front end is about to write or has written (a
// note, a summary, a contact's fields), for its warning. One per match.
std::vector<SensitiveFinding> scan_text(SensitiveSource source, Id id, std::optional<Id> contact_id,
                                        const std::string& field, std::string_view text);

// Every hit in the vault: contacts' role, address and source, notes, interaction summaries.
Result<std::vector<SensitiveFinding>> scan_vault(Session& session, Progress& progress);

struct RedactNoteResult {
  Id note = 0;
  std::size_t matches = 0;  // occurrences of the word taken out
  bool removed = false;     // nothing was left: the note was removed
  std::string text;         // what the note says now (empty when removed)
};
// Takes `word` (a word or phrase, matched like the scan: accents and case folded, whole words)
// out of a note, with its sentence or alone. NotFound when there is no such note or the note
// does not contain the word (nothing changed). Audit: "note.redact", or "note.remove" when
// nothing is left.
Result<RedactNoteResult> redact_note(Session& session, Id note_id, std::string_view word, RedactScope scope);

struct RedactAllResult {
  std::int64_t notes_rewritten = 0, notes_removed = 0, summaries_rewritten = 0;
  std::int64_t matches = 0;
  std::vector<SensitiveFinding> left;  // hits not redacted: contacts' own fields (edit them)
};
// Every special-category sentence out of every note and interaction summary, in one transaction
// for each kind, one audit entry per note or interaction ("note.redact", "interaction.redact"),
// one index merge and WAL truncation at the end. Contacts' fields are listed, not changed.
Result<RedactAllResult> redact_all(Session& session, Progress& progress);

}  // namespace coffre::app
