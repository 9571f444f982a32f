// Tiny plugins for the plugin host's tests, one shared library per TEST_VARIANT. Only `good` is a
// well-behaved plugin; each other variant breaks exactly one load stage.
#include <stdexcept>

#include "coffre/plugin/importer.h"

#define VARIANT_GOOD 1
#define VARIANT_ABI_MAJOR 2
#define VARIANT_ABI_MINOR_NEWER 3
#define VARIANT_NO_ABI 4
#define VARIANT_NO_FACTORY 5
#define VARIANT_FACTORY_THROWS 6
#define VARIANT_FACTORY_NULL 7
#define VARIANT_SETUP_THROWS 8
#define VARIANT_SETUP_FALSE 9
#define VARIANT_KIND_LIE 10

namespace {

class TestImporter final : public coffre::plugin::Importer {
 public:
  coffre::plugin::Info info() const override {
    coffre::plugin::Info i;
    i.name = "test-importer";
    i.kind = TEST_VARIANT == VARIANT_KIND_LIE ? coffre::plugin::Kind::Shredder : coffre::plugin::Kind::Importer;
    i.version = "9.8.7";
    i.description = "a plugin for the host's tests";
    return i;
  }
  bool setup(std::string& error) override {
    if (TEST_VARIANT == VARIANT_SETUP_THROWS) throw std::runtime_error("set-up exploded");
    if (TEST_VARIANT == VARIANT_SETUP_FALSE) {
      error = "the test plugin refuses to start";
      return false;
    }
    return true;
  }
  std::vector<std::string> formats() const override { return {"testfmt"}; }
  int sniff(const std::string& path, const std::string& head) const override {
    if (head.rfind("TESTFMT", 0) == 0) return 90;
    return path.size() > 8 && path.compare(path.size() - 8, 8, ".testfmt") == 0 ? 50 : 0;
  }
  bool read(const coffre::plugin::ImportOptions& options, coffre::plugin::RecordSink& sink,
            coffre::plugin::ImportError& error) override {
    if (options.path == "throw") throw std::runtime_error("read exploded");
    if (options.path == "fail") {
      error.message = "malformed";
      error.line = 3;
      return false;
    }
    coffre::plugin::Record r;
    r.line = 1;
    r.fields.push_back({"email", "a@example.org", ""});
    return sink.record(std::move(r));
  }
};

[[maybe_unused]] std::uint32_t abi() {
#if TEST_VARIANT == VARIANT_ABI_MAJOR
  return ((COFFRE_PLUGIN_ABI_MAJOR + 1) << 16) | 0;
#elif TEST_VARIANT == VARIANT_ABI_MINOR_NEWER
  return (COFFRE_PLUGIN_ABI_MAJOR << 16) | (COFFRE_PLUGIN_ABI_MINOR + 1);
#else
  return COFFRE_PLUGIN_ABI_VERSION;
#endif
}

[[maybe_unused]] coffre::plugin::Plugin* create() {
#if TEST_VARIANT == VARIANT_FACTORY_THROWS
  throw std::runtime_error("factory exploded");
#elif TEST_VARIANT == VARIANT_FACTORY_NULL
  return nullptr;
#else
  return new TestImporter();
#endif
}

}  // namespace

#if TEST_VARIANT != VARIANT_NO_ABI
BOOST_DLL_ALIAS(abi, coffre_plugin_abi)
#endif
#if TEST_VARIANT != VARIANT_NO_FACTORY
BOOST_DLL_ALIAS(create, coffre_plugin_create)
#endif
