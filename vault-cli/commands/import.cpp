// `coffre import FILE [options]`, `coffre import list` and `coffre import undo BATCH`: one command
// with positional words, because the command table cannot hold both a leaf `import` and a group
// `import ...` (a file literally named "list" or "undo" is imported as ./list).
#include "coffre/app/import.h"
#include "coffre/app/shred.h"
#include "coffre/english_scope.h"
#include "commands/common.h"
#include "commands/import_output.h"
#include "commands/model_output.h"
#include "coffre/i18n.h"

namespace coffre::cli {

Status run_import_list(Context& ctx, Vault& vault);
Status run_import_undo(Context& ctx, app::Session& session, const std::string& batch, const ImportUndoOptions& options,
                       bool yes);

namespace {

class ImportCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"import"}; }
  std::string description() const override {
    return tr("Import contacts from FILE (CSV, .xlsx, vCard; Google, Outlook, Zoho, HubSpot exports), "
           "or: import list | import undo BATCH");
  }
  void setup(CLI::App& app) override {
    app.add_option("FILE", word_, tr("The file to import; or the word `list` (the imports so far); or `undo`"))->required();
    app.add_option("BATCH", batch_, tr("With `undo`: the import to undo (`coffre import list` shows them)"));
    app.add_option("--format", req_.format, tr("auto (default), csv, xlsx or vcard"))
        ->check(CLI::IsMember({"auto", "csv", "xlsx", "vcard"}));
    app.add_option("--map", map_, tr("Column mapping file: `Header=field` lines or a JSON object (docs/import.md)"))
        ->type_name("FILE");
    app.add_option("--source", req_.source, tr("Source label recorded as provenance (default: the file name)"));
    app.add_option("--basis", req_.basis,
                   tr("Lawful basis: consent, legitimate-interest or contract; none given is recorded as unspecified"));
    app.add_option("--region", req_.region,
                   tr("Country of national phone numbers (ISO code: FR (default), BE, CH, GP...); a row's "
                   "Country column or a card's ADR country overrides it"))
        ->type_name("CC");
    auto b2b = app.add_flag("--b2b", b2b_, tr("The contacts are professionals"));
    app.add_flag("--b2c", b2c_,
                 tr("The contacts are private persons (without either flag: a B2B/B2C column, else inferred: an "
                 "organisation means B2B)"))
        ->excludes(b2b);
    app.add_option("--collected", req_.collected,
                   tr("When the data was collected (YYYY-MM-DD), for rows without a collection-date column "
                   "(default: the file's own date)"))
        ->type_name("DATE");
    app.add_flag("--dry-run", req_.dry_run,
                 tr("Show what would be added, merged and rejected (or, with undo, erased); write nothing"));
    add_yes_flag(app, yes_);
    app.add_flag("--include-edited", include_edited_,
                 tr("undo: also erase contacts worked on since the import (otherwise the undo refuses them)"));
    app.add_flag("--skip-invalid", req_.skip_invalid, tr("Import the valid rows and report the invalid ones"));
    app.add_option("--report", report_, tr("With --skip-invalid: write the rejected rows (personal data) to FILE, mode 0600"))
        ->type_name("FILE");
    app.add_option("--sheet", req_.sheet, tr("xlsx: the sheet to read (default: the first)"));
    app.add_option("--charset", req_.charset, tr("Force the file's charset (UTF-8, WINDOWS-1252, ISO-8859-15...)"));
    app.add_option("--delimiter", req_.delimiter, tr("Force the CSV delimiter: ';', ',' or tab"));
    app.add_flag("--shred-source", req_.shred_source, tr("After a successful import, shred FILE (as `coffre shred` does)"));
  }

  Status run_with_session(Context& ctx, app::Session& session) override {
    if (word_ == "list" && batch_.empty()) return run_import_list(ctx, session.vault());
    if (word_ == "undo") {
      if (batch_.empty()) return make_error(ErrorKind::Usage, tr("usage: coffre import undo BATCH"));
      return run_import_undo(ctx, session, batch_, {req_.dry_run, include_edited_}, yes_);
    }
    if (!batch_.empty()) return make_error(ErrorKind::Usage, tr("usage: coffre import FILE [options]"));
    req_.file = word_;
    req_.map_file = map_;
    req_.report_file = report_;
    if (b2c_) req_.kind = ContactKind::B2C;
    if (b2b_) req_.kind = ContactKind::B2B;
    // With --shred-source, the shredder plugin's note goes into --json as it is: English there
    // (coffre/english_scope.h); the rows' warnings and reasons carry both languages themselves.
    std::optional<i18n::EnglishScope> english;
    if (ctx.global.json && req_.shred_source) english.emplace();
    auto imported = app::import_file(session, req_, ctx.progress());
    english.reset();
    if (!imported.ok()) return imported.error();
    const auto& r = *imported;
    if (!report_.empty() && !ctx.global.json && r.summary.rejected > 0)
      ctx.err << "coffre: "
              << trf("the rejected rows are in {} (mode 0600: it holds personal data; delete it once fixed)", {report_})
              << "\n";
    if (ctx.global.json) {
      auto j = import_summary_json(r.summary, r.request);
      if (req_.shred_source)
        j["source_shredded"] = r.source_shredded ? nlohmann::json{{"result", plugin::to_string(r.source_shredded->result)},
                                                                  {"note", app::json_path(r.source_shredded->note)}}
                                                 : nlohmann::json{{"result", "error"}, {"note", r.shred_status.message()}};
      ctx.print_json(j);
    } else {
      print_import_summary(ctx.out, r.summary, r.request);
      if (r.source_shredded)
        ctx.out << trf("Source shredded ({})", {shown(plugin::to_string(r.source_shredded->result))})
                << (r.source_shredded->note.empty() ? "" : ": " + r.source_shredded->note) << "\n";
    }
    return r.shred_status;
  }

 private:
  std::string word_, batch_;
  app::ImportFileRequest req_;
  std::string map_, report_;
  bool b2b_ = false, b2c_ = false, include_edited_ = false, yes_ = false;
};

}  // namespace

std::unique_ptr<Command> make_import_command() { return std::make_unique<ImportCommand>(); }

}  // namespace coffre::cli
