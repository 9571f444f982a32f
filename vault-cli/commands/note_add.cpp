#include "coffre/stores.h"
#include "commands/common.h"
#include "commands/model_input.h"
#include "commands/sensitive_output.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

class NoteAddCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"note", "add"}; }
  std::string description() const override {
    return tr("Add a note to a contact (or, with --org, to an organisation); prints the note's id");
  }
  void setup(CLI::App& app) override {
    app.add_option("ID", id_, tr("The contact's id (the organisation's with --org)"))->required();
    app.add_option("TEXT", words_, tr("The note; several words are joined with spaces"))->required();
    app.add_flag("--org", org_, tr("ID is an organisation"));
  }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    COFFRE_ASSIGN_OR_RETURN(Id id, id_arg(org_ ? "organisation" : "contact", id_));
    std::string text;
    for (const auto& w : words_) text += (text.empty() ? "" : " ") + w;
    NoteStore notes(vault);
    COFFRE_ASSIGN_OR_RETURN(Id note, org_ ? notes.add_to_organisation(id, text) : notes.add_to_contact(id, text));
    // Special-category words are a warning, not a refusal: the note is kept, the user decides.
    const auto found = app::scan_text(app::SensitiveSource::Note, note, org_ ? std::nullopt : std::optional<Id>(id),
                                      "body", text);
    if (ctx.global.json) {
      ctx.print_json({{"id", note}, {"special_categories", findings_json(found)}});
    } else {
      ctx.out << note << "\n";
      warn_special_categories(ctx, found);
    }
    return {};
  }

 private:
  std::string id_;
  std::vector<std::string> words_;
  bool org_ = false;
};

}  // namespace

std::unique_ptr<Command> make_note_add_command() { return std::make_unique<NoteAddCommand>(); }

}  // namespace coffre::cli
