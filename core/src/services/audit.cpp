#include "coffre/audit.h"

#include "vault/context.h"

namespace coffre {

Result<AuditReport> verify_audit(Vault& vault) {
  COFFRE_ASSIGN_OR_RETURN(auto r, vault.context().audit->verify());
  if (r.ok && !vault.anchor_problem().empty()) {
    // The chain is whole but shorter than (or different from) the one the anchor vouches for.
    r.ok = false;
    r.first_broken = r.entries + 1;
    r.reason = vault.anchor_problem();
  }
  return AuditReport{r.ok, r.entries, r.first_broken, r.reason};
}

Result<std::vector<AuditEntry>> audit_entries(Vault& vault, std::int64_t limit, std::optional<std::string> subject) {
  return vault.context().audit->list(limit, std::move(subject));
}

Status audit_append(Vault& vault, std::string_view action, const std::optional<std::string>& subject,
                    std::string_view details) {
  return vault.context().audit->append(action, subject, details);
}

}  // namespace coffre
