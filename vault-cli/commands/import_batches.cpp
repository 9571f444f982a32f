// `coffre import list` and `coffre import undo BATCH` (dispatched from import.cpp).
#include "coffre/clock.h"

#include "coffre/i18n.h"
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
  if (batches.empty()) ctx.out << tr("No imports yet.") << "\n";
  for (const auto& b : batches) {
    ctx.out << b.id << "  " << human_time(b.imported_at) << "  " << b.file_name << " (" << b.format << ", "
            << shown(to_string(b.basis)) << ")  "
            << trf("added {0}, merged {1}, rejected {2}, suppressed {3}",
                   {std::to_string(b.added), std::to_string(b.merged), std::to_string(b.rejected),
                    std::to_string(b.suppressed)});
    if (b.undone_at) ctx.out << "  " << trf("UNDONE {}", {human_time(*b.undone_at)});
    else if (b.still_present != b.added) ctx.out << "  " << trf("({} still in the vault)", {std::to_string(b.still_present)});
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
      COFFRE_TRY(confirm_destructive(ctx, yes,
                                     trf("Undo import {0}: erase the {1} contact(s) it added ({2})",
                                         {batch, std::to_string(plan.erased), id_list(plan.contacts)})));
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
    ctx.out << (r.contacts.empty()
                    ? trf("Dry run: undoing import {0} would erase the {1} contact(s) it added. Nothing was changed.",
                          {r.batch, std::to_string(r.erased)})
                    : trf("Dry run: undoing import {0} would erase the {1} contact(s) it added: {2}. Nothing was "
                          "changed.",
                          {r.batch, std::to_string(r.erased), id_list(r.contacts)}))
            << "\n";
    if (!r.edited.empty())
      ctx.out << trf("{0} of them were worked on since ({1}): the undo refuses them unless you give --include-edited.",
                     {std::to_string(r.edited.size()), id_list(r.edited)})
              << "\n";
    if (r.merged_kept > 0)
      ctx.out << trf("{} existing contact(s) it had merged into would be kept.", {std::to_string(r.merged_kept)}) << "\n";
    return {};
  }
  ctx.out << trf("Undid import {0}: erased the {1} contact(s) it added (secure erasure: rows, keys, documents, WAL).",
                 {r.batch, std::to_string(r.erased)})
          << "\n";
  if (r.merged_kept > 0)
    ctx.out << trf("{} existing contact(s) it had merged into were kept, with what the import added to them (an undo "
                   "does not rewind merges).",
                   {std::to_string(r.merged_kept)})
            << "\n";
  return {};
}

}  // namespace coffre::cli
