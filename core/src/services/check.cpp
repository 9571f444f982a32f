#include "coffre/check.h"

#include "coffre/audit.h"
#include "coffre/debris.h"
#include "coffre/documents.h"
#include "services/erasure_journal.h"
#include "vault/anchor.h"
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

CheckItem check_audit(detail::VaultContext& ctx) {
  auto r = ctx.audit->verify();
  if (!r.ok()) return {"audit", false, r.error().message};
  if (!r->ok) return {"audit", false, r->reason};
  return {"audit", true, std::to_string(r->entries) + " entries, chain and signatures valid"};
}

// The database against its anchor (vault/anchor.h): checked at open; a vault opened behind it
// (VaultOptions::open_behind_anchor) carries the reason.
CheckItem check_anchor(Vault& vault) {
  if (!vault.anchor_problem().empty()) return {"anchor", false, vault.anchor_problem()};
  auto& ctx = vault.context();
  if (auto s = vault::verify_anchor(ctx); !s.ok()) return {"anchor", false, s.message()};
  auto head = ctx.audit->head();
  if (!head.ok()) return {"anchor", false, head.error().message};
  return {"anchor", true, "the database holds every committed change up to audit entry #" + std::to_string(head->seq)};
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

CheckItem check_debris(Vault& vault) {
  auto d = find_debris(vault);
  if (!d.ok()) return {"debris", false, d.error().message};
  if (d->empty()) return {"debris", true, "no file left behind by an interrupted erasure, passwd or anchor update"};
  std::string detail;
  if (!d->orphan_blobs.empty()) {
    detail += std::to_string(d->orphan_blobs.size()) +
              " file(s) under blobs/ that no document names (left by an interrupted erasure or document add; its "
              "size may tell a document's):";
    for (const auto& f : d->orphan_blobs) detail += " " + f.string();
  }
  if (!d->temp_files.empty()) {
    detail += std::string(detail.empty() ? "" : "; ") + std::to_string(d->temp_files.size()) +
              " temporary file(s) left by an interrupted passwd or anchor update:";
    for (const auto& f : d->temp_files) detail += " " + f.string();
  }
  return {"debris", false, detail + ". `coffre check --repair` (or the next open) shreds them"};
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
  report.items.push_back(check_audit(ctx));
  report.items.push_back(check_anchor(vault));
  report.items.push_back(check_documents(vault, progress));
  report.items.push_back(check_erasures(ctx));
  report.items.push_back(check_debris(vault));
  return report;
}

}  // namespace coffre
