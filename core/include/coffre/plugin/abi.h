// The Coffre plugin ABI. A plugin is a shared library exporting, through BOOST_DLL_ALIAS, exactly:
//   coffre_plugin_abi     -> std::uint32_t coffre_plugin_abi()      (COFFRE_PLUGIN_ABI_VERSION)
//   coffre_plugin_create  -> coffre::plugin::Plugin* coffre_plugin_create()
// The host calls coffre_plugin_abi before anything else and refuses a different major or a newer
// minor than its own (docs/design.md §7). Plugins see only this SDK: never a database handle, never key
// bytes. Plugins are built with the same compiler and standard library as the host (in-tree).
#pragma once

#include <cstdint>
#include <string>

#define COFFRE_PLUGIN_ABI_MAJOR 1
#define COFFRE_PLUGIN_ABI_MINOR 2
#define COFFRE_PLUGIN_ABI_VERSION ((COFFRE_PLUGIN_ABI_MAJOR << 16) | COFFRE_PLUGIN_ABI_MINOR)

namespace coffre::plugin {

enum class Kind { Importer, ConsentCapture, AccessExporter, Shredder };

inline const char* to_string(Kind k) {
  switch (k) {
    case Kind::Importer: return "importer";
    case Kind::ConsentCapture: return "consent";
    case Kind::AccessExporter: return "exporter";
    case Kind::Shredder: return "shredder";
  }
  return "unknown";
}

struct Info {
  std::string name;     // "import-csv"
  Kind kind = Kind::Importer;
  std::string version;  // the plugin's own version, "1.0.0"
  std::string description;
};

// Base of every plugin. The host owns the object (deletes it before unloading the library).
class Plugin {
 public:
  virtual ~Plugin() = default;
  virtual Info info() const = 0;
  // One-time set-up; return false with `error` set to be listed as disabled with that reason.
  virtual bool setup(std::string& error) = 0;
};

}  // namespace coffre::plugin

// In a plugin's single source file:  COFFRE_PLUGIN(MyPluginClass)
#include <boost/dll/alias.hpp>
#define COFFRE_PLUGIN(Class)                                                                 \
  namespace coffre_plugin_entry {                                                            \
  inline std::uint32_t abi() { return COFFRE_PLUGIN_ABI_VERSION; }                           \
  inline ::coffre::plugin::Plugin* create() { return new Class(); }                          \
  }                                                                                          \
  BOOST_DLL_ALIAS(coffre_plugin_entry::abi, coffre_plugin_abi)                               \
  BOOST_DLL_ALIAS(coffre_plugin_entry::create, coffre_plugin_create)
