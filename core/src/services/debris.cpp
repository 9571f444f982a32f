#include "coffre/debris.h"

#include <set>

#include "services/erasure_journal.h"
#include "storage/blob_paths.h"
#include "storage/shred.h"
#include "util/files.h"
#include "vault/anchor.h"
#include "vault/context.h"
#include "vault/keyslots.h"

namespace coffre {
namespace {

namespace fs = std::filesystem;

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

// Every blob name a record points to: documents (added or pending), documents kept past their
// person's erasure, and unfinished erasures.
Result<std::set<std::string>> known_blobs(detail::VaultContext& ctx) {
  std::set<std::string> known;
  COFFRE_ASSIGN_OR_RETURN(auto docs,
                          ctx.db.prepare("SELECT blob_id FROM documents UNION ALL SELECT blob_id FROM kept_documents"));
  COFFRE_ASSIGN_OR_RETURN(auto ids, docs.all_texts());
  known.insert(ids.begin(), ids.end());
  COFFRE_ASSIGN_OR_RETURN(auto erasing, ctx.db.prepare("SELECT blobs FROM erasure_journal WHERE state <> 'done'"));
  COFFRE_ASSIGN_OR_RETURN(auto lists, erasing.all_texts());
  for (const auto& list : lists) {
    std::size_t start = 0;
    while (start < list.size()) {
      auto end = list.find(' ', start);
      if (end == std::string::npos) end = list.size();
      if (end > start) known.insert(list.substr(start, end - start));
      start = end + 1;
    }
  }
  return known;
}

}  // namespace

Result<Debris> find_debris(Vault& vault) {
  auto& ctx = vault.context();
  Env& env = *ctx.env;
  Debris d;
  COFFRE_ASSIGN_OR_RETURN(auto names, env.list_dir(ctx.dir));
  for (const auto& name : names)
    if (starts_with(name, std::string(".") + vault::kKeySlotFileName + ".tmp-") ||
        starts_with(name, std::string(".") + vault::kAnchorFileName + ".tmp-"))
      d.temp_files.push_back(ctx.dir / name);
  // The files first, then the records: a document add inserts its row before it creates its file,
  // so a file listed here whose row is not found was no add in progress.
  std::vector<fs::path> files;
  if (auto subdirs = env.list_dir(ctx.blob_dir()); subdirs.ok()) {
    for (const auto& sub : *subdirs) {
      auto st = env.stat(ctx.blob_dir() / sub, false);
      if (!st.ok() || st->type != FileType::Directory) continue;
      COFFRE_ASSIGN_OR_RETURN(auto inside, env.list_dir(ctx.blob_dir() / sub));
      for (const auto& f : inside) files.push_back(ctx.blob_dir() / sub / f);
    }
  }
  COFFRE_ASSIGN_OR_RETURN(auto known, known_blobs(ctx));
  for (const auto& f : files) {
    std::string name = f.filename().string();
    // `.ID.tmp`: a blob being written (or left by an interrupted add, which `check --repair` cleans).
    if (starts_with(name, ".") && name.size() > 5 && name.compare(name.size() - 4, 4, ".tmp") == 0)
      name = name.substr(1, name.size() - 5);
    if (storage::valid_blob_id(name) && known.count(name) &&
        storage::blob_path(ctx.blob_dir(), name).parent_path() == f.parent_path())
      continue;
    d.orphan_blobs.push_back(f);
  }
  return d;
}

Result<std::int64_t> remove_debris(Vault& vault) {
  auto& ctx = vault.context();
  Env& env = *ctx.env;
  util::FileLock documents, keys, anchor;
  services::ErasureLock erasing;
  COFFRE_TRY(documents.acquire(env, ctx.dir / "documents.lock", util::FileLock::Mode::Exclusive, false,
                               "a document is being added to this vault right now: try again when it is done"));
  COFFRE_TRY(erasing.acquire(env, ctx.dir, false));
  COFFRE_TRY(keys.acquire(env, ctx.dir / "lock", util::FileLock::Mode::Exclusive, false,
                          "the vault " + ctx.dir.string() + " is busy: another coffre is changing its keys"));
  COFFRE_TRY(anchor.acquire(env, ctx.dir / vault::kAnchorLockName, util::FileLock::Mode::Exclusive, true, "busy"));
  COFFRE_ASSIGN_OR_RETURN(auto d, find_debris(vault));
  std::int64_t n = 0;
  for (const auto& f : d.orphan_blobs) {
    COFFRE_TRY(ctx.blob_shredder->shred(f));
    ++n;
  }
  for (const auto& f : d.temp_files) {
    COFFRE_TRY(storage::shred_file(env, f));
    ++n;
  }
  return n;
}

}  // namespace coffre
