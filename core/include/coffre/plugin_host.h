// The plugin host (docs/design.md §7): finds plugin files, loads them with Boost.DLL, checks each one
// stage by stage and keeps a registry of what loaded and what did not, with the reason.
//
// A plugin file is named `libcoffre-<name>.so` (what CMake makes of a MODULE target called
// `coffre-<name>`, see coffre_plugin() in plugins/CMakeLists.txt). Other files are ignored. The
// search path, first match of a file name wins (a later file of the same name is listed as
// disabled, "shadowed"):
//   1. the folder of the running executable (boost::dll::program_location(), never the current
//      directory), where the build puts every plugin;
//   2. <folder of the executable>/../lib/coffre/plugins, the installed layout wherever it was
//      installed (PREFIX/bin/coffre next to PREFIX/lib/coffre/plugins);
//   3. <configure-time install prefix>/lib/coffre/plugins;
//   4. $XDG_DATA_HOME/coffre/plugins, else ~/.local/share/coffre/plugins: the user's folder. A plugin
//      there loads only once trusted (`coffre plugins trust PATH` records its SHA-256 in
//      $XDG_CONFIG_HOME/coffre/trusted-plugins, else ~/.config/coffre/trusted-plugins; 0600), and
//      is hashed and loaded from the same open file (Untrusted / Changed otherwise). Every folder
//      from the plugin's up to $HOME must be writable by the user alone.
//
// Load stages, in this order, each with its own LoadError. The checks that need no plugin code
// come first, so that an unsafe file never gets the chance to run its static constructors:
//   NotFound          the file does not exist (or is not a regular file);
//   UnsafePermissions the file or its folder is group- or world-writable, or is owned by someone
//                     other than the user or root (symbolic links are resolved and both the link's
//                     folder and the target are checked);
//   NotALibrary       not an ELF file, or dlopen refused it (the message says why);
//   AbiMismatch       no `coffre_plugin_abi`, or a different major / a newer minor than the host's;
//                     it is read before any other symbol is touched;
//   MissingFactory    no `coffre_plugin_create`, it threw, or it returned null;
//   SetupFailed       setup() returned false (its message is the reason) or threw, or the object
//                     does not implement the interface of the kind it declares.
// Whatever a plugin throws is caught here and becomes a disabled record; a plugin never brings
// the host down (a plugin that crashes the process outright cannot be helped in process).
//
// Lifetime: a loaded plugin is held by a LoadedPlugin, which owns both the library handle and the
// object, and deletes the object before unloading the library. Accessors hand out shared_ptrs that
// share ownership of that holder, so a library stays mapped as long as anything from it is in use.
// Libraries that pull in Boost.System may never actually unload (glibc NODELETE): no hot unload.
//
// Thread safety: a PluginHost is internally locked; discover(), load() and the accessors may be
// called from several threads. The plugin objects themselves are not made thread-safe by the host.
#pragma once

#include <cstdint>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "coffre/plugin/abi.h"
#include "coffre/status.h"

namespace coffre {

namespace plugin {
class AccessExporter;
class ConsentCapture;
class Importer;
class Shredder;
}  // namespace plugin

enum class PluginLoadError {
  None, NotFound, UnsafePermissions, NotALibrary, AbiMismatch, MissingFactory, SetupFailed,
  Untrusted,  // a plugin in the user's folder that `coffre plugins trust` never recorded
  Changed,    // a plugin in the user's folder whose SHA-256 is no longer the one trusted
};
// "not-found", "unsafe-permissions", "not-a-library", "abi-mismatch", "missing-factory",
// "setup-failed", "untrusted", "changed" ("" for None): stable names, used in `coffre plugins
// list --json`.
const char* to_string(PluginLoadError e) noexcept;

// What the host knows about one plugin file, loaded or not.
struct PluginRecord {
  std::filesystem::path path;
  std::string name;                   // from info(); the file name's <name> part until then
  std::optional<plugin::Kind> kind;   // unknown when loading stopped before info()
  std::string version;                // the plugin's own version
  std::string description;
  std::uint32_t abi = 0;              // what the plugin declared (0: unknown)
  bool enabled = false;
  // "installed" (next to coffre or under the install prefix: loaded as they are) or, for a plugin
  // in the user's folder, "trusted", "untrusted" or "changed" (coffre/plugin_trust.h).
  std::string trust = "installed";
  PluginLoadError error = PluginLoadError::None;
  std::string reason;                 // why it is disabled; empty when enabled
};

// "1.0" from an ABI value (major << 16 | minor).
std::string abi_to_string(std::uint32_t abi);

// One loaded plugin: the library and the object made by its factory. Move-only; see "Lifetime".
class LoadedPlugin {
 public:
  struct Impl;
  explicit LoadedPlugin(std::unique_ptr<Impl> impl);
  ~LoadedPlugin();  // deletes the plugin object, then unloads the library
  LoadedPlugin(LoadedPlugin&&) noexcept;
  LoadedPlugin& operator=(LoadedPlugin&&) noexcept;

