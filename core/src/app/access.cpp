#include "coffre/app/access.h"

#include "coffre/i18n.h"
#include "coffre/plugin/exporter.h"
#include "coffre/stores.h"

namespace coffre::app {
namespace {

Result<std::shared_ptr<plugin::AccessExporter>> pick_exporter(PluginHost& host, const std::string& format) {
  host.discover();
  if (auto ex = host.exporter_for_format(format)) return ex;
  std::string known, why;
  for (const auto& ex : host.exporters()) {
    std::vector<std::string> formats;
    if (!call_plugin("formats()", [&] { formats = ex->formats(); }).ok()) continue;
    for (const auto& f : formats) known += (known.empty() ? "" : ", ") + f;
  }
  for (const auto& r : host.list())
    if (r.kind == plugin::Kind::AccessExporter && !r.enabled) why += trf("; {0} is disabled: {1}", {r.name, r.reason});
  return make_error(ErrorKind::NotFound,
                    known.empty()
                        ? trf("no access exporter writes \"{0}\" (none is installed: coffre plugins list){1}", {format, why})
                        : trf("no access exporter writes \"{0}\" (known formats: {1}){2}", {format, known, why}));
}

}  // namespace

Result<AccessExportResult> export_access(Session& session, const AccessExportOptions& options, Progress& progress) {
  COFFRE_ASSIGN_OR_RETURN(auto exporter, pick_exporter(session.plugins(), options.format));
  AccessExportRequest req;
  req.contact_id = options.contact_id;
  req.format = options.format;
  req.language = options.language;
  req.overwrite = options.overwrite;
  req.documents_dir = options.documents_dir;
  req.output = options.output;
  if (req.output.empty()) {
    COFFRE_ASSIGN_OR_RETURN(auto c, ContactStore(session.vault()).get(options.contact_id));
    std::string ext;
    COFFRE_TRY(call_plugin("extension()", [&] { ext = exporter->extension(options.format); }));
    // The plugin names only an extension: never a folder.
    if (ext.find('/') != std::string::npos) ext.clear();
    req.output = "access-" + c.pseudonym + ext;
  }
  return export_subject(session.vault(), *exporter, req, progress);
}

}  // namespace coffre::app
