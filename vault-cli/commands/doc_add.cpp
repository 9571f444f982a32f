#include "coffre/documents.h"
#include "commands/common.h"
#include "commands/model_output.h"
#include "commands/model_input.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

// `coffre doc add ID FILE`: encrypts FILE under the contact's own key; prints the document id.
class DocAddCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"doc", "add"}; }
  std::string description() const override {
    return tr("Encrypt a file as a document of a contact (under the person's own key); prints its id");
  }
  void setup(CLI::App& app) override {
    app.add_option("ID", id_, tr("The contact's id"))->required();
    app.add_option("FILE", file_, tr("The file to add (left as it is; see `coffre shred` to destroy it)"))->required();
    std::string kinds;
    for (auto k : all_document_kinds()) kinds += (kinds.empty() ? "" : ", ") + std::string(k);
    app.add_option("--kind", kind_,
                   "What it is: " + kinds + " (French accepted: facture, devis...). An invoice or accounting record is "
                   "kept 10 years, even after the person is erased (Code de commerce art. L123-22)")
        ->type_name("KIND");
    app.add_option("--date", date_, tr("The document's own date (an invoice's date; default: today), which starts "
                                    "its 10 years"))
        ->type_name("DATE");
  }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    COFFRE_ASSIGN_OR_RETURN(Id contact, id_arg("contact", id_));
    DocumentOptions options;
    if (!kind_.empty()) {
      auto kind = parse_document_kind(kind_);
      if (!kind) {
        std::string kinds;
        for (auto k : all_document_kinds()) kinds += (kinds.empty() ? "" : ", ") + std::string(k);
        return make_error(ErrorKind::Usage, trf("--kind: unknown kind \"{0}\" ({1})", {kind_, kinds}));
      }
      options.kind = *kind;
    }
    if (!date_.empty()) {
      COFFRE_ASSIGN_OR_RETURN(Time dated, date_arg("--date", date_, vault.clock().now()));
      options.dated_at = dated;
    }
    COFFRE_ASSIGN_OR_RETURN(Id doc, DocumentStore(vault).add(contact, file_, ctx.progress(), options));
    COFFRE_ASSIGN_OR_RETURN(auto info, DocumentStore(vault).info(doc));
    if (ctx.global.json) {
      nlohmann::json j = {{"id", doc}, {"kind", std::string(to_string(info.kind))}};
      if (info.keep_until) j["keep_until"] = format_utc(*info.keep_until);
      ctx.print_json(j);
    } else {
      ctx.out << doc << "\n";
      if (info.keep_until && !ctx.global.quiet)
        ctx.err << trf("Kept until {} (10 years, Code de commerce art. L123-22), even if the person is erased.",
                       {human_date(*info.keep_until)})
                << "\n";
    }
    return {};
  }

 private:
  std::string id_, file_, kind_, date_;
};

}  // namespace

std::unique_ptr<Command> make_doc_add_command() { return std::make_unique<DocAddCommand>(); }

}  // namespace coffre::cli
