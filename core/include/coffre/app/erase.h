// Erasing people (the one erasure path of coffre/erasure.h) for a reason a person gives in words,
// and checking an erasure certificate.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "coffre/app/session.h"
#include "coffre/erasure.h"
#include "coffre/progress.h"

namespace coffre::app {

// The reasons a person may give: request (an art. 17 erasure request; "access-request" is read as
// it), objection, retention, manual (import-undo is the
// undo's own). Usage error naming them for any other word.
Result<ErasureReason> erasure_reason(std::string_view word);

// A held person is erased only with an override and its reason (coffre/erasure.h).
using EraseOptions = ErasureOptions;

// Erases each contact for `reason` (erase_contacts: all ids checked first, one WAL checkpoint).
// Conflict, erasing no one, when one of them is held and the hold is not overridden.
Result<std::vector<ErasureProof>> erase_people(Session& session, const std::vector<Id>& ids, std::string_view reason,
                                               Progress& progress, const EraseOptions& options = {});

// `contact rm`: the same erasure, reason manual.
Result<ErasureProof> remove_contact(Session& session, Id id, const EraseOptions& options = {});

// Reads a certificate file (at most 1 MiB) and checks it against this vault's audit key.
// NotFound when the file cannot be opened, InvalidInput when too large, Corruption when invalid.
Result<ErasureProof> verify_certificate_file(Session& session, const std::filesystem::path& file);
// The same without a vault or passphrase, against the public key in `key_file` (written by
// `coffre keys export-public`; the key's 64 hex digits are accepted too). NotFound when a file
// cannot be opened; InvalidInput for an unreadable key; Corruption when the certificate is invalid
// or signed by another key.
Result<ErasureProof> verify_certificate_file_with_key(const std::filesystem::path& file,
                                                      const std::filesystem::path& key_file);

}  // namespace coffre::app