  const PluginRecord& record() const;
  plugin::Plugin& plugin() const;

 private:
  std::unique_ptr<Impl> impl_;
};

class PluginHost {
 public:
  // Searches the default path (see above). There is no process-wide host: each front end makes
  // its own and passes it to the application layer (coffre/app/session.h).
  PluginHost();
  // Searches exactly these folders, in order (tests use a folder of their own), as installed ones.
  explicit PluginHost(std::vector<std::filesystem::path> search_dirs);
  // Installed folders first, then user folders, whose plugins load only when `trust_file`
  // (coffre/plugin_trust.h) records their SHA-256 and every folder from theirs up to $HOME is
  // writable by the user alone.
  PluginHost(std::vector<std::filesystem::path> installed_dirs, std::vector<std::filesystem::path> user_dirs,
             std::filesystem::path trust_file);
  ~PluginHost();
  PluginHost(const PluginHost&) = delete;
  PluginHost& operator=(const PluginHost&) = delete;

  static std::vector<std::filesystem::path> default_search_path();

  // Scans the search folders once and loads every `libcoffre-*.so` found. Later calls do nothing.
  // Never fails: every problem becomes a disabled record.
  void discover();

  // Loads one file through all the stages above (whether or not it is in the search path) and
  // adds its record to the registry. Fails with the kind PluginIncompatible (NotFound for a
  // missing file) and a message naming the stage; the record is kept, disabled, either way.
  // A file already loaded is not loaded twice: its existing holder is returned.
  Result<std::shared_ptr<LoadedPlugin>> load(const std::filesystem::path& file);

  // Every plugin file seen, enabled or not, in search order.
  std::vector<PluginRecord> list() const;

  // Enabled importers. importer_for_format() matches formats() (lower case: "csv", "xlsx",
  // "vcard"); importer_for_file() asks each importer's sniff() about the file's name and first
  // 4 KiB and takes the highest score above 0. nullptr when none fits (or the file is unreadable).
  std::vector<std::shared_ptr<plugin::Importer>> importers() const;
  std::shared_ptr<plugin::Importer> importer_for_format(std::string_view format) const;
  std::shared_ptr<plugin::Importer> importer_for_file(const std::filesystem::path& file) const;
  // The first enabled shredder plugin, or nullptr.
  std::shared_ptr<plugin::Shredder> shredder() const;
  // Enabled access-request exporters; exporter_for_format() matches formats() ("json", "text").
  std::vector<std::shared_ptr<plugin::AccessExporter>> exporters() const;
  std::shared_ptr<plugin::AccessExporter> exporter_for_format(std::string_view format) const;
  // Enabled consent-capture plugins; by a name in sources(), or by sniff() as importer_for_file().
  std::vector<std::shared_ptr<plugin::ConsentCapture>> consent_captures() const;
  std::shared_ptr<plugin::ConsentCapture> consent_capture_for_source(std::string_view source) const;
  std::shared_ptr<plugin::ConsentCapture> consent_capture_for_file(const std::filesystem::path& file) const;

 private:
  std::vector<std::filesystem::path> search_dirs_;
  std::vector<std::filesystem::path> user_dirs_;  // also in search_dirs_, after the installed ones
  std::filesystem::path trust_file_;
  mutable std::mutex mu_;
  bool discovered_ = false;
  std::vector<PluginRecord> records_;                     // every file seen, in order
  std::vector<std::shared_ptr<LoadedPlugin>> loaded_;     // the enabled ones
  Result<std::shared_ptr<LoadedPlugin>> load_locked(const std::filesystem::path& file);
  template <typename T>
  std::vector<std::shared_ptr<T>> enabled() const;  // the enabled plugins that implement T
};

// Calls into a plugin with everything it may throw caught: use it around every plugin call made
// outside the host (Importer::read, Shredder::shred...). `what` names the plugin and the call for
// the message. An exception becomes an Internal error "plugin <what> threw: <what()>".
template <typename F>
Status call_plugin(std::string_view what, F&& f) noexcept {
  try {
    f();
    return {};
  } catch (const std::exception& e) {
    try {
      return make_error(ErrorKind::Internal, "plugin " + std::string(what) + " threw: " + e.what());
    } catch (...) {
      return Status{Error{ErrorKind::Internal, {}}};
    }
  } catch (...) {
    try {
      return make_error(ErrorKind::Internal, "plugin " + std::string(what) + " threw a non-standard exception");
    } catch (...) {
      return Status{Error{ErrorKind::Internal, {}}};
    }
  }
}

}  // namespace coffre
