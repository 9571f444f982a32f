#include "coffre/check.h"

#include "coffre/audit.h"
#include "coffre/documents.h"
#include "services/erasure_journal.h"
#include "vault/context.h"

namespace coffre {

namespace {

CheckItem check_database(detail::VaultContext& ctx) {
  CheckItem item{"database", true, ""};
  auto st = ctx.db.prepare("PRAGMA integrity_check");
  if (!st.ok()) return {"database", false, st.error().message};
  std::string problems;
  for (;;) {
    auto row = st->step();
    if (!row.ok()) return {"database", false, row.error().message};
    if (!*row) break;
    auto line = st->column_text(0);
    if (line != "ok") problems += line + "; ";
  }
  if (!problems.empty()) return {"database", false, ctx.db_path().string() + ": " + problems};
  item.detail = "integrity_check ok";
  return item;
}

CheckItem check_cipher(detail::VaultContext& ctx) {
  auto st = ctx.db.prepare("PRAGMA cipher_version");
  if (!st.ok()) return {"cipher", false, st.error().message};
  auto row = st->step();
  if (!row.ok() || !*row) return {"cipher", false, "PRAGMA cipher_version did not answer: not SQLCipher"};
  std::string version = st->column_text(0);
  // The file must not be a plain SQLite database.
  FILE* f = std::fopen(ctx.db_path().c_str(), "rb");
  char head[16] = {};
  std::size_t n = f ? std::fread(head, 1, sizeof head, f) : 0;
  if (f) std::fclose(f);
  if (n == 16 && std::string(head, 15) == "SQLite format 3")
    return {"cipher", false, ctx.db_path().string() + " is a plaintext SQLite file"};
  return {"cipher", true, "SQLCipher " + version + ", database file encrypted"};
}

CheckItem check_audit(Vault& vault) {
  auto r = verify_audit(vault);
  if (!r.ok()) return {"audit", false, r.error().message};
  if (!r->ok) return {"audit", false, r->reason};
  return {"audit", true, std::to_string(r->entries) + " entries, chain and signatures valid"};
}

CheckItem check_documents(Vault& vault, Progress* progress) {
  auto r = DocumentStore(vault).check_all(progress ? *progress : NullProgress::instance());
  if (!r.ok()) return {"documents", false, r.error().message};
  std::string detail = std::to_string(r->checked) + " documents decrypted, size and SHA-256 match";
  if (r->incomplete)
    detail += "; " + std::to_string(r->incomplete) + " interrupted adds left no document (`coffre check --repair` "
              "removes what they left)";
  if (r->failures.empty()) return {"documents", true, detail};
  std::string failed;
  for (const auto& f : r->failures) failed += (failed.empty() ? "" : "; ") + f;
  return {"documents", false, std::to_string(r->failures.size()) + " of " + std::to_string(r->checked) +
                                  " documents fail: " + failed};
}

CheckItem check_erasures(detail::VaultContext& ctx) {
  auto n = services::unfinished_erasures(ctx);
  if (!n.ok()) return {"erasure", false, n.error().message};
  if (*n) return {"erasure", false, std::to_string(*n) + " erasures are unfinished; the next `coffre erase` retries them"};
  return {"erasure", true, "no unfinished erasure"};
}

}  // namespace

Result<CheckReport> check_vault(Vault& vault, Progress* progress) {
  CheckReport report;
  auto& ctx = vault.context();
  report.items.push_back(check_database(ctx));
  report.items.push_back(check_cipher(ctx));
  report.items.push_back(check_audit(vault));
  report.items.push_back(check_documents(vault, progress));
  report.items.push_back(check_erasures(ctx));
  return report;
}

}  // namespace coffre
