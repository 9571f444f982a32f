// Adding contacts, one at a time or in batches. Both paths go through ContactWriter, which keeps
// its statements prepared for the whole run. The batch path is benchmarked against bare SQLCipher
// inserts of the same rows and against the same schema written by hand (bench/vault_bench.cpp,
// docs/performance.md): what it writes per contact is what costs, so keep it to what the features
// need.
#include <cstdio>

#include "coffre/stores.h"
#include "coffre/suppression.h"
#include "model/suppression_list.h"
#include "crypto/crypto.h"
#include "model/store_support.h"
#include "model/text.h"
#include "coffre/i18n.h"

namespace coffre {
namespace {

// A new contact's id: above every id the vault ever gave, so that an id a script still holds after
// a removal never reaches another person (the high-water mark is kept by a trigger, migration 5).
constexpr const char* kNextContactId =
    "(SELECT max(coalesce((SELECT max(id) FROM contacts), 0), coalesce((SELECT CAST(value AS INTEGER) FROM "
    "vault_meta WHERE key = 'contacts_id_high_water'), 0)) + 1)";

// Validates a NewContact and writes its rows: contact, emails, phones, search row. Nothing of a
// contact is written before all of it has been validated.
class ContactWriter {
 public:
  // With `check_suppression`, every new contact is checked against the suppression list.
  static Result<ContactWriter> prepare(detail::VaultContext& ctx, bool check_suppression) {
    ContactWriter w;
    w.ctx_ = &ctx;
    w.check_suppression_ = check_suppression;
    COFFRE_ASSIGN_OR_RETURN(w.orgs_, model::OrgResolver::prepare(ctx));
    COFFRE_ASSIGN_OR_RETURN(w.contact_, ctx.db.prepare(
        "INSERT INTO contacts(id, pseudonym, org_id, first_name, last_name, role, address, kind, category, "
        "temperature, source, collected_at, created_at, updated_at) VALUES(" +
        std::string(kNextContactId) + ",?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    COFFRE_ASSIGN_OR_RETURN(w.email_,
                            ctx.db.prepare("INSERT INTO contact_emails(contact_id, position, email, label) VALUES(?,?,?,?)"));
    COFFRE_ASSIGN_OR_RETURN(w.phone_,
                            ctx.db.prepare("INSERT INTO contact_phones(contact_id, position, phone, label) VALUES(?,?,?,?)"));
    COFFRE_ASSIGN_OR_RETURN(w.search_, model::SearchTerms::prepare(ctx.db));
    COFFRE_ASSIGN_OR_RETURN(w.note_, ctx.db.prepare("INSERT INTO notes(contact_id, body, created_at) VALUES(?, ?, ?)"));
    COFFRE_ASSIGN_OR_RETURN(w.taken_, ctx.db.prepare("SELECT 1 FROM contacts WHERE pseudonym = ?"));
    w.db_ = &ctx.db;
    return w;
  }

  struct Written {
    Id id = 0;
    std::string pseudonym;
    Id org_id = 0;  // 0: none
    std::size_t emails = 0, phones = 0, notes = 0;
  };

  Result<Written> insert(const NewContact& c, Time now) {
    const std::string first = model::clean_text(c.first_name), last = model::clean_text(c.last_name);
    COFFRE_ASSIGN_OR_RETURN(auto emails, model::normalise_emails(c.emails));
    COFFRE_ASSIGN_OR_RETURN(auto phones, model::normalise_phones(c.phones));
    std::vector<std::string> notes;
    notes.reserve(c.notes.size());
    for (const auto& n : c.notes) {
      auto body = model::clean_note_body(n);
      if (!body.ok()) return make_error(body.error().kind, "note " + std::to_string(notes.size() + 1) + ": " + body.error().message);
      notes.push_back(std::move(*body));
    }
    if (first.empty() && last.empty() && emails.empty() && phones.empty())
      return make_error(ErrorKind::InvalidInput, tr("a contact needs a first or last name, an email or a phone"));
    if (check_suppression_) COFFRE_TRY(model::refuse_suppressed(*ctx_, emails, phones));
    model::OrgInfo org;
    if (c.org_id) {
      COFFRE_ASSIGN_OR_RETURN(org, orgs_.by_id(*c.org_id));
    } else if (c.org_name && !model::clean_text(*c.org_name).empty()) {
      COFFRE_ASSIGN_OR_RETURN(org, orgs_.find_or_create(*c.org_name, now));
    }
    const auto role = model::clean_optional(c.role);
    Written w{0, next_pseudonym(), org.id, emails.size(), phones.size()};
    if (org.id) contact_.bind(2, org.id);
    else contact_.bind_null(2);
    contact_.bind(3, first).bind(4, last).bind(5, role).bind(6, model::clean_optional(c.address));
    contact_.bind(7, to_string(c.kind)).bind(8, to_string(c.category));
    if (c.temperature) contact_.bind(9, to_string(*c.temperature));
    else contact_.bind_null(9);
    contact_.bind(10, model::clean_optional(c.source)).bind(11, c.collected_at).bind(12, now).bind(13, now);
    // A pseudonym already taken (another run in the same second whose counter overlapped) fails
    // the UNIQUE constraint before anything is written: draw a new start and try again.
    for (int attempt = 0;; ++attempt) {
      contact_.bind(1, w.pseudonym);
      auto inserted = contact_.run();
      if (inserted.ok()) break;
      if (attempt == 3 || !pseudonym_taken(w.pseudonym)) return inserted;
      counter_valid_ = false;
      w.pseudonym = next_pseudonym();
    }
    w.id = db_->last_insert_id();
    for (auto [list, st] : {std::pair{&emails, &email_}, std::pair{&phones, &phone_}}) {
      std::int64_t pos = 0;
      for (const auto& item : *list) {
        st->bind(1, w.id).bind(2, pos++).bind(3, item.value).bind(4, item.label);
        COFFRE_TRY(st->run());
      }
    }
    for (const auto& n : notes) COFFRE_TRY(note_.bind(1, w.id).bind(2, n).bind(3, now).run());
    w.notes = notes.size();
    {
      std::vector<std::string> numbers;
      for (const auto& p : phones) numbers.push_back(p.value);
      const auto row = model::search_row(first, last, role, notes, {}, numbers);
      COFFRE_TRY(search_.put_contact(w.id, row, /*fresh=*/true));
    }
    return w;
  }

  int organisations_created() const { return orgs_.created(); }
  // A batch's search entries, written in key order at its end (SearchTerms::defer).
  void defer_search() { search_.defer(); }
  Status flush_search() { return search_.flush(); }

 private:
  // "S" + 8 random hex digits drawn once per writer (one run, one batch) + 8 hex digits of a
  // counter that starts at a random value: the only name the audit log gives a person. A batch's
  // pseudonyms follow each other, so it appends to one place of the UNIQUE index instead of
  // touching a random page of it per contact (at a million contacts, fully random pseudonyms made
  // the whole batch 1.7x slower, docs/performance.md). They reveal which contacts were written in
  // the same run, which the provenance holds anyway, and nothing else: not the creation time, as
  // the earlier time-based prefix did (issue 17, item 4).
  std::string next_pseudonym() {
    if (!counter_valid_) {
      const auto r = crypto::random_bytes(8);
      prefix_ = std::uint32_t{r[0]} << 24 | std::uint32_t{r[1]} << 16 | std::uint32_t{r[2]} << 8 | r[3];
      counter_ = (std::uint32_t{r[4]} << 24 | std::uint32_t{r[5]} << 16 | std::uint32_t{r[6]} << 8 | r[7]) >> 1;
      counter_valid_ = true;
    }
    if (counter_ == 0xffffffffu) counter_valid_ = false;  // the next one draws a new prefix
    char buf[18];
    std::snprintf(buf, sizeof buf, "S%08x%08x", prefix_, counter_++);
    return buf;
  }

  bool pseudonym_taken(const std::string& p) {
    taken_.reset();
    taken_.bind(1, p);
    auto row = taken_.step();
    taken_.reset();
    return row.ok() && *row;
  }

  std::uint32_t counter_ = 0, prefix_ = 0;
  bool counter_valid_ = false;

  storage::Database* db_ = nullptr;
  detail::VaultContext* ctx_ = nullptr;
  bool check_suppression_ = true;
  model::OrgResolver orgs_;
  storage::Statement contact_, email_, phone_, note_, taken_;
  model::SearchTerms search_;
};

}  // namespace

Result<Id> ContactStore::add(const NewContact& c) {
  auto& ctx = model::context_of(vault_);
  storage::Transaction tx(ctx.db);
  COFFRE_TRY(tx.begin());
  COFFRE_ASSIGN_OR_RETURN(auto writer, ContactWriter::prepare(ctx, true));
  COFFRE_ASSIGN_OR_RETURN(auto w, writer.insert(c, ctx.clock->now()));
  if (writer.organisations_created() > 0)
    COFFRE_TRY(ctx.audit->append("org.add", std::nullopt, "org=" + std::to_string(w.org_id)));
  COFFRE_TRY(ctx.audit->append("contact.add", w.pseudonym,
                               "emails=" + std::to_string(w.emails) + " phones=" + std::to_string(w.phones) +
                                   (w.notes ? " notes=" + std::to_string(w.notes) : std::string())));
  COFFRE_TRY(tx.commit());
  return w.id;
}

Result<std::vector<Id>> ContactStore::add_batch(std::span<const NewContact> contacts, Progress& progress,
                                                const std::function<std::string(std::size_t)>& name_row) {
  auto& ctx = model::context_of(vault_);
  storage::Transaction tx(ctx.db);
  COFFRE_TRY(tx.begin());
  // An empty suppression list (the usual case) costs the batch nothing.
  COFFRE_ASSIGN_OR_RETURN(std::int64_t suppressed, suppression_count(vault_));
  COFFRE_ASSIGN_OR_RETURN(auto writer, ContactWriter::prepare(ctx, suppressed > 0));
  writer.defer_search();
  const Time now = ctx.clock->now();
  std::vector<Id> ids;
  ids.reserve(contacts.size());
  std::size_t notes = 0;
  progress.start(tr("Adding contacts"), contacts.size());
  for (std::size_t i = 0; i < contacts.size(); ++i) {
    auto w = writer.insert(contacts[i], now);
    if (!w.ok()) {
      progress.finish();
      // The whole batch rolls back; say which row, counted from 1 as a spreadsheet would.
      const std::string who = name_row ? name_row(i) : "contact " + std::to_string(i + 1) + " of the batch";
      return make_error(w.error().kind, who + ": " + w.error().message);
    }
    ids.push_back(w->id);
    notes += w->notes;
    if ((i + 1) % 1000 == 0) progress.advance(i + 1);
  }
  COFFRE_TRY(writer.flush_search());
  COFFRE_TRY(ctx.audit->append("contact.add_batch", std::nullopt,
                               "contacts=" + std::to_string(ids.size()) +
                                   " organisations_created=" + std::to_string(writer.organisations_created()) +
                                   (notes ? " notes=" + std::to_string(notes) : std::string())));
  COFFRE_TRY(tx.commit());
  progress.advance(contacts.size());
  progress.finish();
  return ids;
}

}  // namespace coffre
