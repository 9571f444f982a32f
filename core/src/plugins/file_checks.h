// The checks the plugin host makes on a plugin file before letting the dynamic loader near it:
// no plugin code runs until these pass.
#pragma once

#include <filesystem>
#include <string>

#include "coffre/plugin_host.h"

namespace coffre::plugins {

struct FileCheck {
  PluginLoadError error = PluginLoadError::None;
  std::string reason;
};

// NotFound, then UnsafePermissions: a missing or non-regular file; a file or folder that is
// group- or world-writable or owned by someone other than the effective user or root. Symbolic
// links are followed; the link's own folder and the target's folder are both checked.
FileCheck check_location(const std::filesystem::path& file);

// NotALibrary unless the file starts with the ELF magic (so that a text file named .so is told
// apart from a library dlopen refused for another reason).
FileCheck check_elf(const std::filesystem::path& file);
// UnsafePermissions unless `dir` and every folder above it up to `stop` (included; up to / when
// `dir` is not under `stop`) is writable by its owner alone, that owner being the user or root.
FileCheck check_folders_up_to(const std::filesystem::path& dir, const std::filesystem::path& stop);

}  // namespace coffre::plugins
