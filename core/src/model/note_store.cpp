// Notes on a contact or an organisation. A note is searchable through its owner's search row: the
// contact's, or the organisation's (which finds everyone who works there).
#include <set>

#include "coffre/stores.h"
#include "model/removed_notes.h"
#include "model/store_support.h"
#include "model/text.h"
#include "coffre/i18n.h"

namespace coffre {

namespace model {
Result<std::string> clean_note_body(std::string_view body) {
  std::string cleaned = clean_text(body, /*keep_newlines=*/true);
  if (cleaned.empty()) return make_error(ErrorKind::InvalidInput, tr("a note cannot be empty"));
  if (cleaned.size() > kMaxNoteBytes) return make_error(ErrorKind::InvalidInput, tr("a note is limited to 1 MiB of text"));
  return cleaned;
}
}  // namespace model

namespace {

Result<Id> insert_note(storage::Database& db, const char* owner_column, Id owner, const std::string& body, Time now) {
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare(std::string("INSERT INTO notes(") + owner_column +
                                              ", body, created_at) VALUES(?, ?, ?)"));
  COFFRE_TRY(st.bind(1, owner).bind(2, body).bind(3, now).run());
  return db.last_insert_id();
}

Result<std::vector<Note>> notes_where(storage::Database& db, const char* owner_column, Id owner) {
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare(std::string("SELECT id, contact_id, org_id, body, created_at FROM notes "
                                                          "WHERE ") + owner_column + " = ? ORDER BY created_at, id"));
  st.bind(1, owner);
  std::vector<Note> out;
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    out.push_back({st.column_int(0), st.column_opt_int(1), st.column_opt_int(2), st.column_text(3), st.column_int(4)});
  }
  return out;
}

}  // namespace

Result<Id> NoteStore::add_to_contact(Id contact_id, std::string_view body) {
  auto& ctx = model::context_of(vault_);
  COFFRE_ASSIGN_OR_RETURN(std::string text, model::clean_note_body(body));
  storage::Transaction tx(ctx.db);
  COFFRE_TRY(tx.begin());
  COFFRE_ASSIGN_OR_RETURN(std::string pseudonym, model::contact_pseudonym(ctx.db, contact_id));
  COFFRE_ASSIGN_OR_RETURN(Id id, insert_note(ctx.db, "contact_id", contact_id, text, ctx.clock->now()));
  COFFRE_TRY(model::reindex_contact(ctx.db, contact_id));
  COFFRE_TRY(ctx.audit->append("note.add", pseudonym, "note=" + std::to_string(id)));
  COFFRE_TRY(tx.commit());
  return id;
}

Result<Id> NoteStore::add_to_organisation(Id org_id, std::string_view body) {
  auto& ctx = model::context_of(vault_);
  COFFRE_ASSIGN_OR_RETURN(std::string text, model::clean_note_body(body));
  storage::Transaction tx(ctx.db);
  COFFRE_TRY(tx.begin());
  COFFRE_ASSIGN_OR_RETURN(auto orgs, model::OrgResolver::prepare(ctx));
  COFFRE_TRY(orgs.by_id(org_id).status());
  COFFRE_ASSIGN_OR_RETURN(Id id, insert_note(ctx.db, "org_id", org_id, text, ctx.clock->now()));
  COFFRE_TRY(model::reindex_organisation(ctx.db, org_id));
  COFFRE_TRY(ctx.audit->append("note.add", std::nullopt, "org=" + std::to_string(org_id) + " note=" + std::to_string(id)));
  COFFRE_TRY(tx.commit());
  return id;
}

Status NoteStore::remove(Id note_id) {
  const Change change{note_id, std::nullopt};
  return rewrite(std::span<const Change>(&change, 1), "note.remove", NullProgress::instance());
}

Status NoteStore::edit(Id note_id, std::string_view body) {
  const Change change{note_id, std::string(body)};
  return rewrite(std::span<const Change>(&change, 1), "note.edit", NullProgress::instance());
}

