#include "coffre/documents.h"
#include "commands/common.h"
#include "commands/model_input.h"
#include "commands/model_output.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

// `coffre doc list ID`: the contact's documents. JSON fields: id, contact_id, name, size,
// added_at (UTC, ISO 8601), sha256 (hex, of the plaintext), kind, and dated_at / keep_until when set.
class DocListCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"doc", "list"}; }
  std::string description() const override { return tr("List a contact's documents (id, name, size, date, SHA-256)"); }
  void setup(CLI::App& app) override { app.add_option("ID", id_, tr("The contact's id"))->required(); }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    COFFRE_ASSIGN_OR_RETURN(Id contact, id_arg("contact", id_));
    COFFRE_ASSIGN_OR_RETURN(auto docs, DocumentStore(vault).list(contact));
    if (ctx.global.json) {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& d : docs)
        arr.push_back(document_json(d));
      ctx.print_json(arr);
      return {};
    }
    if (docs.empty()) {
      if (!ctx.global.quiet) ctx.out << trf("No documents for contact {}.", {std::to_string(contact)}) << "\n";
      return {};
    }
    Table t({N_("ID"), N_("NAME"), N_("KIND"), N_("SIZE"), N_("ADDED"), N_("KEPT UNTIL"), N_("SHA-256")}, 40);
    for (const auto& d : docs)
      t.add({std::to_string(d.id), d.name, std::string(to_string(d.kind)), human_size(static_cast<std::uint64_t>(d.size)),
             human_time(d.added_at), d.keep_until ? human_date(*d.keep_until) : "", d.sha256.substr(0, 16)});
    t.print(ctx.out);
    return {};
  }

 private:
  std::string id_;
};

// `coffre doc kept`: the invoices and accounting records kept after their person was erased, under
// the pseudonym, until the end of their 10 years (then `retention run` shreds them).
class DocKeptCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"doc", "kept"}; }
  std::string description() const override {
    return tr("List the invoices and accounting records kept after their person was erased (10 years, Code de "
           "commerce art. L123-22); `doc get ID` still opens them");
  }
  void setup(CLI::App&) override {}
  Status run_with_vault(Context& ctx, Vault& vault) override {
    COFFRE_ASSIGN_OR_RETURN(auto docs, DocumentStore(vault).list_kept());
    if (ctx.global.json) {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& d : docs) {
        nlohmann::json j = {{"id", d.id}, {"subject", d.subject}, {"kind", std::string(to_string(d.kind))},
                            {"name", d.name}, {"size", d.size}, {"added_at", format_utc(d.added_at)},
                            {"keep_until", format_utc(d.keep_until)}, {"kept_at", format_utc(d.kept_at)},
                            {"sha256", d.sha256}};
        if (d.dated_at) j["dated_at"] = format_utc(*d.dated_at);
        arr.push_back(j);
      }
      ctx.print_json(arr);
      return {};
    }
    if (docs.empty()) {
      if (!ctx.global.quiet) ctx.out << tr("No document is kept after an erasure.") << "\n";
      return {};
    }
    Table t({N_("ID"), N_("SUBJECT"), N_("KIND"), N_("NAME"), N_("SIZE"), N_("KEPT UNTIL")}, 40);
    for (const auto& d : docs)
      t.add({std::to_string(d.id), d.subject, std::string(to_string(d.kind)), d.name,
             human_size(static_cast<std::uint64_t>(d.size)), human_date(d.keep_until)});
    t.print(ctx.out);
    return {};
  }
};

}  // namespace

std::unique_ptr<Command> make_doc_list_command() { return std::make_unique<DocListCommand>(); }
std::unique_ptr<Command> make_doc_kept_command() { return std::make_unique<DocKeptCommand>(); }

}  // namespace coffre::cli
