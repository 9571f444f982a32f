// Reading and verifying the vault's audit log (see vault/audit_log.h for how it is built).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "coffre/model.h"
#include "coffre/status.h"
#include "coffre/vault.h"

namespace coffre {

struct AuditReport {
  bool ok = true;
  std::int64_t entries = 0;
  std::optional<std::int64_t> first_broken;
  std::string reason;
};

Result<AuditReport> verify_audit(Vault& vault);
Result<std::vector<AuditEntry>> audit_entries(Vault& vault, std::int64_t limit,
                                              std::optional<std::string> subject = std::nullopt);
// Appends an entry (for services outside the core's own stores, e.g. plugins' results).
Status audit_append(Vault& vault, std::string_view action, const std::optional<std::string>& subject,
                    std::string_view details = {});

}  // namespace coffre
