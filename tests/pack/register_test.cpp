// Issue 14, the register of processing (GDPR art. 30): defaults from the CNIL's model register, the
// retention periods read from the policies in force, edits that are validated, audited by key
// and never by value, and the fields the access pack needs named when they are missing.
#include <gtest/gtest.h>

#include <fstream>

#include "coffre/app/register.h"
#include "coffre/audit.h"
#include "coffre/retention.h"
#include "fakes/session_fixture.h"

namespace coffre {
namespace {

class RegisterTest : public test::SessionTest {};

TEST_F(RegisterTest, DefaultsCoverEveryProcessingFieldButTheControllerMustSayWhoItIs) {
  auto reg = app::read_register(*session_, "fr");
  ASSERT_TRUE(reg.ok()) << reg.error().message;
  ASSERT_EQ(reg->sections.size(), 4u);  // controller, prospecting, clients, partners
  EXPECT_EQ(reg->sections[0].id, "controller");
  EXPECT_EQ(reg->sections[1].title, "Prospection commerciale");
  EXPECT_EQ(reg->missing, (std::vector<std::string>{"controller.name", "controller.address", "controller.email"}));
  for (std::size_t i = 1; i < reg->sections.size(); ++i)
    for (const auto& f : reg->sections[i].fields)
      if (f.required) {
        EXPECT_FALSE(f.value.empty()) << f.key;
      }
  const auto* basis = reg->field("prospecting", "legal_basis");
  ASSERT_NE(basis, nullptr);
  EXPECT_NE(basis->value.find("Intérêt légitime"), std::string::npos);
  EXPECT_EQ(basis->origin, app::RegisterOrigin::Default);
  auto check = app::check_register_for_pack(*reg);
  ASSERT_FALSE(check.ok());
  EXPECT_EQ(check.error().kind, ErrorKind::InvalidInput);
  EXPECT_NE(check.error().message.find("controller.address"), std::string::npos);
  EXPECT_NE(check.error().message.find("coffre register edit --set controller.name="), std::string::npos);
}

TEST_F(RegisterTest, RetentionIsReadFromThePoliciesInForce) {
  auto reg = app::read_register(*session_, "fr");
  ASSERT_TRUE(reg.ok());
  const auto* r = reg->field("prospecting", "retention");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->origin, app::RegisterOrigin::Derived);
  EXPECT_NE(r->value.find("prospects : 3 ans à compter du dernier contact venant de la personne"), std::string::npos)
      << r->value;
  const auto* clients = reg->field("clients", "retention");
  ASSERT_NE(clients, nullptr);
  EXPECT_NE(clients->value.find("L123-22"), std::string::npos) << clients->value;

  RetentionPolicy p;
  p.category = Category::Prospect;
  p.after_months = 18;
  p.clock = RetentionClock::LastInbound;
  ASSERT_TRUE(set_retention_policy(vault(), p).ok());
  reg = app::read_register(*session_, "en");
  ASSERT_TRUE(reg.ok());
  r = reg->field("prospecting", "retention");
  EXPECT_NE(r->value.find("prospects: 18 months from the last contact coming from the person"), std::string::npos)
      << r->value;
}

TEST_F(RegisterTest, EditsAreStoredValidatedAndAuditedByKeyOnly) {
  ASSERT_TRUE(app::set_register_fields(*session_, {{"controller.name", "Hélène Conseil EI"},
                                                   {"controller.address", "3 rue des Lilas, 69003 Lyon"},
                                                   {"controller.email", "contact@helene-conseil.fr"},
                                                   {"processing.prospecting.recipients", "Moi seule ; Brevo (envoi)"}})
                  .ok());
  auto reg = app::read_register(*session_, "fr");
  ASSERT_TRUE(reg.ok());
  EXPECT_TRUE(reg->missing.empty());
  EXPECT_TRUE(app::check_register_for_pack(*reg).ok());
  EXPECT_EQ(reg->field("controller", "name")->value, "Hélène Conseil EI");
  EXPECT_EQ(reg->field("prospecting", "recipients")->origin, app::RegisterOrigin::Set);

  // Empty brings the default back.
  ASSERT_TRUE(app::set_register_fields(*session_, {{"processing.prospecting.recipients", ""}}).ok());
  reg = app::read_register(*session_, "fr");
  EXPECT_EQ(reg->field("prospecting", "recipients")->origin, app::RegisterOrigin::Default);

  // A new processing is added by its id; its required fields are then missing.
  ASSERT_TRUE(app::set_register_fields(*session_, {{"processing.newsletter.name", "Lettre d'information"}}).ok());
  reg = app::read_register(*session_, "fr");
  ASSERT_EQ(reg->sections.size(), 5u);
  EXPECT_EQ(reg->sections[4].title, "Lettre d'information");
  EXPECT_NE(std::find(reg->missing.begin(), reg->missing.end(), "processing.newsletter.purposes"), reg->missing.end());

  // Bad keys and values are refused by name, and nothing of the batch is kept.
  for (const auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
           {"controller.nom", "x"}, {"processing.Bad Id.name", "x"}, {"processing.x.colour", "x"},
           {"other.name", "x"}, {"processing.x.applies_to", "prospect,voisin"}, {"controller.phone", "a\tb"}}) {
    auto s = app::set_register_fields(*session_, {{"controller.siren", "123456789"}, {k, v}});
    ASSERT_FALSE(s.ok()) << k;
    EXPECT_EQ(s.error().kind, ErrorKind::InvalidInput);
    EXPECT_NE(s.error().message.find(k), std::string::npos) << s.error().message;
  }
  reg = app::read_register(*session_, "fr");
  EXPECT_EQ(reg->field("controller", "siren")->origin, app::RegisterOrigin::Missing);

