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
  // When erasure removed the details (the person's entries, issue 17 item 4); nullopt otherwise.
  std::optional<std::int64_t> redacted_at;
};

}  // namespace coffre
