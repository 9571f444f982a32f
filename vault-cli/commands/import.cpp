// `coffre import FILE [options]`, `coffre import list` and `coffre import undo BATCH`: one command
// with positional words, because the command table cannot hold both a leaf `import` and a group
// `import ...` (a file literally named "list" or "undo" is imported as ./list).
#include <unistd.h>

#include <filesystem>

#include "coffre/import.h"
#include "coffre/plugin_host.h"
#include "commands/common.h"
#include "commands/import_output.h"
#include "shred_support.h"

namespace coffre::cli {

Status run_import_list(Context& ctx, Vault& vault);
Status run_import_undo(Context& ctx, Vault& vault, const std::string& batch);

namespace {

Result<std::shared_ptr<plugin::Importer>> pick_importer(const std::string& file, const std::string& format) {
  PluginHost& host = PluginHost::instance();
  host.discover();
  std::shared_ptr<plugin::Importer> imp =
      format == "auto" ? host.importer_for_file(file) : host.importer_for_format(format);
  if (imp) return imp;
  std::string why;
  for (const auto& r : host.list())
    if (r.name.rfind("import-", 0) == 0 && !r.enabled) why += "; " + r.name + " is disabled: " + r.reason;
  if (format == "auto")
    return make_error(ErrorKind::NotFound, "no importer recognises " + file + " (try --format csv|xlsx|vcard)" + why);
  return make_error(ErrorKind::NotFound, "no importer for format \"" + format + "\" (coffre plugins list)" + why);
}

char parse_delimiter(const std::string& d) {
  if (d.empty()) return 0;
  if (d == "tab" || d == "\\t" || d == "\t") return '\t';
  if (d == "semicolon") return ';';
  if (d == "comma") return ',';
  return d.size() == 1 ? d[0] : '\x01';
}

class ImportCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"import"}; }
  std::string description() const override {
    return "Import contacts from FILE (CSV, .xlsx, vCard; Google, Outlook, Zoho, HubSpot exports), "
           "or: import list | import undo BATCH";
  }
  void setup(CLI::App& app) override {
    app.add_option("args", args_, "FILE to import, or `list`, or `undo BATCH`")->required()->expected(1, 2);
    app.add_option("--format", format_, "auto (default), csv, xlsx or vcard")
        ->check(CLI::IsMember({"auto", "csv", "xlsx", "vcard"}));
    app.add_option("--map", map_, "Column mapping file: `Header=field` lines or a JSON object (docs/import.md)")
        ->type_name("FILE");
    app.add_option("--source", source_, "Source label recorded as provenance (default: the file name)");
    app.add_option("--basis", basis_, "Lawful basis: consent, legitimate-interest (default) or contract");
    auto b2b = app.add_flag("--b2b", b2b_, "The contacts are professionals (default)");
    app.add_flag("--b2c", b2c_, "The contacts are private persons")->excludes(b2b);
    app.add_flag("--dry-run", dry_run_, "Show what would be added, merged and rejected; write nothing");
    app.add_flag("--skip-invalid", skip_invalid_, "Import the valid rows and report the invalid ones");
    app.add_option("--report", report_, "With --skip-invalid: write the rejected rows (personal data) to FILE, mode 0600")
        ->type_name("FILE");
    app.add_option("--sheet", sheet_, "xlsx: the sheet to read (default: the first)");
    app.add_option("--charset", charset_, "Force the file's charset (UTF-8, WINDOWS-1252, ISO-8859-15...)");
    app.add_option("--delimiter", delimiter_, "Force the CSV delimiter: ';', ',' or tab");
    app.add_flag("--shred-source", shred_source_, "After a successful import, shred FILE (as `coffre shred` does)");
  }

  Status run_with_vault(Context& ctx, Vault& vault) override {
    if (args_.size() == 1 && args_[0] == "list") return run_import_list(ctx, vault);
    if (args_[0] == "undo") {
      if (args_.size() != 2) return make_error(ErrorKind::Usage, "usage: coffre import undo BATCH");
      return run_import_undo(ctx, vault, args_[1]);
    }
    if (args_.size() != 1) return make_error(ErrorKind::Usage, "usage: coffre import FILE [options]");
    return import_file(ctx, vault, args_[0]);
  }

 private:
  Status import_file(Context& ctx, Vault& vault, const std::string& file) {
    std::error_code ec;
    if (std::filesystem::is_directory(file, ec))
      return make_error(ErrorKind::InvalidInput, file + " is a folder: give the file to import");
    if (!std::filesystem::is_regular_file(file, ec)) return make_error(ErrorKind::NotFound, "no such file: " + file);
    if (!report_.empty() && !skip_invalid_) return make_error(ErrorKind::Usage, "--report goes with --skip-invalid");
    if (shred_source_ && dry_run_) return make_error(ErrorKind::Usage, "--shred-source cannot go with --dry-run");
    ImportRequest req;
    req.options.path = file;
    req.options.sheet = sheet_;
    req.options.charset = charset_;
    req.options.delimiter = parse_delimiter(delimiter_);
    if (req.options.delimiter == '\x01')
      return make_error(ErrorKind::Usage, "--delimiter must be ';', ',' or tab, not \"" + delimiter_ + "\"");
    req.source = source_;
    auto basis = parse_lawful_basis(basis_);
    if (!basis) return make_error(ErrorKind::Usage, "--basis must be consent, legitimate-interest or contract");
    req.basis = *basis;
    req.kind = b2c_ ? ContactKind::B2C : ContactKind::B2B;
    req.dry_run = dry_run_;
    req.skip_invalid = skip_invalid_;
    if (!map_.empty()) {
      COFFRE_ASSIGN_OR_RETURN(req.column_map, load_column_map(map_));
    }
    COFFRE_ASSIGN_OR_RETURN(auto importer, pick_importer(file, format_));
    auto formats = importer->formats();
    req.format = formats.empty() ? format_ : formats.front();
    std::unique_ptr<RejectReport> report;
    if (!report_.empty()) {
      COFFRE_ASSIGN_OR_RETURN(report, RejectReport::create(report_));
      req.on_rejected = [&](const RejectedRow& r) { report->write(r); };
    }
    COFFRE_ASSIGN_OR_RETURN(auto summary, run_import(vault, *importer, req, ctx.progress()));
    if (report) {
      COFFRE_TRY(report->close());
      if (!ctx.global.json && summary.rejected > 0)
        ctx.err << "coffre: the rejected rows are in " << report_
                << " (mode 0600: it holds personal data; delete it once fixed)\n";
    }
    if (!shred_source_) {
      if (ctx.global.json) ctx.print_json(import_summary_json(summary, req));
      else print_import_summary(ctx.out, summary, req);
      return {};
    }
    // Rejected rows that no --report file holds live only in the source: keep it.
    Result<plugin::ShredFileResult> shredded = make_error(
        ErrorKind::Conflict, "the source was not shredded: " + std::to_string(summary.rejected) +
                                 " rejected rows are only in it (use --report FILE to keep them)");
    if (summary.rejected == 0 || !report_.empty()) shredded = shred_source_file(file);
    if (ctx.global.json) {
      auto j = import_summary_json(summary, req);
      j["source_shredded"] = shredded.ok() ? nlohmann::json{{"result", plugin::to_string(shredded->result)},
                                                            {"note", json_path(shredded->note)}}
                                           : nlohmann::json{{"result", "error"}, {"note", shredded.error().message}};
      ctx.print_json(j);
    } else {
      print_import_summary(ctx.out, summary, req);
      if (shredded.ok())
        ctx.out << "Source shredded (" << plugin::to_string(shredded->result) << ")"
                << (shredded->note.empty() ? "" : ": " + shredded->note) << "\n";
    }
    return shredded.status();
  }

  std::vector<std::string> args_;
  std::string format_ = "auto", map_, source_, basis_ = "legitimate-interest", report_, sheet_, charset_, delimiter_;
  bool b2b_ = false, b2c_ = false, dry_run_ = false, skip_invalid_ = false, shred_source_ = false;
};

}  // namespace

std::unique_ptr<Command> make_import_command() { return std::make_unique<ImportCommand>(); }

}  // namespace coffre::cli
