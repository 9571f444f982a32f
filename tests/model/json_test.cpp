// The JSON field names of the CLI are a contract (docs/cli.md): scripts read them.
#include <gtest/gtest.h>

#include "commands/model_output.h"

namespace coffre {
namespace {

TEST(CliJson, ContactFields) {
  Contact c;
  c.id = 7;
  c.pseudonym = "S0123456789abcdef";
  c.first_name = "Hélène";
  c.last_name = "Dupré";
  c.emails = {{"h@exemple.fr", "work"}, {"h2@exemple.fr", std::nullopt}};
  c.phones = {{"+33612345678", std::nullopt}};
  c.org_id = 3;
  c.org_name = "Boulangerie Dupré";
  c.temperature = Temperature::Hot;
  c.kind = ContactKind::B2C;
  c.created_at = 0;
  c.last_inbound_at = 86400;
  auto j = cli::contact_json(c);
  for (const char* key : {"id", "pseudonym", "first_name", "last_name", "role", "org_id", "org_name", "kind", "category",
                          "temperature", "emails", "phones", "emails_detail", "phones_detail", "address", "source",
                          "collected_at", "created_at", "updated_at", "last_inbound_at"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_EQ(j.size(), 20u) << "a new field must be documented in docs/cli.md";
  EXPECT_EQ(j["id"], 7);
  EXPECT_EQ(j["first_name"], "Hélène");
  EXPECT_EQ(j["emails"], nlohmann::json::array({"h@exemple.fr", "h2@exemple.fr"}));
  EXPECT_EQ(j["phones"], nlohmann::json::array({"+33612345678"}));
  EXPECT_EQ(j["emails_detail"][0]["label"], "work");
  EXPECT_TRUE(j["emails_detail"][1]["label"].is_null());
  EXPECT_EQ(j["kind"], "b2c");
  EXPECT_EQ(j["category"], "prospect");
  EXPECT_EQ(j["temperature"], "hot");
  EXPECT_TRUE(j["role"].is_null());
  EXPECT_EQ(j["created_at"], "1970-01-01T00:00:00Z");
  EXPECT_EQ(j["last_inbound_at"], "1970-01-02T00:00:00Z");
}

TEST(CliJson, OrganisationNoteAndInteractionFields) {
  auto o = cli::organisation_json(Organisation{1, "Acme", "552120222", std::nullopt, "BTP", std::nullopt, 0, 0});
  for (const char* key : {"id", "name", "siren", "siret", "sector", "address", "created_at", "updated_at"})
    EXPECT_TRUE(o.contains(key)) << key;
  EXPECT_EQ(o.size(), 8u);
  auto n = cli::note_json(Note{4, 7, std::nullopt, "texte", 0});
  for (const char* key : {"id", "contact_id", "org_id", "body", "created_at"}) EXPECT_TRUE(n.contains(key)) << key;
  EXPECT_EQ(n.size(), 5u);
  Interaction i;
  i.id = 9;
  i.contact_id = 7;
  i.outcome = Outcome::NoAnswer;
  i.direction = Direction::Inbound;
  auto ij = cli::interaction_json(i);
  for (const char* key : {"id", "contact_id", "kind", "direction", "occurred_at", "outcome", "follow_up_at", "summary",
                          "created_at"})
    EXPECT_TRUE(ij.contains(key)) << key;
  EXPECT_EQ(ij.size(), 9u);
  EXPECT_EQ(ij["outcome"], "no-answer");
  EXPECT_EQ(ij["direction"], "inbound");
  EXPECT_EQ(ij["kind"], "call");
  EXPECT_TRUE(ij["follow_up_at"].is_null());
}

TEST(CliTable, AlignsAccentedTextByCharacters) {
  cli::Table t({"A", "B"});
  t.add({"Hélène", "x"});
  t.add({"Jean", "y"});
  std::ostringstream out;
  t.print(out);
  EXPECT_EQ(out.str(), "A       B\nHélène  x\nJean    y\n");
}

// Columns of UTF-8 text as the table counts them (no combining marks in these tests).
std::size_t text_columns(const std::string& line) {
  std::size_t n = 0;
  for (unsigned char c : line) n += (c & 0xC0) != 0x80;
  return n;
}

// Sets the table width for one test and puts "piped" (0) back after it.
struct TableWidth {
  explicit TableWidth(std::size_t w) { cli::set_table_width(w); }
  ~TableWidth() { cli::set_table_width(0); }
};

TEST(CliTable, OnATerminalCutsLongCellsWithoutSplittingCharacters) {
  TableWidth width(80);
  cli::Table t({"A"}, 5);
  t.add({"éééééééé"});
  std::ostringstream out;
  t.print(out);
  EXPECT_EQ(out.str(), "A\néééé\xE2\x80\xA6\n");
}

TEST(CliTable, PipedOutputIsNeverCut) {
  cli::Table t({"A", "B"}, 5);
  t.add({"éééééééé", std::string(300, 'x')});
  std::ostringstream out;
  t.print(out);
  EXPECT_EQ(out.str(), "A         B\néééééééé  " + std::string(300, 'x') + "\n");
}

TEST(CliTable, FitsTheTerminalAt80And100And200Columns) {
  for (std::size_t cols : {80u, 100u, 200u}) {
    TableWidth width(cols);
    cli::Table t({"ID", "NAME", "ORGANISATION", "CATEGORY", "TEMP", "EMAIL", "PHONE", "LAST INBOUND"}, 32);
    t.priorities({3, 1, 0, 2, 2, 0, 2, 2});
    t.add({"12", "Marie-Hélène Lefèvre-Dupont", "Boulangerie Pâtisserie du Marché Saint-Honoré", "prospect", "warm",
           "marie-helene.lefevre-dupont@boulangerie-saint-honore.fr", "+33612345678", "2026-11-30"});
    t.add({"7", "Jean Martin", "Martin SARL", "client", "hot", "jean@martin.fr", "+33142685300", ""});
    std::ostringstream out;
    t.print(out);
    std::istringstream lines(out.str());
    int n = 0;
    for (std::string line; std::getline(lines, line); ++n) EXPECT_LE(text_columns(line), cols) << cols << ": " << line;
    EXPECT_EQ(n, 3);
    // The id, category and phone stay whole; the organisation and e-mail give first, with an ellipsis.
    EXPECT_NE(out.str().find("prospect"), std::string::npos);
    EXPECT_NE(out.str().find("+33612345678"), std::string::npos) << out.str();
    if (cols == 80) {
      EXPECT_NE(out.str().find("\xE2\x80\xA6"), std::string::npos);
    }
    if (cols == 200) {
      EXPECT_NE(out.str().find("Marie-Hélène Lefèvre-Dupont"), std::string::npos) << out.str();
    }
  }
}

}  // namespace
}  // namespace coffre
