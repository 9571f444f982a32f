// `sensitive scan` lists every special-category word in the vault; `sensitive redact --all` takes
// each out of every note and interaction summary (GDPR art. 9, docs/legal.md).
#include "coffre/app/sensitive.h"
#include "commands/common.h"
#include "commands/model_output.h"
#include "commands/sensitive_output.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

class SensitiveScanCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"sensitive", "scan"}; }
  std::string description() const override {
    return tr("List every mention of special-category data (health, religion, union, ethnicity, politics, sex life) "
           "in contacts, notes and interaction summaries");
  }
  void setup(CLI::App&) override {}
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(auto found, app::scan_vault(session, ctx.progress()));
    if (ctx.global.json) {
      ctx.print_json({{"count", found.size()}, {"hits", findings_json(found)}});
      return {};
    }
    if (found.empty()) {
      if (!ctx.global.quiet) ctx.out << tr("No special-category word found.") << "\n";
      return {};
    }
    Table t({N_("WHERE"), N_("ID"), N_("CONTACT"), N_("FIELD"), N_("WORD"), N_("CATEGORY")});
    for (const auto& f : found) {
      t.add({std::string(app::to_string(f.source)), std::to_string(f.id),
             f.contact_id ? std::to_string(*f.contact_id) : "org " + std::to_string(f.org_id.value_or(0)), f.field, f.word,
             std::string(to_string(f.category))});
      if (t.pending() >= 1000) t.print_pending(ctx.out);
    }
    t.print_pending(ctx.out);
    if (!ctx.global.quiet)
      ctx.out << trf("{} mention(s). Take them out with `coffre sensitive redact --all`, one note with `coffre note "
                     "redact NOTE_ID --word W`; contacts' fields with `coffre contact edit`.",
                     {std::to_string(found.size())})
              << "\n";
    return {};
  }
};

class SensitiveRedactCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"sensitive", "redact"}; }
  std::string description() const override {
    return tr("Take every special-category sentence out of every note and interaction summary (one audit entry "
           "each; the old text is scrubbed from the database and the WAL)");
  }
  void setup(CLI::App& app) override {
    app.add_flag("--all", all_, tr("Every note and summary the scan finds (required: there is no partial form yet)"))
        ->required();
    add_yes_flag(app, yes_);
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(auto found, app::scan_vault(session, NullProgress::instance()));
    std::size_t notes = 0, summaries = 0;
    Id last_note = 0, last_summary = 0;
    for (const auto& f : found) {
      if (f.source == app::SensitiveSource::Note && f.id != last_note) ++notes, last_note = f.id;
      if (f.source == app::SensitiveSource::Interaction && f.id != last_summary) ++summaries, last_summary = f.id;
    }
    if (notes == 0 && summaries == 0) {
      if (ctx.global.json) ctx.print_json({{"notes_rewritten", 0}, {"notes_removed", 0}, {"summaries_rewritten", 0},
                                           {"matches", 0}, {"left", findings_json(found)}});
      else if (!ctx.global.quiet) ctx.out << tr("No note or summary mentions special-category data.") << "\n";
      return {};
    }
    COFFRE_TRY(confirm_destructive(ctx, yes_,
                                   "Take the sentences that mention special-category data out of " +
                                       std::to_string(notes) + " note(s) and " + std::to_string(summaries) +
                                       " interaction summary(ies) (`coffre sensitive scan` lists them)"));
    COFFRE_ASSIGN_OR_RETURN(auto r, app::redact_all(session, ctx.progress()));
    if (ctx.global.json) {
      ctx.print_json({{"notes_rewritten", r.notes_rewritten}, {"notes_removed", r.notes_removed},
                      {"summaries_rewritten", r.summaries_rewritten}, {"matches", r.matches},
                      {"left", findings_json(r.left)}});
      return {};
    }
    if (!ctx.global.quiet) {
      ctx.out << trf("Redacted {0} mention(s): {1} note(s) rewritten, {2} removed (nothing was left), {3} interaction "
                     "summary(ies) rewritten.",
                     {std::to_string(r.matches), std::to_string(r.notes_rewritten), std::to_string(r.notes_removed),
                      std::to_string(r.summaries_rewritten)})
              << "\n";
      if (!r.left.empty())
        ctx.out << trf("{} mention(s) left in contacts' own fields: change them with `coffre contact edit` (`coffre "
                       "sensitive scan` lists them).",
                       {std::to_string(r.left.size())})
                << "\n";
    }
    return {};
  }

 private:
  bool all_ = false, yes_ = false;
};

}  // namespace

std::unique_ptr<Command> make_sensitive_scan_command() { return std::make_unique<SensitiveScanCommand>(); }
std::unique_ptr<Command> make_sensitive_redact_command() { return std::make_unique<SensitiveRedactCommand>(); }

}  // namespace coffre::cli
