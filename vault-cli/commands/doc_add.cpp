#include "coffre/documents.h"
#include "commands/common.h"
#include "commands/model_input.h"

namespace coffre::cli {
namespace {

// `coffre doc add ID FILE`: encrypts FILE under the contact's own key; prints the document id.
class DocAddCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"doc", "add"}; }
  std::string description() const override {
    return "Encrypt a file as a document of a contact (under the person's own key); prints its id";
  }
  void setup(CLI::App& app) override {
    app.add_option("ID", id_, "The contact's id")->required();
    app.add_option("FILE", file_, "The file to add (left as it is; see `coffre shred` to destroy it)")->required();
  }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    COFFRE_ASSIGN_OR_RETURN(Id contact, id_arg("contact", id_));
    COFFRE_ASSIGN_OR_RETURN(Id doc, DocumentStore(vault).add(contact, file_, ctx.progress()));
    if (ctx.global.json) ctx.print_json({{"id", doc}});
    else ctx.out << doc << "\n";
    return {};
  }

 private:
  std::string id_, file_;
};

}  // namespace

std::unique_ptr<Command> make_doc_add_command() { return std::make_unique<DocAddCommand>(); }

}  // namespace coffre::cli
