#include "coffre/documents.h"
#include "commands/common.h"
#include "commands/model_input.h"
#include "commands/model_output.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

// `coffre doc get DOC_ID -o FILE`: decrypts straight into FILE (mode 0600, never a temp file).
class DocGetCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"doc", "get"}; }
  std::string description() const override {
    return tr("Decrypt a document straight into FILE (created 0600; refuses to overwrite without --force)");
  }
  void setup(CLI::App& app) override {
    app.add_option("DOC_ID", id_, tr("The document's id (see `coffre doc list`)"))->required();
    app.add_option("-o,--output", out_, tr("Where to write the plaintext"))->required()->type_name("FILE");
    app.add_flag("-f,--force", force_, tr("Overwrite FILE if it exists"));
  }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    COFFRE_ASSIGN_OR_RETURN(Id doc, id_arg("document", id_));
    DocumentStore docs(vault);
    COFFRE_ASSIGN_OR_RETURN(auto info, docs.info(doc));
    COFFRE_TRY(docs.get(doc, out_, ctx.progress(), force_));
    if (ctx.global.json) ctx.print_json({{"id", doc}, {"path", out_}, {"size", info.size}, {"sha256", info.sha256}});
    else if (!ctx.global.quiet) ctx.out << trf("Wrote {0} ({1}, SHA-256 verified)",
                                              {out_, human_size(static_cast<std::uint64_t>(info.size))})
                                          << "\n";
    return {};
  }

 private:
  std::string id_, out_;
  bool force_ = false;
};

}  // namespace

std::unique_ptr<Command> make_doc_get_command() { return std::make_unique<DocGetCommand>(); }

}  // namespace coffre::cli
