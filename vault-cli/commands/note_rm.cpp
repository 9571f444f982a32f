#include "coffre/stores.h"
#include "commands/common.h"
#include "commands/model_input.h"

namespace coffre::cli {
namespace {

class NoteRmCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"note", "rm"}; }
  std::string description() const override {
    return "Remove a note for good (its text is scrubbed from the database, the search index and the WAL)";
  }
  void setup(CLI::App& app) override {
    app.add_option("NOTE_ID", id_, "The note's id (`contact show` lists them)")->required();
  }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    COFFRE_ASSIGN_OR_RETURN(Id id, id_arg("note", id_));
    COFFRE_TRY(NoteStore(vault).remove(id));
    if (ctx.global.json) ctx.print_json({{"id", id}, {"removed", true}});
    else if (!ctx.global.quiet) ctx.out << "Note " << id << " removed.\n";
    return {};
  }

 private:
  std::string id_;
};

}  // namespace

std::unique_ptr<Command> make_note_rm_command() { return std::make_unique<NoteRmCommand>(); }

}  // namespace coffre::cli
