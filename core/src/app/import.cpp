#include "coffre/app/import.h"

#include "coffre/i18n.h"

#include "app/reject_report.h"
#include "coffre/app/shred.h"
#include "coffre/normalize.h"
#include "services/import/row_builder.h"
#include "coffre/plugin/importer.h"

namespace coffre::app {
namespace {

Result<std::shared_ptr<plugin::Importer>> pick_importer(PluginHost& host, const std::string& file,
                                                        const std::string& format) {
  host.discover();
  std::shared_ptr<plugin::Importer> imp =
      format == "auto" ? host.importer_for_file(file) : host.importer_for_format(format);
  if (imp) return imp;
  std::string why;
  for (const auto& r : host.list())
    if (r.name.rfind("import-", 0) == 0 && !r.enabled) why += trf("; {0} is disabled: {1}", {r.name, r.reason});
  if (format == "auto")
    return make_error(ErrorKind::NotFound, trf("no importer recognises {} (try --format csv|xlsx|vcard)", {file}) + why);
  return make_error(ErrorKind::NotFound, trf("no importer for format \"{}\" (coffre plugins list)", {format}) + why);
}

Result<char> parse_delimiter(const std::string& d) {
  if (d.empty()) return char{0};
  if (d == "tab" || d == "\\t" || d == "\t") return '\t';
  if (d == "semicolon") return ';';
  if (d == "comma") return ',';
  if (d.size() == 1 && d[0] != '\x01') return d[0];
  return make_error(ErrorKind::Usage, trf("--delimiter must be ';', ',' or tab, not \"{}\"", {d}));
}

// Builds the pipeline's request from what the person typed.
Result<ImportRequest> make_request(const ImportFileRequest& in) {
  std::error_code ec;
  const std::string file = in.file.string();
  if (std::filesystem::is_directory(in.file, ec))
    return make_error(ErrorKind::InvalidInput, trf("{} is a folder: give the file to import", {file}));
  if (!std::filesystem::is_regular_file(in.file, ec)) return make_error(ErrorKind::NotFound, trf("no such file: {}", {file}));
  if (!in.report_file.empty() && !in.skip_invalid) return make_error(ErrorKind::Usage, tr("--report goes with --skip-invalid"));
  if (in.shred_source && in.dry_run) return make_error(ErrorKind::Usage, tr("--shred-source cannot go with --dry-run"));
  ImportRequest req;
  req.options.path = file;
  req.options.sheet = in.sheet;
  req.options.charset = in.charset;
  COFFRE_ASSIGN_OR_RETURN(req.options.delimiter, parse_delimiter(in.delimiter));
  req.source = in.source;
  auto basis = in.basis.empty() ? std::optional(LawfulBasis::Unspecified) : parse_lawful_basis(in.basis);
  if (!basis || (!in.basis.empty() && *basis == LawfulBasis::Unspecified))
    return make_error(ErrorKind::Usage, tr("--basis must be consent, legitimate-interest or contract"));
  req.basis = *basis;
  req.kind = in.kind;
  if (req.basis == LawfulBasis::LegitimateInterest && req.kind == ContactKind::B2C)
    return make_error(ErrorKind::Usage,
                      tr("--basis legitimate-interest cannot go with --b2c: prospecting consumers by e-mail or SMS needs "
                         "their prior consent (CPCE art. L34-5), and by phone too since 11 August 2026 (Code de la "
                         "consommation art. L223-1); give --basis consent, or contract for your clients"));
  if (!in.collected.empty()) {
    auto when = services::import::parse_collection_date(in.collected);
    if (!when) return make_error(ErrorKind::Usage, trf("--collected must be a date, YYYY-MM-DD, not \"{}\"", {in.collected}));
    req.collected_at = *when;
  }
  req.region = in.region;
  for (auto& c : req.region)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (!is_phone_region(req.region))
    return make_error(ErrorKind::Usage, trf("--region must be a country code libphonenumber knows (FR, BE, CH, GP...), not \"{}\"",
                                            {in.region}));
  req.dry_run = in.dry_run;
  req.skip_invalid = in.skip_invalid;
  if (!in.map_file.empty()) {
    COFFRE_ASSIGN_OR_RETURN(req.column_map, load_column_map(in.map_file));
  }
  return req;
}

}  // namespace

Result<ImportFileResult> import_file(Session& session, const ImportFileRequest& in, Progress& progress) {
  ImportFileResult result;
  COFFRE_ASSIGN_OR_RETURN(result.request, make_request(in));
  ImportRequest& req = result.request;
  COFFRE_ASSIGN_OR_RETURN(auto importer, pick_importer(session.plugins(), in.file.string(), in.format));
  std::vector<std::string> formats;
  COFFRE_TRY(call_plugin("formats()", [&] { formats = importer->formats(); }));
  req.format = formats.empty() ? in.format : formats.front();
  std::optional<RejectReport> report;
  if (!in.report_file.empty()) {
    COFFRE_ASSIGN_OR_RETURN(auto r, RejectReport::create(session.vault().env(), in.report_file));
    report.emplace(std::move(r));
    req.on_rejected = [&](const RejectedRow& row) { report->write(row); };
  }
  COFFRE_ASSIGN_OR_RETURN(result.summary, run_import(session.vault(), *importer, req, progress));
  req.on_rejected = nullptr;
  if (report) COFFRE_TRY(report->close());
  if (!in.shred_source) return result;
  // Rejected rows that no report holds live only in the source: keep it.
  if (result.summary.rejected > 0 && in.report_file.empty()) {
    result.shred_status = make_error(ErrorKind::Conflict, "the source was not shredded: " +
                                                              std::to_string(result.summary.rejected) +
                                                              " rejected rows are only in it (use --report FILE to keep them)");
    return result;
  }
  auto shredded = shred_file(session.plugins(), in.file.string());
  if (shredded.ok()) result.source_shredded = *shredded;
  else result.shred_status = shredded.error();
  return result;
}

Result<ImportUndoResult> undo_import(Session& session, std::string_view batch, Progress& progress,
                                     const ImportUndoOptions& options) {
  return coffre::undo_import(session.vault(), batch, progress, options);
}

}  // namespace coffre::app
