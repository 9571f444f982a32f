// What the stores of core/src/model share, private to the core: reading contacts back from their
// rows, resolving an organisation by name, normalising what a NewContact carries, and keeping the
// search index (terms per contact and per organisation, migration 11) in step with every write.
#pragma once

#include <map>
#include <unordered_map>
#include <unordered_set>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "coffre/model.h"
#include "coffre/stores.h"
#include "storage/database.h"
#include "vault/context.h"

namespace coffre::model {

inline detail::VaultContext& context_of(Vault& v) { return v.context(); }

// Emails lower-cased and checked, phones to E.164; labels cleaned. InvalidInput names the field
// and the value that failed. Duplicates (after normalisation) are dropped, first one kept.
Result<std::vector<Labelled>> normalise_emails(const std::vector<Labelled>& in);
Result<std::vector<Labelled>> normalise_phones(const std::vector<Labelled>& in);
std::optional<std::string> clean_optional(const std::optional<std::string>& s);

// ---- Reading contacts --------------------------------------------------------------------------
// The columns every contact query selects, in the order ContactReader::from_row expects; `c` is
// contacts and `o` the LEFT JOINed organisations.
inline constexpr std::string_view kContactSelect =
    "SELECT c.id, c.pseudonym, c.org_id, o.name, c.first_name, c.last_name, c.role, c.address, c.kind, "
    "c.category, c.temperature, c.source, c.collected_at, c.created_at, c.updated_at, c.last_inbound_at "
    "FROM contacts c LEFT JOIN organisations o ON o.id = c.org_id";
inline constexpr std::string_view kContactOrder =
    " ORDER BY c.last_name COLLATE NOCASE, c.first_name COLLATE NOCASE, c.id";

// Prepared once, reused for every contact of a listing.
class ContactReader {
 public:
  static Result<ContactReader> prepare(storage::Database& db);
  // One contact, with its emails and phones. NotFound: "no contact with id N".
  Result<Contact> get(Id id);
  // The contact on the current row of a statement that selected kContactSelect.
  Result<Contact> from_row(const storage::Statement& row);

 private:
  storage::Statement by_id_, emails_, phones_;
};

// Runs a statement built on kContactSelect to the end, reading each contact.
Result<std::vector<Contact>> read_contacts(storage::Database& db, storage::Statement& st);
// The same, handing each contact to `visit` as it is read.
Status visit_contacts(storage::Database& db, storage::Statement& st, const std::function<Status(Contact&&)>& visit);

// The pseudonym of a contact, or NotFound.
Result<std::string> contact_pseudonym(storage::Database& db, Id id);

// ---- Organisations -----------------------------------------------------------------------------
// What a contact's search row needs of its organisation.
struct OrgInfo {
  Id id = 0;
  std::string name;
};

// Finds organisations by id or by name (case-insensitive, accents included: "SOCIÉTÉ GÉNÉRALE"
// finds "Société Générale") and creates the missing ones, with a cache so that a batch of a
// million contacts from a few thousand companies asks the database once per company.
class OrgResolver {
 public:
  static Result<OrgResolver> prepare(detail::VaultContext& ctx);
  // NotFound when `id` is no organisation.
  Result<OrgInfo> by_id(Id id);
  // nullopt when no organisation has this name.
  Result<std::optional<Id>> find(std::string_view name);
  // Found or created. The caller writes the audit entry; created() counts the creations.
  Result<OrgInfo> find_or_create(std::string_view name, Time now);
  int created() const { return created_; }

