#include <algorithm>

#include "coffre/stores.h"
#include "commands/common.h"
#include "commands/model_input.h"
#include "commands/model_output.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

// The labels of `contact show`, translated where shown.
constexpr const char* kLabels[] = {N_("Role"),   N_("Organisation"), N_("Kind"),         N_("Category"),
                                   N_("Temperature"), N_("Emails"), N_("Phones"),       N_("Address"),
                                   N_("Source"), N_("Last inbound"), N_("Created"),      N_("Updated")};

// Values line up after the longest label (15 columns in English).
std::size_t label_width() {
  std::size_t w = 14;
  for (const char* l : kLabels) w = std::max(w, columns(tr(l)));
  return w + 1;
}

void field(std::ostream& out, const char* name, const std::string& value) {
  if (value.empty()) return;
  static const std::size_t width = label_width();
  std::string label = tr(name);
  label.append(width - columns(label), ' ');
  out << "  " << label << value << "\n";
}

class ContactShowCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"contact", "show"}; }
  std::string description() const override {
    return tr("Show a contact: details, organisation, notes and interactions");
  }
  void setup(CLI::App& app) override { app.add_option("ID", id_, tr("The contact's id"))->required(); }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    COFFRE_ASSIGN_OR_RETURN(Id id, id_arg("contact", id_));
    COFFRE_ASSIGN_OR_RETURN(Contact c, ContactStore(vault).get(id));
    COFFRE_ASSIGN_OR_RETURN(auto notes, NoteStore(vault).for_contact(id));
    COFFRE_ASSIGN_OR_RETURN(auto interactions, InteractionStore(vault).for_contact(id));
    if (ctx.global.json) {
      nlohmann::json j = contact_json(c);
      j["notes"] = nlohmann::json::array();
      for (const auto& n : notes) j["notes"].push_back(note_json(n));
      j["interactions"] = nlohmann::json::array();
      for (const auto& i : interactions) j["interactions"].push_back(interaction_json(i));
      ctx.print_json(j);
      return {};
    }
    auto& out = ctx.out;
    out << trf("Contact {0}: {1}  (pseudonym {2})", {std::to_string(c.id), display_name(c), c.pseudonym}) << "\n";
    field(out, "Role", c.role.value_or(""));
    if (c.org_name) field(out, "Organisation", *c.org_name + "  " + trf("(org {})", {std::to_string(*c.org_id)}));
    field(out, "Kind", shown(to_string(c.kind)));
    field(out, "Category", shown(to_string(c.category)));
    field(out, "Temperature", c.temperature ? shown(to_string(*c.temperature)) : "-");
    field(out, "Emails", c.emails.empty() ? "-" : labelled_list(c.emails));
    field(out, "Phones", c.phones.empty() ? "-" : labelled_list(c.phones, true));
    field(out, "Address", c.address.value_or(""));
    std::string source = c.source.value_or("");
    if (c.collected_at)
      source += (source.empty() ? "" : ", ") + trf("collected {}", {human_date(*c.collected_at)});
    field(out, "Source", source);
    field(out, "Last inbound", c.last_inbound_at ? human_time(*c.last_inbound_at) : tr("never"));
    field(out, "Created", human_time(c.created_at));
    field(out, "Updated", human_time(c.updated_at));

    out << "\n" << trf("Notes ({})", {std::to_string(notes.size())}) << "\n";
    for (const auto& n : notes) {
      // The note's id first: `note edit`, `note redact` and `note rm` take it.
      const std::string head = "  #" + std::to_string(n.id) + "  " + human_time(n.created_at) + "  ";
      const std::string indent(head.size(), ' ');
      std::string body = n.body;
      for (std::size_t p = 0; (p = body.find('\n', p)) != std::string::npos; p += 1 + indent.size())
        body.insert(p + 1, indent);
      out << head << body << "\n";
    }
    out << "\n" << trf("Interactions ({})", {std::to_string(interactions.size())}) << "\n";
    if (!interactions.empty()) {
      Table t({N_("DATE"), N_("KIND"), N_("DIRECTION"), N_("OUTCOME"), N_("FOLLOW-UP"), N_("SUMMARY")}, 60);
      for (const auto& i : interactions)
        t.add({human_time(i.occurred_at), shown(to_string(i.kind)), shown(to_string(i.direction)),
               i.outcome ? shown(to_string(*i.outcome)) : "", i.follow_up_at ? human_date(*i.follow_up_at) : "",
               i.summary.value_or("")});
      t.print(out, "  ");
    }
    return {};
  }

 private:
  std::string id_;
};

}  // namespace

std::unique_ptr<Command> make_contact_show_command() { return std::make_unique<ContactShowCommand>(); }

}  // namespace coffre::cli
