#include "coffre/app/keys.h"

#include "coffre/certificate.h"
#include "util/files.h"

namespace coffre::app {

Result<PublicKeyExport> export_public_key(Session& session, const std::filesystem::path& output, bool overwrite) {
  PublicKeyExport e;
  e.text = coffre::export_public_key(session.vault());
  e.fingerprint = public_key_fingerprint(session.vault());
  if (!output.empty()) {
    COFFRE_ASSIGN_OR_RETURN(auto file, util::PrivateOutput::create(session.vault().env(), output, overwrite));
    COFFRE_TRY(file.write(e.text));
    COFFRE_TRY(file.commit());
    e.path = output;
  }
  return e;
}

std::string signing_key_fingerprint(Session& session) { return public_key_fingerprint(session.vault()); }

}  // namespace coffre::app
