// One entry of the vault's audit log, as read back (coffre/audit.h). Its own header because the
// audit log belongs to the vault layer, below the data model.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace coffre {

struct AuditEntry {
  std::int64_t seq = 0;
  std::int64_t at = 0;
  std::string action;                  // "contact.add", "doc.get", "vault.passwd"...
  std::optional<std::string> subject;  // pseudonym, never personal data
  std::string details;                 // no personal data either
};

}  // namespace coffre
