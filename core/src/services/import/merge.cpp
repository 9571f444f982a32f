#include "services/import/merge.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "coffre/consent.h"
#include "coffre/stores.h"
#include "model/removed_notes.h"
#include "model/store_support.h"
#include "model/text.h"
#include "services/import/same_person.h"
#include "vault/context.h"

namespace coffre::services::import {

namespace {
bool append_missing(std::vector<Labelled>& into, const std::vector<Labelled>& from) {
  bool changed = false;
  for (const auto& f : from) {
    bool present = false;
    for (const auto& i : into) present |= i.value == f.value;
    if (!present) {
      into.push_back(f);
      changed = true;
    }
  }
  return changed;
}
template <typename T>
bool fill(T& into, const T& from) {
  if (into.empty() && !from.empty()) {
    into = from;
    return true;
  }
  return false;
}
bool fill_opt(std::optional<std::string>& into, const std::optional<std::string>& from) {
  if ((!into || into->empty()) && from && !from->empty()) {
    into = from;
    return true;
  }
  return false;
}
// Whether `line` is one of the lines of `text`.
bool has_line(const std::string& text, const std::string& line) {
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (text.compare(start, end - start, line) == 0) return true;
    start = end + 1;
  }
  return false;
}
}  // namespace

bool merge_new_contact(NewContact& into, const NewContact& from) {
  bool changed = fill(into.first_name, from.first_name);
  changed |= fill(into.last_name, from.last_name);
  changed |= fill_opt(into.role, from.role);
  changed |= fill_opt(into.address, from.address);
  changed |= fill_opt(into.org_name, from.org_name);
  changed |= append_missing(into.emails, from.emails);
  changed |= append_missing(into.phones, from.phones);
  return changed;
}

Result<Merger> Merger::prepare(Vault& vault, std::string batch, ImportSummary& summary) {
  auto& db = vault.context().db;
  Merger m;
  m.vault_ = &vault;
  m.batch_ = std::move(batch);
  m.summary_ = &summary;
  // Every contact holding the value: colleagues kept apart may share it.
  COFFRE_ASSIGN_OR_RETURN(m.by_email_, db.prepare("SELECT contact_id FROM contact_emails WHERE email = ? ORDER BY contact_id"));
  COFFRE_ASSIGN_OR_RETURN(m.by_phone_, db.prepare("SELECT contact_id FROM contact_phones WHERE phone = ? ORDER BY contact_id"));
  COFFRE_ASSIGN_OR_RETURN(m.names_, db.prepare("SELECT first_name, last_name FROM contacts WHERE id = ?"));
  // A row with a name but no e-mail or phone: the contact of the same name and organisation that
  // an earlier import of the same source added or completed (issue 9 item 4). Names as stored
  // (cleaned), compared without case; rows of this very import are not matched, as before.
  COFFRE_ASSIGN_OR_RETURN(m.by_name_, db.prepare(
      "SELECT c.id FROM contacts c WHERE c.last_name = ?1 COLLATE NOCASE AND c.first_name = ?2 COLLATE NOCASE "
      "AND coalesce((SELECT o.name FROM organisations o WHERE o.id = c.org_id), '') = ?3 COLLATE NOCASE "
      "AND EXISTS(SELECT 1 FROM contact_provenance p JOIN import_batches b ON b.id = p.batch_id WHERE "
      "p.contact_id = c.id AND p.batch_id <> ?4 AND b.source = (SELECT source FROM import_batches WHERE id = ?4)) "
      "ORDER BY c.id LIMIT 1"));
  COFFRE_ASSIGN_OR_RETURN(m.removed_notes_, model::RemovedNotes::prepare(vault.context()));
  COFFRE_ASSIGN_OR_RETURN(m.same_note_, db.prepare("SELECT body FROM notes WHERE contact_id = ?"));
  COFFRE_ASSIGN_OR_RETURN(m.added_line_, db.prepare("SELECT line FROM contact_provenance WHERE contact_id = ? AND "
                                                    "batch_id = ? AND action = 'added'"));
  COFFRE_ASSIGN_OR_RETURN(m.provenance_, db.prepare("INSERT OR IGNORE INTO contact_provenance(contact_id, batch_id, "
                                                    "action, line, lawful_basis, kind_from, collected_at, collected_from) "
                                                    "VALUES(?,?,?,?,?,?,?,?)"));
  return m;
}

