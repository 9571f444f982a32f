// `coffre demo`: a throw-away vault in a fresh temporary folder, filled with realistic French
// prospects, then a tour of what it holds and how to go on. The passphrase is fixed and printed;
// no passphrase file is written (the user types it when trying the commands).
#include <stdlib.h>

#include "coffre/i18n.h"

#include <filesystem>
#include <fstream>

#include "coffre/audit.h"
#include "coffre/check.h"
#include "coffre/documents.h"
#include "coffre/stores.h"
#include "commands/common.h"
#include "commands/demo_data.h"
#include "commands/model_output.h"
#include "coffre/app/shred.h"

namespace coffre::cli {
namespace {

constexpr const char* kDemoPassphrase = "demo-coffre";

std::string self_path() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::string("coffre") : p.string();
}

class DemoCommand final : public Command {
 public:
  std::vector<std::string> path() const override { return {"demo"}; }
  std::string description() const override {
    return trf("Create a throw-away demo vault (passphrase \"{}\") in a temporary folder, fill it with French "
               "prospects and show what it holds",
               {kDemoPassphrase});
  }
  void setup(CLI::App&) override {}
  Status run(Context& ctx) override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "coffre-demo-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) return make_error(ErrorKind::IoError, trf("cannot create a temporary folder in {}", {tmpl}));
    const std::filesystem::path dir = std::filesystem::path(tmpl) / "vault";
    const auto pass = SecretBytes::from(std::string_view(kDemoPassphrase));
    auto& out = ctx.out;
    const bool human = !ctx.global.json;
    if (human)
      out << trf("Creating a demo vault in {} (Argon2id key derivation, about a second)...", {dir.string()}) << "\n";
    out.flush();
    COFFRE_TRY(Vault::create(dir, pass, KdfSettings{}).status());
    COFFRE_ASSIGN_OR_RETURN(auto session, app::Session::open(dir, pass, ctx.plugins));
    Vault& vault = session->vault();
    COFFRE_ASSIGN_OR_RETURN(DemoSummary summary, fill_demo_vault(vault));
    // One document: a quote for the first contact, written as the user's own file would be, added
    // (encrypted under that contact's key), then the original shredded, as a user should.
    const Id first = summary.contact_ids.front();
    const auto quote = std::filesystem::path(tmpl) / "devis-2026-014.txt";
    {
      std::ofstream f(quote, std::ios::binary);
      f << "DEVIS n° 2026-014\nObjet : contrat d'entretien annuel\nMontant HT : 1 480,00 €\n"
           "Validité : 30 jours\n";
      if (!f) return make_error(ErrorKind::IoError, trf("cannot write {}", {quote.string()}));
    }
    COFFRE_ASSIGN_OR_RETURN(Id doc_id, DocumentStore(vault).add(first, quote, NullProgress::instance()));
    auto shredded = app::shred_file(ctx.plugins, quote.string());
    if (!shredded.ok()) std::filesystem::remove(quote);  // no shredder plugin: demo data, just remove
    ContactStore contacts(vault);
    COFFRE_ASSIGN_OR_RETURN(auto all, contacts.list());
    COFFRE_ASSIGN_OR_RETURN(auto due, InteractionStore(vault).due_follow_ups(vault.clock().now()));
    COFFRE_ASSIGN_OR_RETURN(auto found, contacts.search("helene"));
    COFFRE_ASSIGN_OR_RETURN(auto check, check_vault(vault));
    COFFRE_ASSIGN_OR_RETURN(auto audit, verify_audit(vault));