 private:
  Result<std::optional<Id>> find_uncached(const std::string& key, std::string_view name);
  Result<OrgInfo> remember(Id id, std::string name);
  detail::VaultContext* ctx_ = nullptr;
  storage::Statement by_id_, by_nocase_, all_;
  std::unordered_map<std::string, Id> by_key_;  // fold_key(name) -> id
  std::map<Id, OrgInfo> info_;
  int created_ = 0;
  bool all_loaded_ = false;
};

// Validates and inserts an organisation (also used by find_or_create). InvalidInput for an empty
// name or a SIREN/SIRET that fails its checksum.
// `from_contact_row`: created for a person's row (an import, `contact add --org NAME`), not by
// `org add`; erasing the last person of such an organisation erases it too (erasure_journal.cpp).
Result<Id> insert_organisation(detail::VaultContext& ctx, const NewOrganisation& o, Time now,
                               bool from_contact_row = false);

// A note's text, cleaned (newlines kept); InvalidInput when empty or over 1 MiB.
Result<std::string> clean_note_body(std::string_view body);

// ---- The search index --------------------------------------------------------------------------
// Since migration 11 (docs/design-decisions.md "Search index: terms deleted in place"), a term
// index in two ordinary WITHOUT ROWID tables instead of FTS4: `search_terms(col, term,
// contact_id)`, one row per distinct term of a contact's column (col 0 `names`: first and last
// name; 1 `other`: role, the contact's notes, their interactions' summaries; 2 `phones`:
// phone_token() of each number), with an index by contact; and `org_search_terms(term, org_id)`,
// one row per distinct term of an organisation (name, sector, its notes). Terms are what FTS4's
// unicode61 tokenizer (remove_diacritics=1) makes of the text, through SQLite's own
// `fts3tokenize`, so case and accents fold exactly as before. A person's or an organisation's
// terms are deleted in place (secure_delete zeroes the cells), so rewriting or erasing one
// person's text touches only their entries, never everyone's. A contact is found by its own
// terms, by its organisation's, or by the beginning of one of its emails (the indexed
// contact_emails table). Every store write that changes this text rewrites the entries in the same
// transaction, so the index never disagrees with the tables.
struct SearchRow {
  std::string names, other, phones;
};
SearchRow search_row(const std::string& first, const std::string& last, const std::optional<std::string>& role,
                     const std::vector<std::string>& notes, const std::vector<std::string>& summaries,
                     const std::vector<std::string>& e164_phones);
// "p" and the number's digits from the last: "+33612345678" -> "p87654321633". A prefix of this
// token is a suffix of the number.
std::string phone_token(std::string_view digits);

// Writes the term index: prepared once (per batch, per edit), used for many rows.
class SearchTerms {
 public:
  static Result<SearchTerms> prepare(storage::Database& db);
  // The terms of `text` as the index keeps them (case and accents folded), in order, repeats kept.
  Result<std::vector<std::string>> tokens(std::string_view text);
  // Makes the contact's entries those of `row`: the entries no longer wanted are deleted in place,
  // the new ones added. `fresh`: the contact has no entry yet (a new contact), nothing is read.
  Status put_contact(Id contact_id, const SearchRow& row, bool fresh = false);
  // The same for an organisation's text.
  Status put_organisation(Id org_id, const std::string& body, bool fresh = false);
  // From now on, a fresh contact's entries are kept until flush(), which writes them in key order:
  // one ordered pass over the index per batch instead of an insert where each term sorts.
  void defer() { deferred_ = true; }
  Status flush();

 private:
  storage::Statement tok_, old_, del_, ins_, org_old_, org_del_, org_ins_;
  bool deferred_ = false;
  struct Entry {
    std::int64_t col;
    std::string term;
    Id contact_id;
    bool operator<(const Entry& o) const {
      return col != o.col ? col < o.col : term != o.term ? term < o.term : contact_id < o.contact_id;
    }
  };
  std::vector<Entry> pending_;
};
// Makes sure the connection has the tokenizer table (temp.search_tok, in memory).
Status ensure_search_tokenizer(storage::Database& db);
// Rebuilds a contact's entries from the database (after an edit, a note, an interaction).
Status reindex_contact(storage::Database& db, Id contact_id);
// Rebuilds an organisation's entries from the database (after it is created or gets a note).
Status reindex_organisation(storage::Database& db, Id org_id);
// Takes deleted or replaced text out of the WAL after a note is removed or rewritten or a person
// erased: the entries were deleted in place and secure_delete zeroed their cells, but the WAL still
// holds the pages as they were; it is checkpointed and truncated. Must run outside a transaction.
Status scrub_search_index(storage::Database& db);
// What the user typed, as search words: FTS operator characters neutralised, leading and trailing
// punctuation dropped, at most 16 words. A text that is a phone number in any written form
// ("06 12 34 56 78", "+33 6 12 ...", six digits or more) is one word. Empty when there is
// nothing to search for.
std::vector<std::string> search_words(std::string_view text);

// The contacts every word finds, by rank: `names` those whose own names, phone numbers or email
// beginnings every word finds; `own` the other ones found by their own row (role, notes,
// summaries); `by_org` the others (some word found only their organisation). Each ascending.
// `by_org` may be cut short: then `by_org_complete` is false and `by_org_estimate` says about how
// many there are (the organisations' people are not all read, so that the cost follows the page).
struct SearchTiers {
  std::vector<Id> names, own, by_org;
  bool by_org_complete = true;
  std::int64_t by_org_estimate = 0;
};
// `want` is how many contacts the caller will show: the organisation tier is read in full only
// when it is small or needed for the page.
Result<SearchTiers> search_tiers(storage::Database& db, const std::vector<std::string>& words, std::int64_t want);

}  // namespace coffre::model