Result<bool> Merger::same_names(Id id, const NewContact& c) {
  names_.reset();
  names_.bind(1, id);
  COFFRE_ASSIGN_OR_RETURN(bool row, names_.step());
  const bool agree = row && names_agree(names_.column_text(0), names_.column_text(1), c.first_name, c.last_name);
  names_.reset();
  return agree;
}

Result<std::optional<Merger::Match>> Merger::find_existing(const NewContact& c, std::optional<Match>& apart) {
  if (c.emails.empty() && c.phones.empty()) {
    const std::string first = model::clean_text(c.first_name), last = model::clean_text(c.last_name);
    if (first.empty() && last.empty()) return std::optional<Match>();
    by_name_.reset();
    by_name_.bind(1, last).bind(2, first).bind(3, model::clean_text(c.org_name.value_or(""))).bind(4, batch_);
    COFFRE_ASSIGN_OR_RETURN(bool row, by_name_.step());
    const Id id = row ? by_name_.column_int(0) : 0;
    by_name_.reset();
    if (row) return std::optional<Match>(Match{id, "name", first.empty() ? last : last.empty() ? first : first + " " + last});
    return std::optional<Match>();
  }
  for (auto [list, st, by] : {std::tuple{&c.emails, &by_email_, "email"}, std::tuple{&c.phones, &by_phone_, "phone"}}) {
    for (const auto& item : *list) {
      // A personal address is the person; a phone or a role address may be a colleague's.
      const bool shared = std::string_view(by) == "phone" || is_role_address(item.value);
      st->reset();
      st->bind(1, item.value);
      COFFRE_ASSIGN_OR_RETURN(auto ids, st->all_ints());
      st->reset();
      for (Id id : ids) {
        bool same = true;
        if (shared) {
          COFFRE_ASSIGN_OR_RETURN(same, same_names(id, c));
        }
        if (same) return std::optional<Match>(Match{id, by, item.value});
        if (!apart) apart = Match{id, by, item.value};
      }
    }
  }
  return std::optional<Match>();
}

Status Merger::name_contact(Id id, std::optional<Id>& contact, std::uint64_t& line) {
  // A contact of the vault; one an earlier chunk of this import added is named by its line: in a
  // dry run its id is rolled back, and either way the user knows the file, not the id.
  added_line_.reset();
  added_line_.bind(1, id).bind(2, batch_);
  COFFRE_ASSIGN_OR_RETURN(bool added_here, added_line_.step());
  if (added_here) line = static_cast<std::uint64_t>(added_line_.column_int(0));
  else contact = id;
  added_line_.reset();
  return {};
}

Status Merger::report_apart(std::uint64_t line, const Match& match, std::uint64_t other_line) {
  ++summary_->possible_duplicate_rows;
  if (summary_->possible_duplicates.size() >= ImportSummary::kMaxListed) return {};
  PossibleDuplicate d{line, std::nullopt, other_line, match.by, match.value};
  if (other_line == 0) COFFRE_TRY(name_contact(match.id, d.contact, d.other_line));
  summary_->possible_duplicates.push_back(std::move(d));
  return {};
}

Status Merger::report(std::uint64_t line, const Match& match, std::uint64_t first_line) {
  if (summary_->merges.size() >= ImportSummary::kMaxListed) return {};
  MergedRow m{line, std::nullopt, first_line, match.by, match.value};
  if (first_line == 0) COFFRE_TRY(name_contact(match.id, m.contact, m.first_line));
  summary_->merges.push_back(std::move(m));
  return {};
}