    if (!human) {
      nlohmann::json j{{"vault", dir.string()},           {"passphrase", kDemoPassphrase},
                       {"organisations", summary.organisations}, {"contacts", summary.contacts},
                       {"interactions", summary.interactions},   {"notes", summary.notes},
                       {"follow_ups_due", due.size()},          {"audit_entries", audit.entries},
                       {"documents", 1},                          {"document_id", doc_id},
                       {"check_ok", check.ok()}};
      ctx.print_json(j);
      return check.ok() ? Status{} : make_error(ErrorKind::Corruption, tr("the demo vault failed its checks"));
    }
    out << "\n"
        << trf("The demo vault holds {0} contacts (B2B and B2C), {1} organisations, {2} interactions, {3} notes and 1 "
               "document; its audit log has {4} entries.",
               {std::to_string(summary.contacts), std::to_string(summary.organisations),
                std::to_string(summary.interactions), std::to_string(summary.notes), std::to_string(audit.entries)})
        << "\n";
    const std::string doc = std::to_string(doc_id), owner = std::to_string(first);
    out << (!shredded.ok()
                ? trf("The document (a quote, document {0}) is encrypted under contact {1}'s own key; its original "
                      "file was removed (no shredder plugin found).",
                      {doc, owner})
            : shredded->result == plugin::ShredOutcome::Overwritten
                ? trf("The document (a quote, document {0}) is encrypted under contact {1}'s own key; its original "
                      "file was shredded (overwritten in place).",
                      {doc, owner})
                : trf("The document (a quote, document {0}) is encrypted under contact {1}'s own key; its original "
                      "file was shredded (logical deletion: {2}).",
                      {doc, owner, shredded->note}))
        << "\n";
    out << trf("Everything is encrypted at rest: SQLCipher with a key derived from the passphrase \"{}\".",
               {kDemoPassphrase})
        << "\n\n";

    constexpr std::size_t kShown = 15;
    std::vector<Contact> shown(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(std::min(kShown, all.size())));
    out << trf("Contacts (the first {0} of {1}, by name):", {std::to_string(shown.size()), std::to_string(all.size())})
        << "\n";
    print_contact_table(out, shown);

    constexpr std::size_t kDueShown = 10;
    out << "\n"
        << (due.empty() ? tr("Follow-ups due today (0): none")
            : due.size() > kDueShown
                ? trf("Follow-ups due today ({0}, the oldest {1} shown):",
                      {std::to_string(due.size()), std::to_string(kDueShown)})
                : trf("Follow-ups due today ({}):", {std::to_string(due.size())}))
        << "\n";
    due.resize(std::min(due.size(), kDueShown));
    if (!due.empty()) COFFRE_TRY(print_due_table(out, contacts, due));

    out << "\n" << trf("Search, accents folded: `coffre search helene` finds {}:", {std::to_string(found.size())}) << "\n";
    print_contact_table(out, found);

    out << "\n" << tr("Integrity check (`coffre check`):") << "\n";
    for (const auto& i : check.items)
      out << "  " << (i.ok ? tr("ok      ") : tr("FAILED  ")) << i.name << ": " << (i.said.empty() ? i.detail : i.said) << "\n";

    const std::string coffre = self_path(), vault_opt = "--vault " + dir.string();
    out << "\n" << trf("Go on (the passphrase is {}):", {kDemoPassphrase}) << "\n"
        << "  " << coffre << " " << vault_opt << " contact list\n"
        << "  " << coffre << " " << vault_opt << " contact show " << first << "\n"
        << "  " << coffre << " " << vault_opt << " search lyon\n"
        << "  " << coffre << " " << vault_opt << " call " << first
        << " --outcome rappeler --follow-up +2d --summary \"Rappeler après le salon\"\n"
        << "  " << coffre << " " << vault_opt << " interaction due --until +7d\n"
        << "  " << coffre << " " << vault_opt << " doc get " << doc_id << " -o devis.txt\n"
        << "  " << coffre << " " << vault_opt << " access export " << first << " --format text --lang fr -o acces.txt\n"
        << "  " << coffre << " " << vault_opt << " audit log\n"
        << trf("When you are done: rm -r {}", {std::filesystem::path(tmpl).string()}) << "\n";
    if (!check.ok()) return make_error(ErrorKind::Corruption, tr("the demo vault failed its checks"));
    return {};
  }
};

}  // namespace

std::unique_ptr<Command> make_demo_command() { return std::make_unique<DemoCommand>(); }

}  // namespace coffre::cli