Status NoteStore::rewrite(std::span<const Change> changes, std::string_view action, Progress& progress) {
  auto& ctx = model::context_of(vault_);
  if (changes.empty()) return {};
  progress.start(tr("Rewriting notes"), changes.size());
  {
    storage::Transaction tx(ctx.db);
    COFFRE_TRY(tx.begin());
    COFFRE_ASSIGN_OR_RETURN(auto owner, ctx.db.prepare("SELECT contact_id, org_id, body FROM notes WHERE id = ?"));
    COFFRE_ASSIGN_OR_RETURN(auto del, ctx.db.prepare("DELETE FROM notes WHERE id = ?"));
    COFFRE_ASSIGN_OR_RETURN(auto upd, ctx.db.prepare("UPDATE notes SET body = ? WHERE id = ?"));
    std::set<Id> contacts, orgs;
    std::uint64_t done = 0;
    for (const auto& c : changes) {
      owner.reset();
      owner.bind(1, c.id);
      COFFRE_ASSIGN_OR_RETURN(bool row, owner.step());
      if (!row) return make_error(ErrorKind::NotFound, trf("no note with id {}", {std::to_string(c.id)}));
      const auto contact_id = owner.column_opt_int(0), org_id = owner.column_opt_int(1);
      // Importing the same file again must not bring the old text back, removed or rewritten
      // (model/removed_notes.h).
      if (contact_id) COFFRE_TRY(model::remember_removed_note(ctx, *contact_id, owner.column_text(2), ctx.clock->now()));
      owner.reset();
      if (c.body) {
        COFFRE_ASSIGN_OR_RETURN(std::string text, model::clean_note_body(*c.body));
        COFFRE_TRY(upd.bind(1, text).bind(2, c.id).run());
      } else {
        COFFRE_TRY(del.bind(1, c.id).run());
      }
      // A batch that removes some notes and rewrites others says which.
      const std::string gone = !c.body && action != "note.remove" ? " removed" : "";
      if (contact_id) {
        COFFRE_ASSIGN_OR_RETURN(std::string pseudonym, model::contact_pseudonym(ctx.db, *contact_id));
        contacts.insert(*contact_id);
        COFFRE_TRY(ctx.audit->append(std::string(action), pseudonym, "note=" + std::to_string(c.id) + gone));
      } else {
        orgs.insert(*org_id);
        COFFRE_TRY(ctx.audit->append(std::string(action), std::nullopt,
                                     "org=" + std::to_string(*org_id) + " note=" + std::to_string(c.id) + gone));
      }
      if (++done % 256 == 0) progress.advance(done);
    }
    for (Id id : contacts) COFFRE_TRY(model::reindex_contact(ctx.db, id));
    for (Id id : orgs) COFFRE_TRY(model::reindex_organisation(ctx.db, id));
    COFFRE_TRY(tx.commit());
    progress.advance(done);
  }
  // The old text leaves the search index, the freed pages and the WAL.
  auto scrubbed = model::scrub_search_index(ctx.db);
  progress.finish();
  return scrubbed;
}

Status NoteStore::each(const std::function<Status(Note&&)>& visit) {
  auto& db = model::context_of(vault_).db;
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare("SELECT id, contact_id, org_id, body, created_at FROM notes ORDER BY id"));
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) return {};
    COFFRE_TRY(visit(Note{st.column_int(0), st.column_opt_int(1), st.column_opt_int(2), st.column_text(3), st.column_int(4)}));
  }
}

Result<Note> NoteStore::get(Id note_id) {
  auto& db = model::context_of(vault_).db;
  COFFRE_ASSIGN_OR_RETURN(auto notes, notes_where(db, "id", note_id));
  if (notes.empty()) return make_error(ErrorKind::NotFound, trf("no note with id {}", {std::to_string(note_id)}));
  return std::move(notes.front());
}

Result<std::vector<Note>> NoteStore::for_contact(Id contact_id) {
  auto& db = model::context_of(vault_).db;
  COFFRE_TRY(model::contact_pseudonym(db, contact_id).status());
  return notes_where(db, "contact_id", contact_id);
}

Result<std::vector<Note>> NoteStore::for_organisation(Id org_id) {
  auto& ctx = model::context_of(vault_);
  COFFRE_ASSIGN_OR_RETURN(auto orgs, model::OrgResolver::prepare(ctx));
  COFFRE_TRY(orgs.by_id(org_id).status());
  return notes_where(ctx.db, "org_id", org_id);
}

}  // namespace coffre