Status Merger::provenance(Id id, const char* action, const BuiltRow& row) {
  provenance_.reset();
  provenance_.bind(1, id).bind(2, batch_).bind(3, action).bind(4, static_cast<std::int64_t>(row.line));
  provenance_.bind(5, std::string(to_string(row.basis))).bind(6, row.kind_from);
  if (row.collected_at) provenance_.bind(7, *row.collected_at);
  else provenance_.bind_null(7);
  return provenance_.bind(8, row.collected_from).run();
}

Status Merger::objection(Id id, const BuiltRow& row) {
  if (!row.email_opt_out) return {};
  ConsentStore consent(*vault_);
  COFFRE_ASSIGN_OR_RETURN(auto events, consent.history(id));
  if (auto state = consent_state(events, Channel::Email, kDefaultPurpose);
      state && state->status == ConsentEventKind::Objected)
    return {};
  NewConsentEvent e;
  e.contact_id = id;
  e.event = ConsentEventKind::Objected;
  e.channel = Channel::Email;
  e.method = ConsentMethod::Import;
  e.occurred_at = row.opt_out_at;
  e.source = summary_->file;
  e.note = row.opt_out_column + " (line " + std::to_string(row.line) + ", import " + batch_ +
           "); dated by the file, the latest the opt-out can have happened";
  return consent.record(e).status();
}

Status Merger::merge_into(Id id, const BuiltRow& row) {
  ContactStore contacts(*vault_);
  COFFRE_ASSIGN_OR_RETURN(auto existing, contacts.get(id));
  ContactPatch patch;
  bool changed = false;
  auto fill_text = [&](std::optional<std::string>& slot, const std::string& have, const std::string& value) {
    if (have.empty() && !value.empty()) {
      slot = value;
      changed = true;
    }
  };
  fill_text(patch.first_name, existing.first_name, row.contact.first_name);
  fill_text(patch.last_name, existing.last_name, row.contact.last_name);
  fill_text(patch.role, existing.role.value_or(""), row.contact.role.value_or(""));
  fill_text(patch.address, existing.address.value_or(""), row.contact.address.value_or(""));
  if (!existing.org_id) fill_text(patch.org_name, "", row.contact.org_name.value_or(""));
  auto emails = existing.emails, phones = existing.phones;
  if (append_missing(emails, row.contact.emails)) patch.emails = std::move(emails), changed = true;
  if (append_missing(phones, row.contact.phones)) patch.phones = std::move(phones), changed = true;
  if (changed) COFFRE_TRY(contacts.update(id, patch));
  for (const auto& note : row.notes) {
    // Importing the same file again (an updated export of the same CRM) must not pile up copies
    // of the same comment: a comment the contact already has, word for word, as a note or as a
    // line of one (earlier versions joined comments into one note), is not added again.
    bool known = false;
    if (auto body = model::clean_note_body(note); body.ok()) {
      same_note_.reset();
      same_note_.bind(1, id);
      for (;;) {
        COFFRE_ASSIGN_OR_RETURN(bool more, same_note_.step());
        if (!more || known) break;
        const std::string have = same_note_.column_text(0);
        known = have == *body || has_line(have, *body);
      }
      same_note_.reset();
      // Nor bring back a comment the user removed from the contact since (model/removed_notes.h).
      if (!known) {
        COFFRE_ASSIGN_OR_RETURN(known, removed_notes_.contains(id, *body));
      }
    }
    if (!known) COFFRE_TRY(NoteStore(*vault_).add_to_contact(id, note).status());
  }
  return provenance(id, "merged", row);
}

