// `coffre import list` and `coffre import undo BATCH` (dispatched from import.cpp).
#include "coffre/clock.h"
#include "coffre/app/import.h"
#include "coffre/id_list.h"
#include "commands/common.h"
#include "commands/model_output.h"

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
                     {"kind", b.kind ? std::string(to_string(*b.kind)) : std::string("per-row")},
                     {"collected_at", b.collected_at ? nlohmann::json(format_utc(*b.collected_at)) : nlohmann::json(nullptr)},
                     {"collected_from", b.collected_from.empty() ? nlohmann::json(nullptr) : nlohmann::json(b.collected_from)},
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
    ctx.out << b.id << "  " << human_time(b.imported_at) << "  " << b.file_name << " (" << b.format << ", "
            << to_string(b.basis) << ")  added " << b.added << ", merged " << b.merged << ", rejected " << b.rejected
            << ", suppressed " << b.suppressed;
    if (b.undone_at) ctx.out << "  UNDONE " << human_time(*b.undone_at);
    else if (b.still_present != b.added) ctx.out << "  (" << b.still_present << " still in the vault)";
    ctx.out << "\n";
  }
  return {};
}

Status run_import_undo(Context& ctx, app::Session& session, const std::string& batch, const ImportUndoOptions& options,
                       bool yes) {
  if (!options.dry_run) {
    // Who would go, asked before anything is erased (a dry run writes nothing).
    ImportUndoOptions look = options;
    look.dry_run = true;
    COFFRE_ASSIGN_OR_RETURN(auto plan, app::undo_import(session, batch, NullProgress::instance(), look));
    // A plan the undo will refuse (contacts worked on since) is refused without asking.
    if (!plan.contacts.empty() && (plan.edited.empty() || options.include_edited))
      COFFRE_TRY(confirm_destructive(ctx, yes, "Undo import " + batch + ": erase the " + std::to_string(plan.erased) +
                                                   " contact(s) it added (" + id_list(plan.contacts) + ")"));
  }
  COFFRE_ASSIGN_OR_RETURN(auto r, app::undo_import(session, batch, ctx.progress(), options));
  if (ctx.global.json) {
    ctx.print_json({{"batch", r.batch},
                    {"dry_run", r.dry_run},
                    {"erased", r.erased},
                    {"merged_kept", r.merged_kept},
                    {"contacts", r.contacts},
                    {"edited", r.edited}});
    return {};
  }
  if (r.dry_run) {
    ctx.out << "Dry run: undoing import " << r.batch << " would erase the " << r.erased << " contact(s) it added"
            << (r.contacts.empty() ? "" : ": " + id_list(r.contacts)) << ". Nothing was changed.\n";
    if (!r.edited.empty())
      ctx.out << r.edited.size() << " of them were worked on since (" << id_list(r.edited)
              << "): the undo refuses them unless you give --include-edited.\n";
    if (r.merged_kept > 0)
      ctx.out << r.merged_kept << " existing contact(s) it had merged into would be kept.\n";
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
