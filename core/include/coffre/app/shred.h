// Shredding files through the shredder plugin (coffre/plugin/shredder.h): `coffre shred`, with or
// without a signed certificate, the source file of an import, and the vault's own blob files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "coffre/app/session.h"
#include "coffre/blob_shredder.h"
#include "coffre/plugin/shredder.h"
#include "coffre/progress.h"
#include "coffre/status.h"

namespace coffre::app {

// The shredder plugin of `plugins` (discovering them on first use). NotFound when there is none,
// PluginIncompatible with the host's reason when it is there but disabled.
Result<std::shared_ptr<plugin::Shredder>> shredder_plugin(PluginHost& plugins);

// The vault's blob files through the plugin. A missing file is success, as in the core's default.
std::shared_ptr<BlobShredder> make_plugin_blob_shredder(std::shared_ptr<plugin::Shredder> shredder);

struct ShredReport {
  std::vector<plugin::ShredFileResult> files;
  std::uint64_t errors = 0;  // entries that could not be shredded (ShredOutcome::Error)
  double seconds = 0;
};

// Shreds `paths` with the plugin, reporting bytes to `progress`. A Status error means the run could
// not happen at all (no plugin, the plugin threw); per-file failures are in the report, and the
// other files were still shredded. Needs no vault.
Result<ShredReport> shred_files(PluginHost& plugins, const std::vector<std::string>& paths,
                                const plugin::ShredOptions& options, Progress& progress);

// The same, then a certificate of the run signed with the vault's audit key, written to
// `certificate` (created 0600 before anything is destroyed, so that a file that cannot be created
// stops the run; Conflict if it exists), and a "shred.run" audit entry with the counts (the
// certificate, the user's file, names the paths). Usage error with a dry run.
Result<ShredReport> shred_files_with_certificate(Session& session, const std::vector<std::string>& paths,
                                                 const plugin::ShredOptions& options,
                                                 const std::filesystem::path& certificate, Progress& progress);

// One file with the default options (one random pass, no verification), e.g. an imported source.
// IoError naming the file, with the plugin's note, when it could not be shredded.
Result<plugin::ShredFileResult> shred_file(PluginHost& plugins, const std::string& path);

// The run as compact JSON text: {"files": [...], "method", "passes", "verify", "dry_run",
// "totals": {...}, "seconds"} (docs/cli.md); also the body of a shred certificate.
std::string shred_report_json(const ShredReport& report, const plugin::ShredOptions& options);

// A file name as JSON string content. Valid UTF-8 is kept as is. Otherwise each byte that is not
// part of valid UTF-8 is written as the four characters \xNN (and a backslash as \\ so that the
// text stays unambiguous); `exact_hex` then receives the raw bytes in lower-case hex.
std::string json_path(const std::string& raw, std::string* exact_hex = nullptr);

}  // namespace coffre::app
