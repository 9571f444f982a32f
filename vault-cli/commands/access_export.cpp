// `coffre access export CONTACT_ID`: answers a subject access request (GDPR art. 15) with
// everything the vault holds about one person, written by an access-exporter plugin.
#include "coffre/app/access.h"
#include "coffre/app/requests.h"
#include "commands/common.h"
#include "commands/model_input.h"

namespace coffre::cli {
namespace {

class AccessExportCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"access", "export"}; }
  std::string description() const override {
    return "Answer a subject access request: write everything the vault holds about one person into FILE "
           "(created 0600)";
  }
  void setup(CLI::App& app) override {
    app.add_option("CONTACT_ID", id_, "The person's contact id (`coffre search NAME` finds it)")->required();
    app.add_option("--format", format_, "json (machine-readable, for portability) or text (to send as a letter)")
        ->default_val("json");
    app.add_option("--lang", lang_, "en or fr: the language of the titles and labels (values stay as stored)")
        ->default_val("en")
        ->check(CLI::IsMember({"en", "fr"}));
    app.add_option("-o,--output", out_, "Where to write the export (default: access-<pseudonym>.<ext> here)")
        ->type_name("FILE");
    app.add_option("--documents", docs_dir_,
                   "Also decrypt the person's documents into DIR (created 0700), as <id>-<name>")
        ->type_name("DIR");
    app.add_flag("-f,--force", force_, "Overwrite FILE (and documents in DIR) if they exist");
    app.add_option("--request", request_, "The person's request this export answers (coffre request): the file's "
                   "SHA-256 is recorded on it")
        ->type_name("ID");
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    app::AccessExportOptions req;
    COFFRE_ASSIGN_OR_RETURN(req.contact_id, id_arg("contact", id_));
    req.format = format_;
    req.language = lang_;
    req.overwrite = force_;
    req.documents_dir = docs_dir_;
    req.output = out_;
    std::optional<Id> request;
    if (!request_.empty()) {
      COFFRE_ASSIGN_OR_RETURN(request, id_arg("request", request_));
      COFFRE_TRY(app::check_request_for(session, *request, req.contact_id));
    }
    COFFRE_ASSIGN_OR_RETURN(auto r, app::export_access(session, req, ctx.progress()));
    if (request) COFFRE_TRY(app::record_access_export(session, *request, r));
    const Id id = req.contact_id;
    if (ctx.global.json) {
      ctx.print_json({{"contact", id},
                      {"subject", r.subject},
                      {"format", r.format},
                      {"language", lang_},
                      {"path", r.path.string()},
                      {"bytes", r.bytes},
                      {"items", r.items},
                      {"documents", r.documents},
                      {"request", request ? nlohmann::json(*request) : nlohmann::json(nullptr)}});
    } else if (!ctx.global.quiet) {
      ctx.out << "Wrote " << r.path.string() << " (" << r.format << ", " << r.items << " items, " << r.bytes
              << " bytes) for " << r.subject << ".\n";
      if (r.documents > 0) ctx.out << "Wrote " << r.documents << " document(s) into " << docs_dir_ << ".\n";
      ctx.out << "This file holds the person's data in clear: send it to them securely, then delete it "
                 "(coffre shred FILE).\n";
    }
    return {};
  }

 private:
  std::string id_, format_ = "json", lang_ = "en", out_, docs_dir_, request_;
  bool force_ = false;
};

}  // namespace

std::unique_ptr<Command> make_access_export_command() { return std::make_unique<AccessExportCommand>(); }

}  // namespace coffre::cli
