// The stores of an open vault: contacts, organisations, notes and interactions. Each write runs in
// one transaction with its audit entry (subjects named by pseudonym only). Stores are cheap to
// construct; they hold a reference to the Vault, which must outlive them. One thread at a time.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "coffre/model.h"
#include "coffre/progress.h"
#include "coffre/status.h"
#include "coffre/vault.h"

namespace coffre {

struct NewContact {
  std::string first_name, last_name;
  std::optional<std::string> role, address;
  ContactKind kind = ContactKind::B2B;
  Category category = Category::Prospect;
  std::optional<Temperature> temperature;
  std::optional<std::string> source;
  std::optional<Time> collected_at;
  std::vector<Labelled> emails, phones;  // normalised by the store (normalize.h); invalid -> InvalidInput
  std::optional<Id> org_id;              // either an existing organisation...
  std::optional<std::string> org_name;   // ...or a name: found (case-insensitive) or created
  std::vector<std::string> notes;        // written as the new contact's notes, in this order
};

// Only the fields that are set are changed. Emails/phones, when set, replace the whole list.
struct ContactPatch {
  std::optional<std::string> first_name, last_name, role, address, source, org_name;
  std::optional<ContactKind> kind;
  std::optional<Category> category;
  std::optional<Temperature> temperature;
  std::optional<std::vector<Labelled>> emails, phones;
  // True when no field is set: an edit that would change nothing.
  bool empty() const {
    return !first_name && !last_name && !role && !address && !source && !org_name && !kind && !category &&
           !temperature && !emails && !phones;
  }
};

// One page of search results, best first, and how many there are in all.
struct SearchPage {
  std::vector<Contact> contacts;
  std::int64_t total = 0;          // every match, this page included
  bool total_estimated = false;    // `total` is an estimate (the organisation tier was not all read)
  bool truncated = false;          // more matches than the page shows
  bool sorted_by_name = true;      // false: a rank with too many matches to sort is in the order added
};

struct ContactFilter {
  std::optional<Category> category;
  std::optional<Temperature> temperature;
  std::optional<Id> org_id;
  std::int64_t limit = -1;  // -1: all
  std::int64_t offset = 0;
};

class ContactStore {
 public:
  explicit ContactStore(Vault& vault) : vault_(vault) {}
  // Conflict when an email or phone is on the suppression list (suppression.h): a person who
  // objected is not added again.
  Result<Id> add(const NewContact& c);
  // Many contacts in one transaction with one audit entry: the fast path for imports and benchmarks.
  // All or nothing. A failure names the contact: `name_row(i)` for contacts[i] when given (an
  // import says "FILE: line L"), else "contact i+1 of the batch".
  Result<std::vector<Id>> add_batch(std::span<const NewContact> contacts, Progress& progress,
                                    const std::function<std::string(std::size_t)>& name_row = {});
  Result<Contact> get(Id id);  // NotFound: "no contact with id N"
  Result<std::vector<Contact>> list(const ContactFilter& filter = {});
  // The same contacts, one at a time, without holding them all: for listings of any size. Stops
  // at the first error `visit` returns, and returns it.
  Status each(const ContactFilter& filter, const std::function<Status(Contact&&)>& visit);
  Status update(Id id, const ContactPatch& patch);
  // No remove(): a person leaves the vault only through the one erasure path (coffre/erasure.h,
  // or app::remove_contact), which the model does not call.
  Result<std::vector<Id>> find_by_email(std::string_view normalised_email);
  Result<std::vector<Id>> find_by_phone(std::string_view e164);
  // Full-text search over names, phone numbers, emails, role, notes, interaction summaries and
  // company; accents folded ("helene" finds "Hélène"). Each word must match, as a prefix; a phone
  // number in any written form, or its last six digits or more, finds the person. Ranked: the
  // person's own names, phones and emails first, then role, notes and summaries, then company;
  // by name within a rank (in the order added when a rank has thousands of matches). The cost
  // follows the page shown, not the number of matches: `total` is counted from the index, or
  // estimated when the company rank is large (`total_estimated`).
  Result<SearchPage> search_page(std::string_view text, std::int64_t limit = 100);
  // search_page's contacts alone.
  Result<std::vector<Contact>> search(std::string_view text, std::int64_t limit = 100);
  Result<std::int64_t> count();