  auto entries = audit_entries(vault(), -1);
  ASSERT_TRUE(entries.ok());
  int sets = 0;
  for (const auto& e : *entries) {
    if (e.action != "register.set") continue;
    ++sets;
    EXPECT_EQ(e.details.find("Hélène"), std::string::npos) << e.details;
    EXPECT_EQ(e.details.find("Lyon"), std::string::npos) << e.details;
  }
  EXPECT_EQ(sets, 3);
  ASSERT_TRUE(verify_audit(vault()).ok());
}

TEST_F(RegisterTest, RendersAsHtmlMarkdownCsvAndJson) {
  ASSERT_TRUE(app::set_register_fields(*session_, {{"controller.name", "Durand & <Fils>"}}).ok());
  auto reg = app::read_register(*session_, "fr");
  ASSERT_TRUE(reg.ok());
  auto html = app::render_register(*reg, "html");
  ASSERT_TRUE(html.ok());
  EXPECT_NE(html->find("Durand &amp; &lt;Fils&gt;"), std::string::npos);
  EXPECT_NE(html->find("Registre des activités de traitement"), std::string::npos);
  EXPECT_NE(html->find("(à compléter)"), std::string::npos);  // the address
  auto md = app::render_register(*reg, "md");
  ASSERT_TRUE(md.ok());
  EXPECT_NE(md->find("| Base légale | Intérêt légitime"), std::string::npos);
  auto csv = app::render_register(*reg, "csv");
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ(csv->rfind("section,key,label,value,origin\r\n", 0), 0u);
  EXPECT_NE(csv->find("\"controller\",\"controller.name\",\"Nom ou raison sociale\",\"Durand & <Fils>\",\"set\""),
            std::string::npos);
  auto json = app::render_register(*reg, "json");
  ASSERT_TRUE(json.ok());
  EXPECT_NE(json->find("\"format\": \"coffre-register\""), std::string::npos);
  EXPECT_FALSE(app::render_register(*reg, "pdf").ok());
}

TEST_F(RegisterTest, TheEditorWorksOnAFileInsideTheVaultFolderThatIsGoneAfterwards) {
  std::filesystem::path seen;
  auto keys = app::edit_register(*session_, "fr", [&](const std::filesystem::path& file) {
    seen = file;
    EXPECT_EQ(file.parent_path(), dir_);
    EXPECT_EQ(std::filesystem::status(file).permissions() & std::filesystem::perms::all,
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    std::ifstream in(file);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto at = text.find("\"controller.name\": \"\"");
    EXPECT_NE(at, std::string::npos) << text;
    text.replace(at, 21, "\"controller.name\": \"Martin SARL\"");
    std::ofstream(file, std::ios::trunc) << text;
    return Status{};
  });
  ASSERT_TRUE(keys.ok()) << keys.error().message;
  EXPECT_EQ(*keys, std::vector<std::string>{"controller.name"});
  EXPECT_FALSE(std::filesystem::exists(seen));
  auto reg = app::read_register(*session_, "fr");
  EXPECT_EQ(reg->field("controller", "name")->value, "Martin SARL");
  // Broken JSON changes nothing and still removes the file.
  auto bad = app::edit_register(*session_, "fr", [&](const std::filesystem::path& file) {
    std::ofstream(file, std::ios::trunc) << "{ not json";
    return Status{};
  });
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().kind, ErrorKind::InvalidInput);
  EXPECT_FALSE(std::filesystem::exists(seen));
}

}  // namespace
}  // namespace coffre
