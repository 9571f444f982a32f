// The data map itself (coffre/data_map.h): one row per table of the schema. A table added by a
// migration must be added here too; model_tests enumerate a new vault's schema and fail until it
// is, and fail when docs/data-map.md no longer matches (`coffre data-map` renders it).
#include "model/person_data.h"

#include <algorithm>
#include <array>
#include <vector>

namespace coffre::data_map {
namespace {

using enum Reach;
using enum OnErasure;
using enum AccessSection;

constexpr Table kTables[] = {
    // The person's own rows.
    {"contacts", Contact, "id", "", "", Delete, 3, Identity,
     "names, role, address, kind, category, temperature, source, dates, link to the organisation",
     "last, once its search row and subject key are gone; its cascades take the rows marked cascade"},
    {"contact_emails", ContactId, "contact_id", "", "", Cascade, 0, Emails, "e-mail addresses and their labels", ""},
    {"contact_phones", ContactId, "contact_id", "", "", Cascade, 0, Phones, "phone numbers and their labels", ""},
    {"notes", ContactId, "contact_id", "", "", Cascade, 0, Notes,
     "free-text notes about the person (an organisation's notes have org_id instead)", ""},
    {"removed_notes", ContactId, "contact_id", "", "", Cascade, 0, None,
     "keyed hashes of the notes the user removed from the person (never the text), so that importing the same "
     "file again does not bring them back", ""},
    {"legal_holds", ContactId, "contact_id", "", "", Cascade, 0, None,
     "a legal hold on the person: the user's reason and until when (never erased by retention while it lasts)",
     ""},
    {"interactions", ContactId, "contact_id", "", "", Cascade, 0, Interactions,
     "calls, e-mails, meetings and letters, their outcome and summary", ""},
    {"documents", ContactId, "contact_id", "", "", Cascade, 0, Documents,
     "the files kept about the person: name, kind, date, size, SHA-256, blob name (the blob files are shredded, "
     "but for invoices and accounting records within their 10 years, which move to kept_documents)", ""},
    {"subject_keys", ContactId, "contact_id", "", "", Delete, 2, None,
     "the person's wrapped document key",
     "before the contact: destroying it crypto-shreds every copy of the person's documents"},
    {"contact_provenance", ContactId, "contact_id", "", "", Cascade, 0, Provenance,
     "which import added or completed the person, and the line of the file", ""},
    {"consent_events", ContactId, "contact_id", "", "", Cascade, 0, Consent,
     "each consent decision: given, refused, withdrawn or objected, channel, purpose, method, notice, dates, source, "
     "note, the evidence document's id and SHA-256 (the evidence file itself is one of the person's documents)",
     ""},
    {"optin_tokens", ContactId, "contact_id", "", "", Cascade, 0, None,
     "the person's token and reply code of an opt-in campaign (a MAC under the campaign subkey and a random "
     "code, no personal data inside), and when it was answered and by which consent event",
     ""},
    {"subject_request_texts", ContactId, "contact_id", "", "", Cascade, 0, None,
     "the person's own words on their requests (the note, the reasons for an extension or a refusal, the closing "
     "note) and the evidence document's id (the evidence file itself is one of the person's documents)",
     ""},
    {"search_terms", ContactId, "contact_id", "", "", Delete, 1, None,
     "the search terms of the person: names, phone numbers, role, notes, interaction summaries, one row per distinct "
     "word folded (case, accents) and column",
     "first: no foreign key to cascade from; deleted in place, secure_delete zeroes the cells"},

    // Related to the person and shared with others.
    {"organisations", Through, "id", "contacts", "org_id", KeepShared, 0, Organisation,
     "the company the person works for: name, SIREN, SIRET, sector, address",
     "kept while colleagues work there; left with no one, erased with the person when it was created from their "
     "row, else kept (added with org add, or holding notes of its own) and listed on the certificate"},
    {"org_search_terms", Through, "org_id", "organisations", "id", KeepShared, 0, None,
     "an organisation's search terms: name, sector, notes, one row per distinct word folded (case, accents)",
     "follows its organisation"},
    {"import_batches", Through, "id", "contact_provenance", "batch_id", KeepProof, 0, Provenance,
     "one import run: source label, file name and SHA-256, format, lawful basis, counts",
     "shared by everyone the file held, and the proof of where their data came from; once no person of the batch "
     "remains, its source label, file name and SHA-256 are blanked and only counts, basis and dates stay"},

    {"consent_notices", Through, "version", "consent_events", "notice_version", KeepShared, 0, Consent,
     "the exact texts people were shown when asked for consent, by version and SHA-256",
     "the same text for everyone who saw it; no one's data"},

    // Kept after an erasure: proof that it happened, naming the person by pseudonym or hash only.
    {"audit_log", Pseudonym, "subject", "", "", KeepProof, 0, History,
     "what was done, when, to which pseudonym (never a name or an address)",
     "the tamper-evident log: removing an entry would break its hash chain, and the erasure's own entry is the "
     "proof it happened; the details of the person's other entries are removed at erasure (the chain covers "
     "a salted commitment to them, migration 17)"},
    {"erasure_journal", Pseudonym, "subject", "", "", KeepProof, 0, None,
     "each erasure: pseudonym, old contact id, reason, counts, signed certificate",
     "resumes an erasure cut short by a crash, and lets a restored backup replay erasures; pseudonym and counts "
     "only"},
    {"subject_requests", Pseudonym, "subject", "", "", KeepProof, 0, None,
     "each request the person made (access, rectification, erasure, restriction, portability, objection): "
     "pseudonym, channel, received and due dates, extension, status, and the contact id while the person exists",
     "proof that the request was answered and when (GDPR art. 5(2), 12(3)); the contact id goes to NULL with the "
     "person, their words and evidence go with them, and the certificate lists the requests kept"},
    {"subject_request_answers", Through, "request_id", "subject_requests", "id", KeepProof, 0, None,
     "what answered a request: an erasure certificate's SHA-256, an access export's SHA-256, the names of the "
     "rectified fields",
     "part of the request's proof; hashes and field names only, never a value"},
    {"suppression", KeyedHash, "hash", "", "", KeepProof, 0, None,
     "keyed hashes of the e-mails and phones of people who objected (GDPR art. 21) or asked to be erased (art. 17)",
     "keeps an objection honoured: an import skips whoever matches, and no address can be read back"},
    {"erasure_consent_kept", Through, "journal_id", "erasure_journal", "id", KeepProof, 0, None,
     "which channels' withdrawal or objection an erasure kept as channel-scoped suppression entries",
     "part of the erasure's journal and certificate; channel names only"},
    {"consent_suppression", KeyedHash, "hash", "", "", KeepProof, 0, None,
     "keyed hashes of the e-mails and phones of people who withdrew consent or objected, per channel",
     "keeps a withdrawal or an objection honoured on its channel after the person is erased (GDPR art. 7(3), "
     "21(3)); no address can be read back"},

    {"kept_documents", Pseudonym, "subject", "", "", KeepProof, 0, None,
     "invoices and accounting records of erased people: kind, name, dates, size, SHA-256, blob name and its own "
     "wrapped key, under the pseudonym",
     "the law makes the business keep them 10 years (Code de commerce art. L123-22; GDPR art. 17(3)(b)); each is "
     "shredded by retention at its date and listed on the certificate"},
    {"retention_tombstones", KeyedHash, "hash", "", "", KeepProof, 0, None,
     "keyed hashes of the e-mails and phones of people erased for retention, and when",
     "keeps a file collected before their erasure from bringing them back; no address can be read back"},

    // No personal data.
    {"vault_meta", NotPersonal, "", "", "", Nothing, 0, None, "the vault's settings and identifiers",
     "settings, no one's data"},
    {"retention_policies", NotPersonal, "", "", "", Nothing, 0, None,
     "the user's retention periods per category and B2B/B2C, and the policy version", "settings, no one's data"},
    {"retention_runs", NotPersonal, "", "", "", Nothing, 0, None,
     "each retention run: times, policy version, counts, the signed summary", "counts only, no one's data"},
    {"consent_purposes", NotPersonal, "", "", "", Nothing, 0, None,
     "the purposes consent is asked for (prospecting, newsletter...)", "the business's vocabulary, no one's data"},
    {"campaigns", NotPersonal, "", "", "", Nothing, 0, None,
     "each campaign export or opt-in run: channel, purpose, rule version, counts, the file's SHA-256",
     "counts and a fingerprint, never the list of people"},
    {"optin_campaigns", NotPersonal, "", "", "", Nothing, 0, None,
     "an opt-in campaign's notice (version and SHA-256) and when its tokens expire",
     "the campaign's terms, no one's data"},
    {"processing_register", NotPersonal, "", "", "", Nothing, 0, None,
     "the register of processing (GDPR art. 30): the controller's identity and contact, and per processing its "
     "purposes, legal basis, recipients, transfers, retention and security",
     "the controller's own details and descriptions of processing, no data subject's data"},
    {"schema_migrations", NotPersonal, "", "", "", Nothing, 0, None, "the schema versions applied and when",
     "bookkeeping, no one's data"},
};

constexpr AccessSection kSections[] = {Identity,  Emails,     Phones,  Organisation, Notes, Interactions,
                                       Documents, Provenance, Consent, History};

}  // namespace

std::span<const Table> tables() { return kTables; }

const Table* find(std::string_view name) {
  for (const auto& t : kTables)
    if (t.name == name) return &t;
  return nullptr;
}

std::span<const AccessSection> access_sections() { return kSections; }

bool is_personal(const Table& t) { return t.reach != NotPersonal; }
bool is_erased(const Table& t) { return t.on_erasure == Delete || t.on_erasure == Cascade; }

std::string_view to_string(AccessSection s) {
  switch (s) {
    case None: return "";
    case Identity: return "identity";
    case Emails: return "emails";
    case Phones: return "phones";
    case Organisation: return "organisation";
    case Notes: return "notes";
    case Interactions: return "interactions";
    case Documents: return "documents";
    case Provenance: return "provenance";
    case Consent: return "consent";
    case History: return "history";
  }
  return "";
}

std::string_view to_string(Reach r) {
  switch (r) {
    case NotPersonal: return "not-personal";
    case Contact: return "contact";
    case ContactId: return "contact-id";
    case Through: return "through";
    case Pseudonym: return "pseudonym";
    case KeyedHash: return "keyed-hash";
    case Shadow: return "shadow";
  }
  return "";
}

std::string_view to_string(OnErasure e) {
  switch (e) {
    case Nothing: return "nothing";
    case Delete: return "delete";
    case Cascade: return "cascade";
    case KeepProof: return "keep-proof";
    case KeepShared: return "keep-shared";
    case WithOwner: return "with-owner";
  }
  return "";
}

}  // namespace coffre::data_map

