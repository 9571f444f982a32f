// The suppression list as a person uses it: e-mail addresses and phone numbers typed in any usual
// form, normalised here the way the stores and importers normalise them, so the keyed hashes match.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "coffre/app/session.h"

namespace coffre::app {

struct SuppressResult {
  std::size_t added = 0;    // values given (entries already there count too: suppression is idempotent)
  std::int64_t entries = 0; // the list's size afterwards
};

// InvalidInput naming a value that is not an e-mail address or a phone number; Usage when both
// lists are empty. One audit entry (coffre/suppression.h suppress).
Result<SuppressResult> suppress_values(Session& session, const std::vector<std::string>& emails,
                                       const std::vector<std::string>& phones);

struct SuppressionAnswer {
  std::string kind;   // "email" or "phone"
  std::string value;  // normalised (lower-case e-mail, E.164 phone)
  bool suppressed = false;
};
Result<std::vector<SuppressionAnswer>> check_suppression(Session& session, const std::vector<std::string>& emails,
                                                         const std::vector<std::string>& phones);

}  // namespace coffre::app
