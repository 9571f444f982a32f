#include "coffre/documents.h"
#include "commands/common.h"
#include "commands/model_input.h"
#include "commands/model_output.h"

namespace coffre::cli {
namespace {

// `coffre doc list ID`: the contact's documents. JSON fields: id, contact_id, name, size,
// added_at (UTC, ISO 8601), sha256 (hex, of the plaintext).
class DocListCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"doc", "list"}; }
  std::string description() const override { return "List a contact's documents (id, name, size, date, SHA-256)"; }
  void setup(CLI::App& app) override { app.add_option("ID", id_, "The contact's id")->required(); }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    COFFRE_ASSIGN_OR_RETURN(Id contact, id_arg("contact", id_));
    COFFRE_ASSIGN_OR_RETURN(auto docs, DocumentStore(vault).list(contact));
    if (ctx.global.json) {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& d : docs)
        arr.push_back({{"id", d.id}, {"contact_id", d.contact_id}, {"name", d.name}, {"size", d.size},
                       {"added_at", format_utc(d.added_at)}, {"sha256", d.sha256}});
      ctx.print_json(arr);
      return {};
    }
    if (docs.empty()) {
      if (!ctx.global.quiet) ctx.out << "No documents for contact " << contact << ".\n";
      return {};
    }
    Table t({"ID", "NAME", "SIZE", "ADDED", "SHA-256"}, 48);
    for (const auto& d : docs)
      t.add({std::to_string(d.id), d.name, human_size(static_cast<std::uint64_t>(d.size)), human_time(d.added_at), d.sha256.substr(0, 16)});
    t.print(ctx.out);
    return {};
  }

 private:
  std::string id_;
};

}  // namespace

std::unique_ptr<Command> make_doc_list_command() { return std::make_unique<DocListCommand>(); }

}  // namespace coffre::cli
