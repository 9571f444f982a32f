#include "coffre/check.h"

#include "coffre/audit.h"
#include "coffre/debris.h"
#include "coffre/documents.h"
#include "coffre/i18n.h"
#include "services/erasure_journal.h"
#include "util/english.h"
#include "vault/anchor.h"
#include "vault/context.h"

namespace coffre {

namespace {

// An item whose detail is `msgid` with `args`: in English (detail) and in the user's language (said).
CheckItem item(const char* name, bool ok, const char* msgid, std::initializer_list<std::string_view> args = {}) {
  return {name, ok, english(msgid, args), trf(msgid, args)};
}

CheckItem check_database(detail::VaultContext& ctx) {
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
  return item("database", true, N_("integrity_check ok"));
}

CheckItem check_cipher(detail::VaultContext& ctx) {
  auto st = ctx.db.prepare("PRAGMA cipher_version");
  if (!st.ok()) return {"cipher", false, st.error().message};
  auto row = st->step();
  if (!row.ok() || !*row) return item("cipher", false, N_("PRAGMA cipher_version did not answer: not SQLCipher"));
  std::string version = st->column_text(0);
  // The file must not be a plain SQLite database.
  FILE* f = std::fopen(ctx.db_path().c_str(), "rb");
  char head[16] = {};
  std::size_t n = f ? std::fread(head, 1, sizeof head, f) : 0;
  if (f) std::fclose(f);
  if (n == 16 && std::string(head, 15) == "SQLite format 3")
    return item("cipher", false, N_("{} is a plaintext SQLite file"), {ctx.db_path().string()});
  return item("cipher", true, N_("SQLCipher {}, database file encrypted"), {version});
}

CheckItem check_audit(detail::VaultContext& ctx) {
  auto r = ctx.audit->verify();
  if (!r.ok()) return {"audit", false, r.error().message};
  if (!r->ok) return {"audit", false, r->reason};
  return item("audit", true, N_("{} entries, chain and signatures valid"), {std::to_string(r->entries)});
}

// The database against its anchor (vault/anchor.h): checked at open; a vault opened behind it
// (VaultOptions::open_behind_anchor) carries the reason.
CheckItem check_anchor(Vault& vault) {
  if (!vault.anchor_problem().empty()) return {"anchor", false, vault.anchor_problem()};
  auto& ctx = vault.context();
  if (auto s = vault::verify_anchor(ctx); !s.ok()) return {"anchor", false, s.message()};
  auto head = ctx.audit->head();
  if (!head.ok()) return {"anchor", false, head.error().message};
  return item("anchor", true, N_("the database holds every committed change up to audit entry #{}"),
              {std::to_string(head->seq)});
}

CheckItem check_documents(Vault& vault, Progress* progress) {
  auto r = DocumentStore(vault).check_all(progress ? *progress : NullProgress::instance());
  if (!r.ok()) return {"documents", false, r.error().message};
  const std::string checked = std::to_string(r->checked), incomplete = std::to_string(r->incomplete);
  if (r->failures.empty())
    return r->incomplete ? item("documents", true,
                                N_("{0} documents decrypted, size and SHA-256 match; {1} interrupted adds left no "
                                   "document (`coffre check --repair` removes what they left)"),
                                {checked, incomplete})
                         : item("documents", true, N_("{} documents decrypted, size and SHA-256 match"), {checked});
  std::string failed;
  for (const auto& f : r->failures) failed += (failed.empty() ? "" : "; ") + f;
  return item("documents", false, N_("{0} of {1} documents fail: {2}"),
              {std::to_string(r->failures.size()), checked, failed});
}

CheckItem check_debris(Vault& vault) {
  auto d = find_debris(vault);
  if (!d.ok()) return {"debris", false, d.error().message};
  if (d->empty()) return item("debris", true, N_("no file left behind by an interrupted erasure, passwd or anchor update"));
  std::string orphans, temps;
  for (const auto& f : d->orphan_blobs) orphans += " " + f.string();
  for (const auto& f : d->temp_files) temps += " " + f.string();
  const char* kOrphans = N_("{0} file(s) under blobs/ that no document names (left by an interrupted erasure or "
                            "document add; its size may tell a document's):{1}");
  const char* kTemps = N_("{0} temporary file(s) left by an interrupted passwd or anchor update:{1}");
  const char* kRepair = N_("{}. `coffre check --repair` (or the next open) shreds them");
  std::string en, said;
  auto add = [&](const char* msgid, std::size_t n, const std::string& files) {
    const std::string count = std::to_string(n);
    en += (en.empty() ? "" : "; ") + english(msgid, {count, files});
    said += (said.empty() ? "" : "; ") + trf(msgid, {count, files});
  };
  if (!d->orphan_blobs.empty()) add(kOrphans, d->orphan_blobs.size(), orphans);
  if (!d->temp_files.empty()) add(kTemps, d->temp_files.size(), temps);
  return {"debris", false, english(kRepair, {en}), trf(kRepair, {said})};
}

CheckItem check_erasures(detail::VaultContext& ctx) {
  auto n = services::unfinished_erasures(ctx);
  if (!n.ok()) return {"erasure", false, n.error().message};
  if (*n)
    return item("erasure", false, N_("{} erasures are unfinished; the next `coffre erase` retries them"),
                {std::to_string(*n)});
  return item("erasure", true, N_("no unfinished erasure"));
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
