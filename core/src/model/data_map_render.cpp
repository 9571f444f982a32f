// The data map as an inventory: the Markdown of docs/data-map.md and the JSON of
// `coffre data-map --json`. Both are rendered from the map alone, so they cannot drift from it.
#include <nlohmann/json.hpp>

#include <sstream>

#include "coffre/data_map.h"

namespace coffre::data_map {
namespace {

std::string code(std::string_view s) { return "`" + std::string(s) + "`"; }

// Table cells: a '|' would end the cell.
std::string cell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string reach_text(const Table& t) {
  switch (t.reach) {
    case Reach::Contact: return code(t.column) + ": the row is the person";
    case Reach::ContactId: return code(t.column) + " = the contact's id";
    case Reach::Through: return code(t.column) + " = " + code(std::string(t.via) + "." + std::string(t.via_column));
    case Reach::Pseudonym: return code(t.column) + " = the contact's pseudonym";
    case Reach::KeyedHash: return code(t.column) + ": a keyed hash of an e-mail or phone";
    case Reach::Shadow: return "rows of " + code(t.via);
    case Reach::NotPersonal: return "";
  }
  return "";
}

std::string erasure_text(const Table& t) {
  const std::string why = t.why.empty() ? "" : "; " + std::string(t.why);
  switch (t.on_erasure) {
    case OnErasure::Delete: return "deleted (step " + std::to_string(t.step) + ")" + why;
    case OnErasure::Cascade: return "deleted with the contact (cascade)" + why;
    case OnErasure::KeepProof: return "kept as proof" + why;
    case OnErasure::KeepShared: return "related, kept unless orphaned" + why;
    case OnErasure::WithOwner: return "follows " + code(t.via);
    case OnErasure::Nothing: return "";
  }
  return "";
}

std::string section_text(const Table& t) { return t.section == AccessSection::None ? "" : std::string(to_string(t.section)); }

void person_table(std::ostringstream& md, bool (*pick)(const Table&)) {
  md << "| Table | Holds | Found from the contact by | On erasure | Access export |\n"
     << "|---|---|---|---|---|\n";
  for (const auto& t : tables())
    if (pick(t))
      md << "| " << code(t.name) << " | " << cell(t.holds) << " | " << cell(reach_text(t)) << " | "
         << cell(erasure_text(t)) << " | " << section_text(t) << " |\n";
}

// A shadow table is listed with its owner.
const Table& owner(const Table& t) {
  const Table* o = t.reach == Reach::Shadow ? find(t.via) : nullptr;
  return o ? *o : t;
}
bool removed(const Table& t) { return is_erased(owner(t)); }
bool kept(const Table& t) {
  const auto e = owner(t).on_erasure;
  return e == OnErasure::KeepProof || e == OnErasure::KeepShared;
}

}  // namespace

std::string render_markdown() {
  std::ostringstream md;
  md << "# Data map\n\n"
     << "<!-- Rendered by `coffre data-map` from core/src/model/person_data.cpp. Do not edit by hand:\n"
     << "     model_tests fail when this file differs from what the map renders. -->\n\n"
     << "Every table of a vault's database: whether it holds data about a person, how its rows are found\n"
     << "from the person's contact, what erasing the person does to them, and which section of the access\n"
     << "export (`coffre access export`) shows them. It is the backbone of the register of processing\n"
     << "activities (GDPR art. 30). The code reads the same map: the erasure counts and deletes the rows it\n"
     << "names (the certificate's `rows` is their sum), the access export takes its sections from it, and\n"
     << "the tests fail when a new vault has a table the map does not classify.\n\n"
     << "## Removed with the person\n\n";
  person_table(md, removed);
  md << "\n## Kept after an erasure\n\n"
     << "Related to the person but shared with other people, or kept as proof of what was done; each row\n"
     << "says why it stays.\n\n";
  person_table(md, kept);
  md << "\n## No personal data\n\n"
     << "| Table | Holds | Why |\n"
     << "|---|---|---|\n";
  for (const auto& t : tables())
    if (!is_personal(t)) md << "| " << code(t.name) << " | " << cell(t.holds) << " | " << cell(t.why) << " |\n";
  md << "\n## Access export sections\n\n"
     << "In the order of the export; every section is present, even when empty.\n\n"
     << "| Section | Fed by |\n"
     << "|---|---|\n";
  for (auto s : access_sections()) {
    std::string fed;
    for (const auto& t : tables())
      if (t.section == s) fed += (fed.empty() ? "" : ", ") + code(t.name);
    md << "| " << to_string(s) << " | " << fed << " |\n";
  }
  return md.str();
}

std::string render_json() {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& t : tables()) {
    nlohmann::json j = {{"table", t.name},
                        {"personal", is_personal(t)},
                        {"reach", to_string(t.reach)},
                        {"on_erasure", to_string(t.on_erasure)},
                        {"holds", t.holds}};
    if (!t.column.empty()) j["column"] = t.column;
    if (!t.via.empty()) j["via"] = t.via;
    if (!t.via_column.empty()) j["via_column"] = t.via_column;
    if (t.on_erasure == OnErasure::Delete) j["step"] = t.step;
    if (t.section != AccessSection::None) j["section"] = to_string(t.section);
    if (!t.why.empty()) j["why"] = t.why;
    list.push_back(std::move(j));
  }
  nlohmann::json sections = nlohmann::json::array();
  for (auto s : access_sections()) {
    nlohmann::json fed = nlohmann::json::array();
    for (const auto& t : tables())
      if (t.section == s) fed.push_back(t.name);
    sections.push_back({{"section", to_string(s)}, {"tables", fed}});
  }
  return nlohmann::json{{"tables", list}, {"sections", sections}}.dump(2);
}

}  // namespace coffre::data_map
