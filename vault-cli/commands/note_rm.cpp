#include "coffre/stores.h"
#include "commands/common.h"
#include "commands/model_input.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

class NoteRmCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"note", "rm"}; }
  std::string description() const override {
    return tr("Remove a note for good (its text is scrubbed from the database, the search index and the WAL)");
  }
  void setup(CLI::App& app) override {
    app.add_option("NOTE_ID", id_, tr("The note's id (`contact show` lists them)"))->required();
    add_yes_flag(app, yes_);
  }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    COFFRE_ASSIGN_OR_RETURN(Id id, id_arg("note", id_));
    COFFRE_ASSIGN_OR_RETURN(auto note, NoteStore(vault).get(id));
    std::string owner = note.contact_id ? "contact " + std::to_string(*note.contact_id)
                                        : "organisation " + std::to_string(note.org_id.value_or(0));
    std::string preview = note.body.substr(0, note.body.find('\n'));
    if (preview.size() > 60) {
      std::size_t cut = 57;
      while (cut > 0 && (static_cast<unsigned char>(preview[cut]) & 0xC0) == 0x80) --cut;  // whole characters
      preview = preview.substr(0, cut) + "...";
    }
    COFFRE_TRY(confirm_destructive(ctx, yes_, "Remove note " + std::to_string(id) + " of " + owner + ": \"" + preview + "\""));
    COFFRE_TRY(NoteStore(vault).remove(id));
    if (ctx.global.json) ctx.print_json({{"id", id}, {"removed", true}});
    else if (!ctx.global.quiet) ctx.out << trf("Note {} removed.", {std::to_string(id)}) << "\n";
    return {};
  }

 private:
  std::string id_;
  bool yes_ = false;
};

}  // namespace

std::unique_ptr<Command> make_note_rm_command() { return std::make_unique<NoteRmCommand>(); }

}  // namespace coffre::cli