Status Merger::flush(std::vector<BuiltRow>& rows) {
  if (rows.empty()) return {};
  std::vector<NewContact> to_add;
  std::vector<std::uint64_t> lines;
  std::vector<const BuiltRow*> origin;  // the row each contact of to_add was made from
  std::vector<std::vector<const BuiltRow*>> objections;  // per contact of to_add, its rows that opted out
  std::map<std::string, std::vector<std::size_t>> keys;  // "e:<email>" / "p:<phone>" -> indexes in to_add
  // The earlier row of this chunk this row is (same personal e-mail; same phone or role address
  // and names that agree); `apart` receives the first one it shares a value with but is not.
  auto find_key = [&](const NewContact& c, std::optional<std::pair<std::size_t, Match>>& apart)
      -> std::optional<std::pair<std::size_t, Match>> {
    for (auto [list, prefix, by] : {std::tuple{&c.emails, "e:", "email"}, std::tuple{&c.phones, "p:", "phone"}}) {
      for (const auto& item : *list) {
        auto it = keys.find(prefix + item.value);
        if (it == keys.end()) continue;
        const bool shared = std::string_view(by) == "phone" || is_role_address(item.value);
        for (std::size_t i : it->second) {
          const auto& other = to_add[i];
          if (!shared || names_agree(other.first_name, other.last_name, c.first_name, c.last_name))
            return std::pair{i, Match{0, by, item.value}};
          if (!apart) apart = std::pair{i, Match{0, by, item.value}};
        }
      }
    }
    return std::nullopt;
  };
  auto register_keys = [&](const NewContact& c, std::size_t i) {
    auto add = [&](const std::string& k) {
      auto& v = keys[k];
      if (std::find(v.begin(), v.end(), i) == v.end()) v.push_back(i);
    };
    for (const auto& e : c.emails) add("e:" + e.value);
    for (const auto& p : c.phones) add("p:" + p.value);
  };
  for (auto& row : rows) {
    std::optional<Match> apart_in_vault;
    COFFRE_ASSIGN_OR_RETURN(auto existing, find_existing(row.contact, apart_in_vault));
    if (existing) {
      if (Status s = merge_into(existing->id, row); !s.ok())
        return make_error(s.kind(), summary_->file + ": line " + std::to_string(row.line) + ": " + s.message());
      COFFRE_TRY(report(row.line, *existing));
      COFFRE_TRY(objection(existing->id, row));
      ++summary_->merged;
      continue;
    }
    std::optional<std::pair<std::size_t, Match>> apart_in_chunk;
    if (auto found = find_key(row.contact, apart_in_chunk)) {
      const auto i = found->first;
      COFFRE_TRY(report(row.line, found->second, lines[i]));
      merge_new_contact(to_add[i], row.contact);
      // Each comment of the same person's rows is a note of its own; one already there is not repeated.
      for (auto& note : row.notes) {
        auto& notes = to_add[i].notes;
        const bool known =
            std::any_of(notes.begin(), notes.end(), [&](const auto& n) { return n == note || has_line(n, note); });
        if (!known) notes.push_back(std::move(note));
      }
      register_keys(to_add[i], i);
      if (row.email_opt_out) objections[i].push_back(&row);
      ++summary_->merged;
      continue;
    }
    if (apart_in_vault) COFFRE_TRY(report_apart(row.line, *apart_in_vault));
    else if (apart_in_chunk) COFFRE_TRY(report_apart(row.line, apart_in_chunk->second, lines[apart_in_chunk->first]));
    register_keys(row.contact, to_add.size());
    for (auto& note : row.notes) row.contact.notes.push_back(std::move(note));
    to_add.push_back(std::move(row.contact));
    lines.push_back(row.line);
    origin.push_back(&row);
    objections.emplace_back();
    if (row.email_opt_out) objections.back().push_back(&row);
  }
  if (to_add.empty()) return {};
  COFFRE_ASSIGN_OR_RETURN(auto ids, ContactStore(*vault_).add_batch(to_add, NullProgress::instance(), [&](std::size_t i) {
    return summary_->file + ": line " + std::to_string(lines[i]);
  }));
  for (std::size_t i = 0; i < ids.size(); ++i) {
    COFFRE_TRY(provenance(ids[i], "added", *origin[i]));
    for (const BuiltRow* r : objections[i]) COFFRE_TRY(objection(ids[i], *r));
  }
  summary_->added += static_cast<std::int64_t>(ids.size());
  return {};
}

}  // namespace coffre::services::import
