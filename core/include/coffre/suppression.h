// The suppression list (docs/design.md §6): people who objected must never come back through an import
// or a new contact. It keeps keyed hashes (BLAKE2b under a subkey of the master key) of the
// normalised e-mail address (lower case) and phone number (E.164), never the values themselves,
// and it survives the person's erasure. Callers pass values already normalised by normalize.h
// (normalise_email, normalise_phone); e-mail addresses are also lower-cased and trimmed here.
// Who checks it: the import pipeline for every row and ContactStore::add for every new contact.
// It lives in the model (core/src/model/suppression.cpp): the stores check it on every write.
// One thread at a time, like the Vault.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "coffre/status.h"
#include "coffre/vault.h"

namespace coffre {

Result<bool> is_suppressed_email(Vault& vault, std::string_view normalised_email);
Result<bool> is_suppressed_phone(Vault& vault, std::string_view e164_phone);
// True when any of the addresses or numbers is suppressed (the check for one person).
Result<bool> is_suppressed(Vault& vault, const std::vector<std::string>& emails, const std::vector<std::string>& phones);

// Adds entries (idempotent) with one audit entry, in one transaction. Empty values are refused
// (InvalidInput). The erasure path adds a person's entries itself when the reason is an objection.
Status suppress(Vault& vault, const std::vector<std::string>& emails, const std::vector<std::string>& phones);
Status suppress_email(Vault& vault, std::string_view normalised_email);
Status suppress_phone(Vault& vault, std::string_view e164_phone);

// How many entries the list holds (e-mails and phones together).
Result<std::int64_t> suppression_count(Vault& vault);

}  // namespace coffre
