// Editing a contact: only the fields a ContactPatch sets change; the search row follows.
#include <algorithm>

#include "coffre/i18n.h"

#include "coffre/stores.h"
#include "model/store_support.h"
#include "model/suppression_list.h"
#include "model/text.h"

namespace coffre {
namespace {

Status set_column(storage::Database& db, Id id, const char* column, const std::optional<std::string>& value) {
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare(std::string("UPDATE contacts SET ") + column + " = ? WHERE id = ?"));
  return st.bind(1, value).bind(2, id).run();
}

Status replace_list(storage::Database& db, Id id, const char* table, const char* column,
                    const std::vector<Labelled>& items) {
  COFFRE_ASSIGN_OR_RETURN(auto del, db.prepare(std::string("DELETE FROM ") + table + " WHERE contact_id = ?"));
  COFFRE_TRY(del.bind(1, id).run());
  COFFRE_ASSIGN_OR_RETURN(auto ins, db.prepare(std::string("INSERT INTO ") + table + "(contact_id, position, " + column +
                                               ", label) VALUES(?,?,?,?)"));
  std::int64_t pos = 0;
  for (const auto& item : items) COFFRE_TRY(ins.bind(1, id).bind(2, pos++).bind(3, item.value).bind(4, item.label).run());
  return {};
}

}  // namespace

Status ContactStore::update(Id id, const ContactPatch& patch) {
  auto& ctx = model::context_of(vault_);
  auto& db = ctx.db;
  storage::Transaction tx(db);
  COFFRE_TRY(tx.begin());
  COFFRE_ASSIGN_OR_RETURN(std::string pseudonym, model::contact_pseudonym(db, id));
  const Time now = ctx.clock->now();
  std::string changed;  // field names only: the audit log carries no personal data
  auto mark = [&](const char* field) { changed += changed.empty() ? field : std::string(",") + field; };

  if (patch.first_name || patch.last_name) {
    COFFRE_ASSIGN_OR_RETURN(auto current, get(id));
    const std::string first = patch.first_name ? model::clean_text(*patch.first_name) : current.first_name;
    const std::string last = patch.last_name ? model::clean_text(*patch.last_name) : current.last_name;
    if (first.empty() && last.empty() && current.emails.empty() && current.phones.empty())
      return make_error(ErrorKind::InvalidInput, tr("a contact needs a first or last name, an email or a phone"));
    if (patch.first_name) {
      COFFRE_TRY(set_column(db, id, "first_name", first));
      mark("first_name");
    }
    if (patch.last_name) {
      COFFRE_TRY(set_column(db, id, "last_name", last));
      mark("last_name");
    }
  }
  // An empty string clears an optional text field.
  const std::pair<const std::optional<std::string>*, const char*> texts[] = {
      {&patch.role, "role"}, {&patch.address, "address"}, {&patch.source, "source"}};
  for (const auto& [value, column] : texts) {
    if (!*value) continue;
    COFFRE_TRY(set_column(db, id, column, model::clean_optional(**value)));
    mark(column);
  }
  const std::pair<std::optional<std::string_view>, const char*> enums[] = {
      {patch.kind ? std::optional(to_string(*patch.kind)) : std::nullopt, "kind"},
      {patch.category ? std::optional(to_string(*patch.category)) : std::nullopt, "category"},
      {patch.temperature ? std::optional(to_string(*patch.temperature)) : std::nullopt, "temperature"}};
  for (const auto& [value, column] : enums) {
    if (!value) continue;
    COFFRE_TRY(set_column(db, id, column, std::string(*value)));
    mark(column);
  }
  if (patch.org_name) {
    std::optional<std::int64_t> org_id;
    if (!model::clean_text(*patch.org_name).empty()) {
      COFFRE_ASSIGN_OR_RETURN(auto orgs, model::OrgResolver::prepare(ctx));
      COFFRE_ASSIGN_OR_RETURN(auto org, orgs.find_or_create(*patch.org_name, now));
      if (orgs.created() > 0) COFFRE_TRY(ctx.audit->append("org.add", std::nullopt, "org=" + std::to_string(org.id)));
      org_id = org.id;
    }
    COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare("UPDATE contacts SET org_id = ? WHERE id = ?"));
    COFFRE_TRY(st.bind(1, org_id).bind(2, id).run());
    mark("organisation");
  }
  // A person who objected never comes back through an edit either (nor through an import's merge,
  // which edits through here).
  std::vector<Labelled> emails, phones;
  if (patch.emails) {
    COFFRE_ASSIGN_OR_RETURN(emails, model::normalise_emails(*patch.emails));
  }
  if (patch.phones) {
    COFFRE_ASSIGN_OR_RETURN(phones, model::normalise_phones(*patch.phones));
  }
  if (!emails.empty() || !phones.empty()) {
    // Only what the edit adds: a value the contact already has was checked when it came in.
    COFFRE_ASSIGN_OR_RETURN(auto current, get(id));
    auto added = [](const std::vector<Labelled>& next, const std::vector<Labelled>& had) {
      std::vector<Labelled> out;
      for (const auto& v : next)
        if (std::none_of(had.begin(), had.end(), [&](const Labelled& c) { return c.value == v.value; })) out.push_back(v);
      return out;
    };
    COFFRE_TRY(model::refuse_suppressed(ctx, added(emails, current.emails), added(phones, current.phones)));
  }
  if (patch.emails) {
    COFFRE_TRY(replace_list(db, id, "contact_emails", "email", emails));
    mark("emails");
  }
  if (patch.phones) {
    COFFRE_TRY(replace_list(db, id, "contact_phones", "phone", phones));
    mark("phones");
  }
  if (changed.empty()) return {};  // nothing asked, nothing written, nothing audited
  COFFRE_ASSIGN_OR_RETURN(auto touch, db.prepare("UPDATE contacts SET updated_at = ? WHERE id = ?"));
  COFFRE_TRY(touch.bind(1, now).bind(2, id).run());
  COFFRE_TRY(model::reindex_contact(db, id));
  COFFRE_TRY(ctx.audit->append("contact.update", pseudonym, "fields=" + changed));
  return tx.commit();
}

}  // namespace coffre
