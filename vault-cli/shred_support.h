// Shredding from the CLI through the shredder plugin: `coffre shred`, `coffre import
// --shred-source`, and the vault's own blob files (a BlobShredder over the plugin, installed for
// every command that opens a vault).
#pragma once

#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

#include "coffre/erasure.h"
#include "coffre/plugin/shredder.h"
#include "coffre/progress.h"
#include "coffre/status.h"

namespace coffre::cli {

// The shredder plugin from PluginHost::instance() (discovering plugins on first use). NotFound when
// there is none, PluginIncompatible with the host's reason when it is there but disabled.
Result<std::shared_ptr<plugin::Shredder>> load_shredder();

struct ShredReport {
  std::vector<plugin::ShredFileResult> files;
  std::uint64_t errors = 0;
  double seconds = 0;
};

// Shreds `paths` with the plugin, drawing progress (bytes) on `progress`. A Status error means the
// run could not happen at all (no plugin, the plugin threw); per-file failures are in the report
// (ShredOutcome::Error entries, counted in `errors`), and the other files were still shredded.
Result<ShredReport> shred_paths(const std::vector<std::string>& paths, const plugin::ShredOptions& options,
                                Progress& progress);

// For `coffre import FILE --shred-source`, after the import committed: shreds that one file with
// the default options (one random pass, no verification) and returns its result
// (Overwritten, or Logical with the note saying what the storage may keep). IoError naming the
// file, with the plugin's note, when it could not be shredded; NotFound/PluginIncompatible when
// there is no usable shredder plugin.
Result<plugin::ShredFileResult> shred_source_file(const std::string& path);

// The --json document of a run: {"files": [...], "method", "passes", "verify", "dry_run",
// "totals": {...}, "seconds"}. Paths are raw bytes: see json_path().
nlohmann::json shred_report_json(const ShredReport& report, const plugin::ShredOptions& options);

// A file name as a JSON string. Valid UTF-8 is kept as is. Otherwise each byte that is not part of
// valid UTF-8 is written as the four characters \xNN (and a backslash as \\ so that the text stays
// unambiguous); `exact` then receives the raw bytes in lower-case hex, for scripts that need them.
std::string json_path(const std::string& raw, std::string* exact_hex = nullptr);

// The vault's blob files through the plugin (coffre/erasure.h). A missing file is success, as in
// the core's default: a resumed erasure may find the blob already gone.
std::shared_ptr<BlobShredder> make_plugin_blob_shredder(std::shared_ptr<plugin::Shredder> shredder);
// Installs it with set_blob_shredder() when the shredder plugin loads; otherwise leaves the core's
// default in place. Returns whether the plugin is now the vault's blob shredder.
bool install_plugin_blob_shredder();

}  // namespace coffre::cli
