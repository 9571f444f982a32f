// The export-access plugin: libcoffre-export-access.so. Writes the access-request export of one
// person (GDPR art. 15 and 20) as JSON (json_export.h), a plain-text report (text_export.h), an HTML
// page (html_export.h), CSV (csv_export.h) or a vCard (vcard_export.h): the access pack's formats.
// It writes only to the ExportTarget the host gives it: no file, no temp file, no stdout.
#include <new>

#include "coffre/plugin/exporter.h"
#include "coffre/plugin/i18n.h"
#include "csv_export.h"
#include "html_export.h"
#include "json_export.h"
#include "text_export.h"
#include "vcard_export.h"

namespace {

using coffre::plugin::ExportOptions;
using coffre::plugin::ExportTarget;
using coffre::plugin::SubjectView;

// Sets `error` to `message` (translated, {} replaced by `what`) without letting an allocation failure escape from a catch block.
void set_error(std::string& error, const char* message, const char* what) noexcept {
  try {
    error = coffre::plugin::trf(message, {what});
  } catch (...) {
    error.clear();
  }
}

class ExportAccessPlugin final : public coffre::plugin::AccessExporter {
 public:
  coffre::plugin::Info info() const override {
    return {"export-access", coffre::plugin::Kind::AccessExporter, "1.1.0",
            "Writes what the vault holds about one person, for an access request: JSON (machine-readable "
            "copy), a plain-text report, an HTML page, CSV, or a vCard"};
  }
  bool setup(std::string& /*error*/) override { return true; }

  std::vector<std::string> formats() const override { return {"json", "text", "html", "csv", "vcard"}; }

  std::string extension(const std::string& format) const override {
    if (format == "json") return ".json";
    if (format == "text") return ".txt";
    if (format == "html") return ".html";
    if (format == "csv") return ".csv";
    if (format == "vcard") return ".vcf";
    return {};
  }

  // Nothing escapes: a throwing target or an allocation failure becomes false with a message.
  bool write(const SubjectView& subject, const ExportOptions& options, ExportTarget& target,
             std::string& error) override {
    try {
      if (options.format == "json") return coffre::exporter::write_json(subject, target, error);
      if (options.format == "text") return coffre::exporter::write_text(subject, target, error);
      if (options.format == "html") return coffre::exporter::write_html(subject, target, error);
      if (options.format == "csv") return coffre::exporter::write_csv(subject, target, error);
      if (options.format == "vcard") return coffre::exporter::write_vcard(subject, target, error);
      error = coffre::plugin::trf("unknown format '{}' (json, text, html, csv, vcard)", {options.format});
    } catch (const std::bad_alloc&) {
      set_error(error, coffre::plugin::N_("out of memory while writing the export"), "");
    } catch (const std::exception& e) {
      set_error(error, coffre::plugin::N_("export failed: {}"), e.what());
    } catch (...) {
      set_error(error, coffre::plugin::N_("export failed: {}"), "unknown exception");
    }
    return false;
  }
};

}  // namespace

COFFRE_PLUGIN(ExportAccessPlugin)