 private:
  Vault& vault_;
};

struct NewOrganisation {
  std::string name;
  std::optional<std::string> siren, siret, sector, address;
};

class OrganisationStore {
 public:
  explicit OrganisationStore(Vault& vault) : vault_(vault) {}
  Result<Id> add(const NewOrganisation& o);
  Result<Organisation> get(Id id);
  Result<std::optional<Id>> find_by_name(std::string_view name);  // case-insensitive
  Result<std::vector<Organisation>> list();

 private:
  Vault& vault_;
};

// The longest note, in bytes of UTF-8 after cleaning: longer ones are refused.
inline constexpr std::size_t kMaxNoteBytes = 1 << 20;

class NoteStore {
 public:
  explicit NoteStore(Vault& vault) : vault_(vault) {}
  Result<Id> add_to_contact(Id contact_id, std::string_view body);
  Result<Id> add_to_organisation(Id org_id, std::string_view body);
  Result<std::vector<Note>> for_contact(Id contact_id);
  Result<std::vector<Note>> for_organisation(Id org_id);
  // One note, NotFound when there is none (e.g. to show it before removing it).
  Result<Note> get(Id note_id);
  // Removes a note for good (a note that should never have been written: health, a pregnancy,
  // union membership...): the row goes, its owner's search row is rebuilt, the search index is
  // merged so that no segment keeps its words, and the WAL is checkpointed and truncated; with
  // secure_delete, no page of the database or the WAL holds the text afterwards. NotFound when
  // there is no such note. The audit entry names the note's id and owner, not its text.
  Status remove(Id note_id);
  // Replaces a note's text (`coffre note edit`), with the guarantees of remove(): afterwards no
  // page of the database or the WAL holds the old text. InvalidInput for an empty or oversized
  // text, NotFound when there is no such note. The audit entry ("note.edit") names the note only.
  Status edit(Id note_id, std::string_view body);
  // Many notes rewritten (body set) or removed (body unset) in one transaction, one audit entry
  // per note with `action` ("note.redact"), each owner's search terms rewritten in place once, then
  // the WAL truncated once for all: the batch form of edit() and remove(). Nothing is
  // changed when one id is unknown (NotFound) or one text is refused (InvalidInput).
  struct Change {
    Id id = 0;
    std::optional<std::string> body;
  };
  Status rewrite(std::span<const Change> changes, std::string_view action, Progress& progress);
  // Every note of the vault (contacts' and organisations'), in id order, one at a time.
  Status each(const std::function<Status(Note&&)>& visit);

 private:
  Vault& vault_;
};

struct NewInteraction {
  Id contact_id = 0;
  InteractionKind kind = InteractionKind::Call;
  Direction direction = Direction::Outbound;
  std::optional<Time> occurred_at;  // now when unset
  std::optional<Outcome> outcome;
  std::optional<Time> follow_up_at;
  std::optional<std::string> summary;
};

class InteractionStore {
 public:
  explicit InteractionStore(Vault& vault) : vault_(vault) {}
  // An inbound interaction moves the contact's last_inbound_at (the retention clock) forward.
  Result<Id> add(const NewInteraction& i);
  Result<std::vector<Interaction>> for_contact(Id contact_id);
  // Follow-ups due on or before `until`, oldest first. Only each contact's latest interaction
  // counts: a later call or email supersedes the follow-up an earlier one asked for.
  Result<std::vector<Interaction>> due_follow_ups(Time until);
  // Every interaction that has a summary, in id order, one at a time.
  Status each_with_summary(const std::function<Status(Interaction&&)>& visit);
  // Summaries replaced (unset: cleared) in one transaction, one audit entry per interaction with
  // `action`; then, as NoteStore::rewrite, no page of the database or the WAL keeps the old text.
  struct SummaryChange {
    Id id = 0;
    std::optional<std::string> summary;
  };
  Status rewrite_summaries(std::span<const SummaryChange> changes, std::string_view action, Progress& progress);

 private:
  Vault& vault_;
};

}  // namespace coffre
