// The data map (coffre/data_map.h) against the schema of a new vault: every table classified,
// every table that leads to a contact (a contact_id column, or foreign keys to contacts, however
// indirect) mapped as personal, cascades the map counts on really declared; and docs/data-map.md
// exactly what the map renders.
#include "coffre/data_map.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "command.h"
#include "fakes/vault_fixture.h"
#include "model/person_data.h"
#include "vault/context.h"

namespace coffre {
namespace {

using data_map::OnErasure;
using data_map::Reach;

struct ForeignKey {
  std::string table, from, to, on_delete;  // `from` of this table references table(to)
};

class DataMap : public test::VaultTest {
 protected:
  std::vector<std::string> texts(const std::string& sql, int column = 0) {
    auto st = vault_->context().db.prepare(sql);
    EXPECT_TRUE(st.ok()) << sql;
    if (!st.ok()) return {};
    auto all = st->all_texts(column);
    EXPECT_TRUE(all.ok()) << sql;
    return all.ok() ? *all : std::vector<std::string>{};
  }
  // SQLite's own tables (sqlite_sequence, sqlite_stat1) are not the schema's.
  std::set<std::string> schema_tables() {
    auto v = texts("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'");
    return {v.begin(), v.end()};
  }
  std::set<std::string> virtual_tables() {
    auto v = texts("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'");
    return {v.begin(), v.end()};
  }
  // No pragma_foreign_key_list() table function before SQLite 3.16: the pragma itself.
  std::vector<ForeignKey> foreign_keys(const std::string& table) {
    auto st = vault_->context().db.prepare("PRAGMA foreign_key_list(\"" + table + "\")");
    EXPECT_TRUE(st.ok());
    std::vector<ForeignKey> out;
    while (st.ok()) {
      auto row = st->step();
      if (!row.ok() || !*row) break;
      out.push_back({st->column_text(2), st->column_text(3), st->column_text(4), st->column_text(6)});
    }
    return out;
  }
  std::set<std::string> columns(const std::string& table) {
    auto v = texts("PRAGMA table_info(\"" + table + "\")", 1);
    return {v.begin(), v.end()};
  }
};

TEST_F(DataMap, ClassifiesEveryTableOfANewVaultAndNothingElse) {
  const auto schema = schema_tables();
  ASSERT_GT(schema.size(), 10u);
  for (const auto& name : schema)
    EXPECT_NE(data_map::find(name), nullptr)
        << "table " << name << " is not in the data map (core/src/model/person_data.cpp): classify it";
  for (const auto& t : data_map::tables())
    EXPECT_TRUE(schema.count(std::string(t.name))) << "the data map names " << t.name << ", which the schema lacks";
  std::set<std::string_view> seen;
  for (const auto& t : data_map::tables()) EXPECT_TRUE(seen.insert(t.name).second) << t.name << " is mapped twice";
}

TEST_F(DataMap, EveryTableLeadingToAContactIsPersonal) {
  const auto schema = schema_tables();
  std::map<std::string, std::vector<ForeignKey>> fks;
  for (const auto& name : schema) fks[name] = foreign_keys(name);
  // Tables whose rows lead to a contact through foreign keys, however many hops.
  std::set<std::string> leads = {"contacts"};
  for (bool grew = true; grew;) {
    grew = false;
    for (const auto& [table, list] : fks)
      for (const auto& fk : list)
        if (leads.count(fk.table) && leads.insert(table).second) grew = true;
  }
  EXPECT_GT(leads.size(), 5u);
  for (const auto& name : schema) {
    const auto* t = data_map::find(name);
    if (!t) continue;  // reported by ClassifiesEveryTable...
    if (leads.count(name)) {
      EXPECT_TRUE(data_map::is_personal(*t)) << name << " references contacts: map it as personal";
    }
    if (columns(name).count("contact_id")) {
      EXPECT_TRUE(data_map::is_personal(*t)) << name << " has a contact_id column: map it as personal";
    }
  }
}

// Since migration 11 the search index is two ordinary tables (no FTS4 table, no shadow tables):
// the person's terms are reached by contact_id and deleted, an organisation's follow it.
TEST_F(DataMap, SearchTermsAreOrdinaryTablesReachedByTheirOwner) {
  EXPECT_TRUE(virtual_tables().empty());
  const auto* terms = data_map::find("search_terms");
  ASSERT_NE(terms, nullptr);
  EXPECT_TRUE(data_map::is_personal(*terms));
  EXPECT_EQ(terms->reach, Reach::ContactId);
  EXPECT_EQ(terms->column, "contact_id");
  EXPECT_EQ(terms->on_erasure, OnErasure::Delete);
  const auto* org_terms = data_map::find("org_search_terms");
  ASSERT_NE(org_terms, nullptr);
  EXPECT_EQ(org_terms->reach, Reach::Through);
  EXPECT_EQ(org_terms->via, "organisations");
  for (const auto& t : data_map::tables()) EXPECT_NE(t.reach, Reach::Shadow) << t.name;
}

// The erasure counts cascaded rows before it deletes the contact: the cascade must be real.
TEST_F(DataMap, CascadesAndLinksAreDeclaredByTheSchema) {
  for (const auto& t : data_map::tables()) {
    const std::string name(t.name);
    if (virtual_tables().count(name)) continue;  // FTS tables have no foreign keys
    auto has_fk = [&](const std::string& table, std::string_view from, std::string_view to, bool cascade) {
      for (const auto& fk : foreign_keys(table))
        if (fk.from == from && fk.to == to && (!cascade || fk.on_delete == "CASCADE")) return true;
      return false;
    };
    if (t.on_erasure == OnErasure::Cascade) {
      const std::string parent = t.reach == Reach::Through ? std::string(t.via) : "contacts";
      const std::string_view to = t.reach == Reach::Through ? t.via_column : std::string_view("id");
      EXPECT_TRUE(has_fk(name, t.column, to, true)) << name << "." << t.column << " has no ON DELETE CASCADE to " << parent;
    }
    if (t.reach == Reach::Through) {
      ASSERT_NE(data_map::find(t.via), nullptr) << name;
      EXPECT_TRUE(has_fk(name, t.column, t.via_column, false) || has_fk(std::string(t.via), t.via_column, t.column, false))
          << name << "." << t.column << " and " << t.via << "." << t.via_column << " are not linked by a foreign key";
    }
    if (t.reach != Reach::NotPersonal && t.reach != Reach::Shadow) {
      EXPECT_TRUE(columns(name).count(std::string(t.column))) << name << " has no " << t.column;
    }
  }
}

TEST_F(DataMap, DeclarationIsConsistent) {
  std::map<std::string_view, int> steps;
  for (const auto& t : data_map::tables()) {
    if (t.on_erasure == OnErasure::Delete) {
      EXPECT_GT(t.step, 0) << t.name;
      steps[t.name] = t.step;
    } else {
      EXPECT_EQ(t.step, 0) << t.name;
    }
    if (t.section != data_map::AccessSection::None) {
      EXPECT_TRUE(data_map::is_personal(t)) << t.name;
    }
    if (t.on_erasure == OnErasure::KeepProof || t.on_erasure == OnErasure::KeepShared || !data_map::is_personal(t)) {
      EXPECT_FALSE(t.why.empty()) << t.name << ": say why it is kept, or why it is not personal";
    }
    EXPECT_EQ(data_map::is_personal(t), t.on_erasure != OnErasure::Nothing) << t.name;
    EXPECT_FALSE(t.holds.empty()) << t.name;
    // Every table the erasure removes can be counted from the contact id.
    if (data_map::is_erased(t)) {
      auto n = model::count_person_rows(vault_->context().db, t, 1);
      EXPECT_TRUE(n.ok()) << t.name << ": " << (n.ok() ? "" : n.error().message);
    }
  }
  // The erasure's order: the search terms (no foreign key), the subject key, the contact.
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_LT(steps["search_terms"], steps["subject_keys"]);
  EXPECT_LT(steps["subject_keys"], steps["contacts"]);
  EXPECT_EQ(data_map::find("organisations")->on_erasure, OnErasure::KeepShared);
  for (auto s : data_map::access_sections()) {
    int fed = 0;
    for (const auto& t : data_map::tables()) fed += t.section == s;
    EXPECT_GT(fed, 0) << to_string(s) << " is fed by no table";
  }
}

TEST(DataMapRender, CommittedDocMatchesTheMap) {
  const std::string path = std::string(COFFRE_DOCS_DIR) + "/data-map.md";
  const auto rendered = data_map::render_markdown();
  // COFFRE_UPDATE_DOCS=1 rewrites the file from the map (then review and commit it).
  if (const char* update = std::getenv("COFFRE_UPDATE_DOCS"); update && std::string(update) == "1") {
    std::ofstream(path, std::ios::binary) << rendered;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in) << path << " is missing: run `coffre data-map > docs/data-map.md`";
  std::ostringstream committed;
  committed << in.rdbuf();
  EXPECT_EQ(committed.str(), rendered) << "docs/data-map.md differs from the data map: run `coffre data-map > "
                                          "docs/data-map.md` and commit it";
  for (const auto& t : data_map::tables())
    EXPECT_NE(rendered.find("`" + std::string(t.name) + "`"), std::string::npos) << t.name;
}

TEST(DataMapRender, JsonListsEveryTableAndSection) {
  auto j = nlohmann::json::parse(data_map::render_json());
  ASSERT_EQ(j["tables"].size(), data_map::tables().size());
  ASSERT_EQ(j["sections"].size(), data_map::access_sections().size());
  EXPECT_EQ(j["tables"][0]["table"], "contacts");
  EXPECT_EQ(j["tables"][0]["section"], "identity");
  EXPECT_EQ(j["sections"][7]["section"], "provenance");
  EXPECT_EQ(j["sections"][7]["tables"], (nlohmann::json{"contact_provenance", "import_batches"}));
}

// `coffre data-map` needs no vault and prints what the map renders.
TEST(DataMapRender, CliPrintsTheMap) {
  std::ostringstream out, err;
  const char* md[] = {"coffre", "data-map"};
  EXPECT_EQ(cli::run_cli(2, md, out, err), 0) << err.str();
  EXPECT_EQ(out.str(), data_map::render_markdown());
  std::ostringstream jout, jerr;
  const char* json[] = {"coffre", "data-map", "--json"};
  EXPECT_EQ(cli::run_cli(3, json, jout, jerr), 0) << jerr.str();
  EXPECT_EQ(nlohmann::json::parse(jout.str()), nlohmann::json::parse(data_map::render_json()));
}

}  // namespace
}  // namespace coffre
