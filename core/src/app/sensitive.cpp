#include "coffre/app/sensitive.h"

#include "coffre/stores.h"
#include "coffre/i18n.h"

namespace coffre::app {

std::string_view to_string(SensitiveSource s) {
  switch (s) {
    case SensitiveSource::Contact: return "contact";
    case SensitiveSource::Note: return "note";
    case SensitiveSource::Interaction: return "interaction";
  }
  return "note";
}

std::vector<SensitiveFinding> scan_text(SensitiveSource source, Id id, std::optional<Id> contact_id,
                                        const std::string& field, std::string_view text) {
  std::vector<SensitiveFinding> out;
  for (auto& m : find_special_categories(text))
    out.push_back({source, id, contact_id, std::nullopt, field, std::move(m.word), m.category});
  return out;
}

namespace {

void append(std::vector<SensitiveFinding>& to, std::vector<SensitiveFinding>&& more) {
  for (auto& f : more) to.push_back(std::move(f));
}

Status scan_contacts(Vault& vault, std::vector<SensitiveFinding>& out) {
  return ContactStore(vault).each({}, [&](Contact&& c) {
    if (c.role) append(out, scan_text(SensitiveSource::Contact, c.id, c.id, "role", *c.role));
    if (c.address) append(out, scan_text(SensitiveSource::Contact, c.id, c.id, "address", *c.address));
    if (c.source) append(out, scan_text(SensitiveSource::Contact, c.id, c.id, "source", *c.source));
    return Status{};
  });
}

}  // namespace

Result<std::vector<SensitiveFinding>> scan_vault(Session& session, Progress& progress) {
  auto& vault = session.vault();
  std::vector<SensitiveFinding> out;
  progress.start(tr("Scanning"), 3);
  COFFRE_TRY(scan_contacts(vault, out));
  progress.advance(1);
  COFFRE_TRY(NoteStore(vault).each([&](Note&& n) {
    auto found = scan_text(SensitiveSource::Note, n.id, n.contact_id, "body", n.body);
    for (auto& f : found) f.org_id = n.org_id;
    append(out, std::move(found));
    return Status{};
  }));
  progress.advance(2);
  COFFRE_TRY(InteractionStore(vault).each_with_summary([&](Interaction&& i) {
    append(out, scan_text(SensitiveSource::Interaction, i.id, i.contact_id, "summary", i.summary.value_or("")));
    return Status{};
  }));
  progress.advance(3);
  progress.finish();
  return out;
}

Result<RedactNoteResult> redact_note(Session& session, Id note_id, std::string_view word, RedactScope scope) {
  NoteStore notes(session.vault());
  COFFRE_ASSIGN_OR_RETURN(Note note, notes.get(note_id));
  const auto matches = find_word(note.body, word);
  if (matches.empty())
    return make_error(ErrorKind::NotFound,
                      trf("note {0} does not contain \"{1}\": nothing changed", {std::to_string(note_id), word}));
  RedactNoteResult r;
  r.note = note_id;
  r.matches = matches.size();
  r.text = redact(note.body, matches, scope);
  r.removed = r.text.empty();
  const NoteStore::Change change{note_id, r.removed ? std::nullopt : std::optional<std::string>(r.text)};
  COFFRE_TRY(notes.rewrite(std::span<const NoteStore::Change>(&change, 1), r.removed ? "note.remove" : "note.redact",
                           NullProgress::instance()));
  return r;
}

Result<RedactAllResult> redact_all(Session& session, Progress& progress) {
  auto& vault = session.vault();
  RedactAllResult r;
  std::vector<NoteStore::Change> note_changes;
  COFFRE_TRY(NoteStore(vault).each([&](Note&& n) {
    auto matches = find_special_categories(n.body);
    if (matches.empty()) return Status{};
    r.matches += static_cast<std::int64_t>(matches.size());
    std::string text = redact(n.body, matches, RedactScope::Sentence);
    if (text.empty()) ++r.notes_removed;
    else ++r.notes_rewritten;
    note_changes.push_back({n.id, text.empty() ? std::nullopt : std::optional<std::string>(std::move(text))});
    return Status{};
  }));
  std::vector<InteractionStore::SummaryChange> summary_changes;
  COFFRE_TRY(InteractionStore(vault).each_with_summary([&](Interaction&& i) {
    auto matches = find_special_categories(i.summary.value_or(""));
    if (matches.empty()) return Status{};
    r.matches += static_cast<std::int64_t>(matches.size());
    std::string text = redact(*i.summary, matches, RedactScope::Sentence);
    ++r.summaries_rewritten;
    summary_changes.push_back({i.id, text.empty() ? std::nullopt : std::optional<std::string>(std::move(text))});
    return Status{};
  }));
  COFFRE_TRY(NoteStore(vault).rewrite(note_changes, "note.redact", progress));
  COFFRE_TRY(InteractionStore(vault).rewrite_summaries(summary_changes, "interaction.redact", progress));
  COFFRE_TRY(scan_contacts(vault, r.left));
  return r;
}

}  // namespace coffre::app
