// `coffre access export CONTACT_ID`: answers a subject access request (GDPR art. 15) with
// everything the vault holds about one person, written by an access-exporter plugin.
#include "coffre/app/access.h"
#include "coffre/app/pack.h"
#include "coffre/app/requests.h"
#include "commands/common.h"
#include "commands/model_input.h"
#include "passphrase.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

class AccessExportCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"access", "export"}; }
  std::string description() const override {
    return tr("Answer a subject access request: write everything the vault holds about one person into FILE "
           "(created 0600)");
  }
  void setup(CLI::App& app) override {
    app.add_option("CONTACT_ID", id_, tr("The person's contact id (`coffre search NAME` finds it)"))->required();
    app.add_option("--format", format_,
                   tr("json (machine-readable), text (to send as a letter), html, csv, vcard, pack (the whole answer as "
                   "a zip: a page to read, the data, the documents and a signed manifest; docs/cli.md) or portability "
                   "(a zip of what the person provided, vCard and CSV: GDPR art. 20)"))
        ->default_val("json");
    app.add_option("--lang", lang_, tr("en or fr: the language of the titles and labels (default: fr for pack, en "
                   "otherwise; values stay as stored except in the pack's index.html)"))
        ->check(CLI::IsMember({"en", "fr"}));
    app.add_option("--password-file", password_file_,
                   tr("pack, portability: encrypt the zip (AES-256) with the password on the first line of F; never "
                   "stored"))
        ->type_name("F");
    app.add_option("-o,--output", out_, tr("Where to write the export (default: access-<pseudonym>.<ext> here)"))
        ->type_name("FILE");
    app.add_option("--documents", docs_dir_,
                   tr("Also decrypt the person's documents into DIR (created 0700), as <id>-<name>"))
        ->type_name("DIR");
    app.add_flag("-f,--force", force_, tr("Overwrite FILE (and documents in DIR) if they exist"));
    app.add_option("--request", request_, tr("The person's request this export answers (coffre request): the file's "
                   "SHA-256 is recorded on it"))
        ->type_name("ID");
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    if (format_ == "pack" || format_ == "portability") return run_pack(ctx, session);
    if (!password_file_.empty()) return make_error(ErrorKind::Usage, "--password-file is for --format pack or portability");
    if (lang_.empty()) lang_ = "en";
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
      ctx.out << trf("Wrote {0} ({1}, {2} items, {3} bytes) for {4}.",
                     {r.path.string(), r.format, std::to_string(r.items), std::to_string(r.bytes), r.subject})
              << "\n";
      if (r.documents > 0)
        ctx.out << trf("Wrote {0} document(s) into {1}.", {std::to_string(r.documents), docs_dir_}) << "\n";
      ctx.out << tr("This file holds the person's data in clear: send it to them securely, then delete it (coffre "
                    "shred FILE).")
              << "\n";
    }
    return {};
  }

  Status run_pack(Context& ctx, app::Session& session) {
    if (out_.empty()) return make_error(ErrorKind::Usage, trf("--format {} needs -o FILE.zip", {format_}));
    if (!docs_dir_.empty())
      return make_error(ErrorKind::Usage, tr("--documents is not for a pack: its documents are inside it"));
    app::PackOptions opt;
    COFFRE_ASSIGN_OR_RETURN(opt.contact_id, id_arg("contact", id_));
    opt.kind = format_ == "pack" ? app::PackKind::Access : app::PackKind::Portability;
    opt.language = lang_.empty() ? "fr" : lang_;
    opt.output = out_;
    opt.overwrite = force_;
    std::optional<SecretBytes> password;
    if (!password_file_.empty()) {
      COFFRE_ASSIGN_OR_RETURN(password, read_secret_file(password_file_));
      opt.password = &*password;
    }
    if (!request_.empty()) {
      COFFRE_ASSIGN_OR_RETURN(opt.request, id_arg("request", request_));
    }
    COFFRE_ASSIGN_OR_RETURN(auto r, app::write_access_pack(session, opt, ctx.progress()));
    if (!r.encrypted && !ctx.global.quiet)
      ctx.err << trf("warning: {} is not encrypted: anyone who gets the file reads the person's data. Give "
                     "--password-file to encrypt it (AES-256), or send it only by a secure channel.",
                     {r.path.string()})
              << "\n";
    if (ctx.global.json) {
      ctx.print_json({{"contact", opt.contact_id},
                      {"subject", r.subject},
                      {"format", format_},
                      {"language", opt.language},
                      {"path", r.path.string()},
                      {"bytes", r.bytes},
                      {"files", r.files},
                      {"items", r.items},
                      {"documents", r.documents},
                      {"encrypted", r.encrypted},
                      {"manifest_sha256", r.manifest_sha256},
                      {"request", opt.request ? nlohmann::json(*opt.request) : nlohmann::json(nullptr)}});
    } else if (!ctx.global.quiet) {
      ctx.out << trf("Wrote {0} ({1}, {2} files, {3} document(s), {4} bytes{5}) for {6}.",
                     {r.path.string(), format_, std::to_string(r.files), std::to_string(r.documents),
                      std::to_string(r.bytes), r.encrypted ? ", AES-256" : "", r.subject})
              << "\n" << trf("Manifest SHA-256: {}", {r.manifest_sha256}) << "\n";
      if (opt.request) ctx.out << trf("Recorded on request {}.", {std::to_string(*opt.request)}) << "\n";
    }
    return {};
  }

 private:
  std::string id_, format_ = "json", lang_, out_, docs_dir_, request_, password_file_;
  bool force_ = false;
};

}  // namespace

class AccessVerifyPackCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"access", "verify-pack"}; }
  std::string description() const override {
    return tr("Check an access pack against this vault: its manifest's signature, then every file's SHA-256 "
           "(exit 5 naming what differs)");
  }
  void setup(CLI::App& app) override {
    app.add_option("FILE", file_, tr("The pack (.zip)"))->required();
    app.add_option("--password-file", password_file_, tr("The pack's password, on the first line of F"))->type_name("F");
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    std::optional<SecretBytes> password;
    if (!password_file_.empty()) {
      COFFRE_ASSIGN_OR_RETURN(password, read_secret_file(password_file_));
    }
    COFFRE_ASSIGN_OR_RETURN(auto c, app::verify_access_pack(session, file_, password ? &*password : nullptr));
    if (ctx.global.json)
      ctx.print_json({{"ok", true},
                      {"subject", c.subject},
                      {"generated_at", c.generated_at},
                      {"files", c.files},
                      {"encrypted", c.encrypted},
                      {"manifest_sha256", c.manifest_sha256}});
    else if (!ctx.global.quiet)
      ctx.out << trf("{0}: OK, {1} files match the signed manifest ({2}, {3}).",
                     {file_, std::to_string(c.files), c.subject, c.generated_at})
              << "\n";
    return {};
  }

 private:
  std::string file_, password_file_;
};

std::unique_ptr<Command> make_access_export_command() { return std::make_unique<AccessExportCommand>(); }
std::unique_ptr<Command> make_access_verify_pack_command() { return std::make_unique<AccessVerifyPackCommand>(); }

}  // namespace coffre::cli
