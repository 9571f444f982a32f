// `coffre import list` and `coffre import undo BATCH` (dispatched from import.cpp).
#include "coffre/clock.h"
#include "coffre/import.h"
#include "commands/common.h"

namespace coffre::cli {

Status run_import_list(Context& ctx, Vault& vault) {
  COFFRE_ASSIGN_OR_RETURN(auto batches, list_import_batches(vault));
  if (ctx.global.json) {
    nlohmann::json arr = nlohmann::json::array();
    for (const auto& b : batches)
      arr.push_back({{"batch", b.id},
                     {"imported_at", format_utc(b.imported_at)},
                     {"file", b.file_name},
                     {"sha256", b.sha256},
                     {"format", b.format},
                     {"source", b.source},
                     {"basis", std::string(to_string(b.basis))},
                     {"kind", std::string(to_string(b.kind))},
                     {"added", b.added},
                     {"merged", b.merged},
                     {"rejected", b.rejected},
                     {"suppressed", b.suppressed},
                     {"sensitive", b.sensitive},
                     {"still_present", b.still_present},
                     {"undone_at", b.undone_at ? nlohmann::json(format_utc(*b.undone_at)) : nlohmann::json(nullptr)}});
    ctx.print_json(arr);
    return {};
  }
  if (batches.empty()) ctx.out << "No imports yet.\n";
  for (const auto& b : batches) {
    ctx.out << b.id << "  " << format_utc(b.imported_at) << "  " << b.file_name << " (" << b.format << ", "
            << to_string(b.basis) << ")  added " << b.added << ", merged " << b.merged << ", rejected " << b.rejected
            << ", suppressed " << b.suppressed;
    if (b.undone_at) ctx.out << "  UNDONE " << format_utc(*b.undone_at);
    else if (b.still_present != b.added) ctx.out << "  (" << b.still_present << " still in the vault)";
    ctx.out << "\n";
  }
  return {};
}

Status run_import_undo(Context& ctx, Vault& vault, const std::string& batch) {
  COFFRE_ASSIGN_OR_RETURN(auto r, undo_import(vault, batch, ctx.progress()));
  if (ctx.global.json) {
    ctx.print_json({{"batch", r.batch}, {"erased", r.erased}, {"merged_kept", r.merged_kept}});
    return {};
  }
  ctx.out << "Undid import " << r.batch << ": erased the " << r.erased
          << " contact(s) it added (secure erasure: rows, keys, documents, WAL).\n";
  if (r.merged_kept > 0)
    ctx.out << r.merged_kept
            << " existing contact(s) it had merged into were kept, with what the import added to them "
               "(an undo does not rewind merges).\n";
  return {};
}

}  // namespace coffre::cli
