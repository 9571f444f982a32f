// `coffre keys export-public`: the public half of the vault's signing key (Ed25519, the audit key
// that signs audit entries and certificates), so that someone without the passphrase (an auditor,
// the CNIL, the person who asked to be erased) can check a certificate
// (`coffre erasure verify-certificate FILE --public-key KEY`). Its fingerprint, printed by `init`
// and `check`, is what the user compares by eye with the copy they handed out.
#pragma once

#include <filesystem>
#include <string>

#include "coffre/app/session.h"

namespace coffre::app {

struct PublicKeyExport {
  std::string text;         // coffre-public-key/1 (docs/formats.md)
  std::string fingerprint;  // eight groups of four hex digits
  std::filesystem::path path;  // where it was written; empty when not
};
// With an `output`, the file is created (0600, like every file Coffre writes; the key is public,
// the user may share it) and refused when it exists unless `overwrite`.
Result<PublicKeyExport> export_public_key(Session& session, const std::filesystem::path& output = {},
                                          bool overwrite = false);
std::string signing_key_fingerprint(Session& session);

}  // namespace coffre::app
