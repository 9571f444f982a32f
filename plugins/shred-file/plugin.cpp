// The shred-file plugin: libcoffre-shred-file.so. Links libsodium and nothing of the core.
#include <sodium.h>

#include "coffre/plugin/i18n.h"
#include "coffre/plugin/shredder.h"
#include "walker.h"

namespace {

class ShredFilePlugin final : public coffre::plugin::Shredder {
 public:
  coffre::plugin::Info info() const override {
    return {"shred-file", coffre::plugin::Kind::Shredder, "1.0.0",
            "Overwrites files in place (ChaCha20 keystream, zeros or DoD 3-pass), hides their names, unlinks; "
            "says when the storage keeps old copies"};
  }
  bool setup(std::string& error) override {
    if (sodium_init() < 0) {
      error = coffre::plugin::tr("libsodium failed to initialise");
      return false;
    }
    return true;
  }
  std::uint64_t shred(const std::vector<std::string>& paths, const coffre::plugin::ShredOptions& options,
                      coffre::plugin::ShredObserver& observer) override {
    coffre::shred::Walker walker(options, observer);
    return walker.run(paths);
  }
};

}  // namespace

COFFRE_PLUGIN(ShredFilePlugin)
