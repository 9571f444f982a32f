// Which plugins of the user's own folder may run (issue 17 item 6). A plugin there runs code the
// moment it is loaded (its constructors run at dlopen, vault unlocked), so it loads only once the
// user has said so: `coffre plugins trust PATH` records the file's SHA-256 in the trust file, and
// the host loads it only while the file still has that hash (hashed and loaded from one open file
// descriptor). Plugins installed with Coffre (next to the binary, under the install prefix) need
// no trust.
//
// Trust file: $XDG_CONFIG_HOME/coffre/trusted-plugins, else ~/.config/coffre/trusted-plugins; mode
// 0600, replaced atomically; one line per plugin, `<sha256 hex>  <absolute path>` (sha256sum's
// format). A trust file writable by others is ignored (nothing is trusted).
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "coffre/status.h"

namespace coffre {

std::filesystem::path default_plugin_trust_file();
// The user's plugin folder: $XDG_DATA_HOME/coffre/plugins, else ~/.local/share/coffre/plugins.
std::filesystem::path default_user_plugin_dir();

// Absolute path -> SHA-256 (hex). An absent file is an empty map; Corruption names a damaged one,
// UnsafePermissions-like IoError a file or folder writable by others.
Result<std::map<std::filesystem::path, std::string>> load_plugin_trust(const std::filesystem::path& trust_file);
// Records `plugin`'s current SHA-256 (replacing an earlier entry of the same path). Returns the hash.
Result<std::string> trust_plugin(const std::filesystem::path& trust_file, const std::filesystem::path& plugin);
// SHA-256 (hex) of what `fd` reads from its start.
Result<std::string> sha256_of_fd(int fd, const std::filesystem::path& for_messages);

}  // namespace coffre
