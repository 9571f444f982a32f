// One plugin Record to one normalised contact candidate: columns mapped (header_map.h), values
// trimmed, e-mails lower-cased and validated, phones to E.164 (France by default, or the row's
// country; a phone libphonenumber says is not valid is dropped with a warning and kept in a note,
// an extension goes to the phone's label and a comment to a note), names cased
// when they were typed all in capitals or all in lower case (accents kept), a full-name column
// split when there is no first/last name, the address put together from its columns, free text
// scanned for special-category words. A row that cannot be imported gets a RowProblem naming its
// column, field and reason.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "coffre/import.h"
#include "coffre/stores.h"
#include "services/import/header_map.h"

namespace coffre::services::import {

struct RowProblem {
  std::uint64_t column = 0;
  std::string field;
  std::string reason;
  std::uint64_t line = 0;  // the line of the value at fault (a vCard property's), 0: the record's
  std::string said{};      // `reason` in the user's language, for the error that stops an import (empty: reason)
};

struct BuiltRow {
  std::uint64_t line = 0;
  NewContact contact;  // emails and phones already normalised
  std::vector<std::string> notes;  // one per comment column with text ("Header: text" when several) or NOTE property
  std::vector<std::string> not_imported;  // a card's fields Coffre has no place for (website, birthday)
  std::optional<SensitiveHit> hit;
  std::vector<ImportWarning> warnings;  // values dropped or moved (a phone that is not valid...)
  // What the provenance records of this row (migration 8).
  LawfulBasis basis = LawfulBasis::Unspecified;
  bool b2c_basis_withheld = false;  // legitimate interest given, but the row is B2C
  std::string kind_from;            // "option", "column", "inferred"
  std::optional<Time> collected_at;
  std::string collected_from;       // "column", "option", "file-date"
  // The row says the person opted out of e-mail (Zoho's "Email Opt Out", HubSpot's "Unsubscribed
  // from all email"): the merger records an objection to e-mail (consent.h) for its contact, dated
  // opt_out_at (the file's date), naming the column that said so.
  bool email_opt_out = false;
  std::string opt_out_column;
  Time opt_out_at = 0;
  bool empty = false;  // nothing in any mapped column
};

// The import's terms, as given (ImportRequest) or found (the file's date).
struct RowTerms {
  LawfulBasis basis = LawfulBasis::Unspecified;
  std::optional<ContactKind> kind;
  Time collected_at = 0;
  std::string collected_from;  // "option" or "file-date"
  Time file_date = 0;          // the file's modification date (not later than now): when an export
                               // said the person had opted out, the latest that can have happened
};

class RowBuilder {
 public:
  RowBuilder(HeaderMapper& mapper, std::string source, bool tabular, std::string region = "FR")
      : mapper_(mapper), source_(std::move(source)), tabular_(tabular), region_(std::move(region)) {}
  // False with `problem` set when the row must be rejected.
  bool build(const plugin::Record& record, BuiltRow& out, RowProblem& problem);
  void set_terms(RowTerms terms) { terms_ = std::move(terms); }

 private:
  HeaderMapper& mapper_;
  std::string source_;
  bool tabular_;
  std::string region_;
  // The last Country cell and the phone region it names: a file repeats "France" on every row, and
  // reading a country's name folds it through ICU.
  std::string last_country_;
  std::optional<std::string> last_country_region_;
  RowTerms terms_;
};

// "2024-03-05", "2024-03-05 14:22[:10]", "2024-03-05T14:22:10Z", "05/03/2024[ 14:22]": seconds
// since the epoch, read as UTC. nullopt for anything else.
std::optional<Time> parse_collection_date(const std::string& v);
// "b2b", "pro", "professionnel", "entreprise", "business" / "b2c", "particulier", "consumer"...
std::optional<ContactKind> parse_kind_cell(const std::string& v);

// "DUPONT Jean" -> {"Jean", "DUPONT"}; "Jean Dupont" -> {"Jean", "Dupont"}.
std::pair<std::string, std::string> split_full_name(const std::string& full);
// normalise_name() for names typed all upper or all lower case; others kept as typed.
std::string case_name(const std::string& name);

}  // namespace coffre::services::import
