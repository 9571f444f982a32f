// Shared helpers of the stores: pseudonyms, normalised lists and reading contacts back.
#include <algorithm>

#include "coffre/i18n.h"

#include "coffre/normalize.h"
#include "model/store_support.h"
#include "model/text.h"

namespace coffre::model {

std::optional<std::string> clean_optional(const std::optional<std::string>& s) {
  if (!s) return std::nullopt;
  std::string c = clean_text(*s);
  if (c.empty()) return std::nullopt;
  return c;
}

namespace {

Result<std::vector<Labelled>> normalise_list(const std::vector<Labelled>& in, bool email) {
  std::vector<Labelled> out;
  out.reserve(in.size());
  for (const auto& item : in) {
    auto value = email ? normalise_email(item.value) : normalise_phone(item.value);
    if (!value)
      return make_error(ErrorKind::InvalidInput,
                        email ? trf("invalid email address \"{}\"", {clean_text(item.value)})
                              : trf("invalid phone number \"{}\" (French numbers: 0X XX XX XX XX; others: +CC ...)",
                                    {clean_text(item.value)}));
    if (std::any_of(out.begin(), out.end(), [&](const Labelled& l) { return l.value == *value; })) continue;
    out.push_back({std::move(*value), clean_optional(item.label)});
  }
  return out;
}

}  // namespace

Result<std::vector<Labelled>> normalise_emails(const std::vector<Labelled>& in) { return normalise_list(in, true); }
Result<std::vector<Labelled>> normalise_phones(const std::vector<Labelled>& in) { return normalise_list(in, false); }

// ---- ContactReader -----------------------------------------------------------------------------
Result<ContactReader> ContactReader::prepare(storage::Database& db) {
  ContactReader r;
  COFFRE_ASSIGN_OR_RETURN(r.by_id_, db.prepare(std::string(kContactSelect) + " WHERE c.id = ?"));
  COFFRE_ASSIGN_OR_RETURN(r.emails_,
                          db.prepare("SELECT email, label FROM contact_emails WHERE contact_id = ? ORDER BY position"));
  COFFRE_ASSIGN_OR_RETURN(r.phones_,
                          db.prepare("SELECT phone, label FROM contact_phones WHERE contact_id = ? ORDER BY position"));
  return r;
}

Result<Contact> ContactReader::get(Id id) {
  by_id_.reset();
  by_id_.bind(1, id);
  COFFRE_ASSIGN_OR_RETURN(bool row, by_id_.step());
  if (!row) return make_error(ErrorKind::NotFound, trf("no contact with id {}", {std::to_string(id)}));
  auto c = from_row(by_id_);
  by_id_.reset();
  return c;
}

Result<Contact> ContactReader::from_row(const storage::Statement& row) {
  Contact c;
  c.id = row.column_int(0);
  c.pseudonym = row.column_text(1);
  c.org_id = row.column_opt_int(2);
  c.org_name = row.column_opt_text(3);
  c.first_name = row.column_text(4);
  c.last_name = row.column_text(5);
  c.role = row.column_opt_text(6);
  c.address = row.column_opt_text(7);
  const auto kind = parse_contact_kind(row.column_text(8));
  const auto category = parse_category(row.column_text(9));
  if (!kind || !category)
    return make_error(ErrorKind::Corruption, "contact " + std::to_string(c.id) + " has an unknown kind or category");
  c.kind = *kind;
  c.category = *category;
  if (auto t = row.column_opt_text(10)) c.temperature = parse_temperature(*t);
  c.source = row.column_opt_text(11);
  c.collected_at = row.column_opt_int(12);
  c.created_at = row.column_int(13);
  c.updated_at = row.column_int(14);
  c.last_inbound_at = row.column_opt_int(15);
  for (auto* list : {&emails_, &phones_}) {
    list->reset();
    list->bind(1, c.id);
    for (;;) {
      COFFRE_ASSIGN_OR_RETURN(bool more, list->step());
      if (!more) break;
      (list == &emails_ ? c.emails : c.phones).push_back({list->column_text(0), list->column_opt_text(1)});
    }
    list->reset();
  }
  return c;
}

Status visit_contacts(storage::Database& db, storage::Statement& st, const std::function<Status(Contact&&)>& visit) {
  COFFRE_ASSIGN_OR_RETURN(auto reader, ContactReader::prepare(db));
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) return {};
    COFFRE_ASSIGN_OR_RETURN(auto c, reader.from_row(st));
    COFFRE_TRY(visit(std::move(c)));
  }
}

Result<std::vector<Contact>> read_contacts(storage::Database& db, storage::Statement& st) {
  std::vector<Contact> out;
  COFFRE_TRY(visit_contacts(db, st, [&](Contact&& c) {
    out.push_back(std::move(c));
    return Status{};
  }));
  return out;
}

Result<std::string> contact_pseudonym(storage::Database& db, Id id) {
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare("SELECT pseudonym FROM contacts WHERE id = ?"));
  st.bind(1, id);
  COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return make_error(ErrorKind::NotFound, trf("no contact with id {}", {std::to_string(id)}));
  return st.column_text(0);
}

}  // namespace coffre::model