namespace coffre::model {

std::string person_rows_where(const data_map::Table& t) {
  using data_map::Reach;
  switch (t.reach) {
    case Reach::Contact:
    case Reach::ContactId:
      return std::string(t.column) + " = ?1";
    case Reach::Through: {
      const auto* via = data_map::find(t.via);
      if (!via) return "";
      const auto inner = person_rows_where(*via);
      if (inner.empty()) return "";
      return std::string(t.column) + " IN (SELECT " + std::string(t.via_column) + " FROM " + std::string(via->name) +
             " WHERE " + inner + ")";
    }
    case Reach::Pseudonym:
      return std::string(t.column) + " = (SELECT pseudonym FROM contacts WHERE id = ?1)";
    case Reach::NotPersonal:
    case Reach::KeyedHash:
    case Reach::Shadow:
      return "";
  }
  return "";
}

Result<std::int64_t> count_person_rows(storage::Database& db, const data_map::Table& t, Id contact_id) {
  const auto where = person_rows_where(t);
  if (where.empty())
    return make_error(ErrorKind::Internal, "the data map gives no way to find a person's rows in " + std::string(t.name));
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare("SELECT count(*) FROM " + std::string(t.name) + " WHERE " + where));
  st.bind(1, contact_id);
  COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
  return row ? st.column_int(0) : 0;
}

Result<std::int64_t> count_erased_rows(storage::Database& db, Id contact_id) {
  std::int64_t total = 0;
  for (const auto& t : data_map::tables()) {
    if (!data_map::is_erased(t)) continue;
    COFFRE_ASSIGN_OR_RETURN(auto n, count_person_rows(db, t, contact_id));
    total += n;
  }
  return total;
}

Status delete_person_rows(storage::Database& db, Id contact_id) {
  std::vector<const data_map::Table*> deletes;
  for (const auto& t : data_map::tables())
    if (t.on_erasure == data_map::OnErasure::Delete) deletes.push_back(&t);
  std::stable_sort(deletes.begin(), deletes.end(), [](const auto* a, const auto* b) { return a->step < b->step; });
  for (const auto* t : deletes) {
    const auto where = person_rows_where(*t);
    if (where.empty())
      return make_error(ErrorKind::Internal, "the data map gives no way to find a person's rows in " + std::string(t->name));
    COFFRE_ASSIGN_OR_RETURN(auto del, db.prepare("DELETE FROM " + std::string(t->name) + " WHERE " + where));
    COFFRE_TRY(del.bind(1, contact_id).run());
  }
  return {};
}

}  // namespace coffre::model
