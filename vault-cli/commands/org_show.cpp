#include "coffre/stores.h"
#include "commands/common.h"
#include "commands/model_input.h"
#include "commands/model_output.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

class OrgShowCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"org", "show"}; }
  std::string description() const override { return tr("Show an organisation, its notes and its contacts"); }
  void setup(CLI::App& app) override { app.add_option("ID", id_, tr("The organisation's id"))->required(); }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    COFFRE_ASSIGN_OR_RETURN(Id id, id_arg("organisation", id_));
    COFFRE_ASSIGN_OR_RETURN(Organisation o, OrganisationStore(vault).get(id));
    COFFRE_ASSIGN_OR_RETURN(auto notes, NoteStore(vault).for_organisation(id));
    ContactFilter filter;
    filter.org_id = id;
    COFFRE_ASSIGN_OR_RETURN(auto contacts, ContactStore(vault).list(filter));
    if (ctx.global.json) {
      nlohmann::json j = organisation_json(o);
      j["notes"] = nlohmann::json::array();
      for (const auto& n : notes) j["notes"].push_back(note_json(n));
      j["contacts"] = nlohmann::json::array();
      for (const auto& c : contacts) j["contacts"].push_back(contact_json(c));
      ctx.print_json(j);
      return {};
    }
    auto& out = ctx.out;
    out << trf("Organisation {0}: {1}", {std::to_string(o.id), o.name}) << "\n";
    auto field = [&](const char* name, const std::optional<std::string>& v) {
      if (!v) return;
      std::string label = tr(name);
      const std::size_t chars = columns(label);
      label.append(chars < 10 ? 10 - chars : 1, ' ');
      out << "  " << label << *v << "\n";
    };
    field(N_("SIREN"), o.siren);
    field(N_("SIRET"), o.siret);
    field(N_("Sector"), o.sector);
    field(N_("Address"), o.address);
    field(N_("Created"), human_time(o.created_at));
    out << "\n" << trf("Notes ({})", {std::to_string(notes.size())}) << "\n";
    for (const auto& n : notes) out << "  " << human_time(n.created_at) << "  " << n.body << "\n";
    out << "\n" << trf("Contacts ({})", {std::to_string(contacts.size())}) << "\n";
    if (!contacts.empty()) print_contact_table(out, contacts);
    return {};
  }

 private:
  std::string id_;
};

}  // namespace

std::unique_ptr<Command> make_org_show_command() { return std::make_unique<OrgShowCommand>(); }

}  // namespace coffre::cli
