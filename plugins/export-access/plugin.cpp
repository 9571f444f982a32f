// The export-access plugin: libcoffre-export-access.so. Writes the access-request export of one
// person (GDPR art. 15 and 20) as JSON (json_export.h) or a plain-text report (text_export.h).
// It writes only to the ExportTarget the host gives it: no file, no temp file, no stdout.
#include <new>

#include "coffre/plugin/exporter.h"
#include "json_export.h"
#include "text_export.h"

namespace {

using coffre::plugin::ExportOptions;
using coffre::plugin::ExportTarget;
using coffre::plugin::SubjectView;

// Sets `error` without letting an allocation failure escape from a catch block.
void set_error(std::string& error, const char* prefix, const char* what) noexcept {
  try {
    error = std::string(prefix) + what;
  } catch (...) {
    error.clear();
  }
}

class ExportAccessPlugin final : public coffre::plugin::AccessExporter {
 public:
  coffre::plugin::Info info() const override {
    return {"export-access", coffre::plugin::Kind::AccessExporter, "1.0.0",
            "Writes what the vault holds about one person, for an access request: JSON (machine-readable "
            "copy) or a plain-text report"};
  }
  bool setup(std::string& /*error*/) override { return true; }

  std::vector<std::string> formats() const override { return {"json", "text"}; }

  std::string extension(const std::string& format) const override {
    if (format == "json") return ".json";
    if (format == "text") return ".txt";
    return {};
  }

  // Nothing escapes: a throwing target or an allocation failure becomes false with a message.
  bool write(const SubjectView& subject, const ExportOptions& options, ExportTarget& target,
             std::string& error) override {
    try {
      if (options.format == "json") return coffre::exporter::write_json(subject, target, error);
      if (options.format == "text") return coffre::exporter::write_text(subject, target, error);
      error = "unknown format '" + options.format + "' (json, text)";
    } catch (const std::bad_alloc&) {
      set_error(error, "out of memory while writing the export", "");
    } catch (const std::exception& e) {
      set_error(error, "export failed: ", e.what());
    } catch (...) {
      set_error(error, "export failed: ", "unknown exception");
    }
    return false;
  }
};

}  // namespace

COFFRE_PLUGIN(ExportAccessPlugin)
