// Tiny plugins for the plugin host's tests, one shared library per TEST_VARIANT. Only `good` is a
// well-behaved plugin; each other variant breaks exactly one load stage.
#include <stdexcept>

#include "coffre/plugin/consent.h"
#include "coffre/plugin/exporter.h"
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
#define VARIANT_EXPORTER 11
#define VARIANT_CONSENT 12
#define VARIANT_CONSENT_KIND_LIE 13
#define VARIANT_MARKER 14  // a good importer whose constructor writes $COFFRE_TEST_MARKER at dlopen

#if TEST_VARIANT == VARIANT_MARKER
#include <cstdio>
#include <cstdlib>
__attribute__((constructor)) static void write_marker() {
  if (const char* m = std::getenv("COFFRE_TEST_MARKER")) {
    if (FILE* f = std::fopen(m, "w")) {
      std::fputs("ran", f);
      std::fclose(f);
    }
  }
}
#endif

namespace {

class TestImporter final : public coffre::plugin::Importer {
 public:
  coffre::plugin::Info info() const override {
    coffre::plugin::Info i;
    i.name = "test-importer";
    i.kind = TEST_VARIANT == VARIANT_KIND_LIE           ? coffre::plugin::Kind::Shredder
             : TEST_VARIANT == VARIANT_CONSENT_KIND_LIE ? coffre::plugin::Kind::ConsentCapture
                                                        : coffre::plugin::Kind::Importer;
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

// Writes "subject|section:item-count|..." so that the test sees what reached the plugin.
class TestExporter final : public coffre::plugin::AccessExporter {
 public:
  coffre::plugin::Info info() const override {
    return {"test-exporter", coffre::plugin::Kind::AccessExporter, "1.2.3", "an exporter for the host's tests"};
  }
  bool setup(std::string&) override { return true; }
  std::vector<std::string> formats() const override { return {"testjson"}; }
  std::string extension(const std::string&) const override { return ".test"; }
  bool write(const coffre::plugin::SubjectView& subject, const coffre::plugin::ExportOptions& options,
             coffre::plugin::ExportTarget& target, std::string& error) override {
    if (options.format != "testjson") {
      error = "unknown format '" + options.format + "'";
      return false;
    }
    std::string out = subject.subject;
    for (const auto& s : subject.sections) out += "|" + s.name + ":" + std::to_string(s.items.size());
    return target.write(out);
  }
};

// Reports one consent per line of the file "email;channel;granted(1/0)"; "fail" fails at line 2.
class TestConsent final : public coffre::plugin::ConsentCapture {
 public:
  coffre::plugin::Info info() const override {
    return {"test-consent", coffre::plugin::Kind::ConsentCapture, "0.1.0", "a consent source for the host's tests"};
  }
  bool setup(std::string&) override { return true; }
  std::vector<std::string> sources() const override { return {"test-optin"}; }
  int sniff(const std::string&, const std::string& head) const override {
    return head.rfind("OPTIN", 0) == 0 ? 80 : 0;
  }
  bool capture(const coffre::plugin::CaptureOptions& options, coffre::plugin::ConsentSink& sink,
               coffre::plugin::CaptureError& error) override {
    if (options.path == "fail") {
      error.message = "no date";
      error.line = 2;
      error.field = "given_at";
      return false;
    }
    coffre::plugin::ConsentEvidence e;
    e.line = 2;
    e.email = "Zoe@Example.org";
    e.channel = "email";
    e.purpose = "newsletter";
    e.given_at = "2026-11-20T10:00:00Z";
    e.method = "double-opt-in";
    e.text_shown = "J'accepte de recevoir la lettre d'information.";
    sink.progress(10, 20);
    return sink.consent(std::move(e));
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
#elif TEST_VARIANT == VARIANT_EXPORTER
  return new TestExporter();
#elif TEST_VARIANT == VARIANT_CONSENT
  return new TestConsent();
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
