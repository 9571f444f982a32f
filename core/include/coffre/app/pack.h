// The access pack (GDPR art. 15, issue 14): one zip that answers an access request whole, for the
// person to open in any browser and keep, and for the controller to prove what was handed over.
//
//   index.html     the answer to read and print, in French by default: who the controller is, the
//                  purposes, legal bases, categories of data, recipients, retention (from the
//                  register of processing, coffre/app/register.h), the person's rights and the
//                  CNIL; then all their data. Values in the reader's words, dates in Paris time,
//                  phones as people write them.
//   data.json      the same in stable spellings (schema "coffre-access-export" version 1,
//                  docs/formats.md "Access pack")
//   csv/NAME.csv   one file per section
//   contact.vcf    the contact card (what the person provided: art. 20)
//   documents/ID.EXT  each of their documents, the original bytes
//   manifest.json  the SHA-256 and size of every other file, signed with the vault's signing key
//                  (a certificate of format "coffre-access-pack", coffre/certificate.h)
//
// Every format is laid out by an access-exporter plugin ("html", "json", "csv", "vcard"); the host
// gathers the data and builds the zip. With a password every entry is AES-256 encrypted (WinZip
// AE-2, which 7-Zip opens); the password is never stored. The zip is written straight into its
// destination (0600; zeroed and removed on failure), never through a temp file.
//
// Nothing about anyone else: the person's own notes, interactions and documents only; a note on
// their organisation (which may be about colleagues) stays out (docs/data-map.md, "Access pack").
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "coffre/app/session.h"
#include "coffre/model.h"
#include "coffre/progress.h"
#include "coffre/secret.h"
#include "coffre/status.h"

namespace coffre::app {

enum class PackKind {
  Access,       // everything above
  Portability,  // art. 20: contact.vcf and contact.csv of what the person provided, and the manifest
};

struct PackOptions {
  Id contact_id = 0;
  PackKind kind = PackKind::Access;
  std::string language = "fr";        // "fr" or "en"
  std::filesystem::path output;       // created 0600; Conflict if it exists unless overwrite
  bool overwrite = false;
  const SecretBytes* password = nullptr;  // null: a plaintext zip (the front end warns)
  std::optional<Id> request;          // the person's open request this answers: the manifest's
                                      // SHA-256 is recorded on it, in the same call
};

struct PackResult {
  std::string subject;                // pseudonym
  std::filesystem::path path;
  std::uint64_t bytes = 0;
  std::int64_t files = 0;             // entries, manifest included
  std::int64_t documents = 0;
  std::int64_t items = 0;             // items over all sections of data.json
  std::string manifest_sha256;        // hex, of manifest.json's bytes: the pack's fingerprint
  bool encrypted = false;
};

// Writes the pack. InvalidInput naming the register fields to fill in (check_register_for_pack)
// before anything is written, or for a bad language or an empty password; NotFound (contact, an
// exporter for one of the formats, listing what is installed); Conflict (the file exists, or the
// request is someone else's or closed); Corruption when a document fails its check (nothing is
// left at the destination); IoError. Audited: "access.pack" under the pseudonym, with the kind,
// file count and manifest hash.
Result<PackResult> write_access_pack(Session& session, const PackOptions& options, Progress& progress);

struct PackCheck {
  std::string subject;
  std::string generated_at;
  std::int64_t files = 0;        // files checked against the manifest
  std::string manifest_sha256;
  bool encrypted = false;
};

// Checks a pack against this vault: the manifest's signature (this vault's key), then every file's
// SHA-256 and size, and that the zip holds nothing the manifest does not list and lacks nothing
// it lists. Corruption naming each file that fails (or the manifest); AuthFailed for an encrypted
// pack without its password or with a wrong one; NotFound for a missing file.
Result<PackCheck> verify_access_pack(Session& session, const std::filesystem::path& pack, const SecretBytes* password);

}  // namespace coffre::app
