// `interaction add` and its short forms `call`, `email`, `meeting` and `letter`, which are the same
// command with the kind fixed: `coffre call 12 --outcome no-answer --follow-up +2d`.
#include "coffre/stores.h"
#include "commands/common.h"
#include "commands/model_input.h"
#include "commands/sensitive_output.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

class InteractionAddCommand final : public VaultCommand {
 public:
  explicit InteractionAddCommand(std::optional<InteractionKind> fixed) : fixed_(fixed) {}
  std::vector<std::string> path() const override {
    if (!fixed_) return {"interaction", "add"};
    return {std::string(to_string(*fixed_))};
  }
  std::string description() const override {
    if (!fixed_) return "Record a call, email, meeting or letter with a contact; prints its id";
    return "Record a" + std::string(*fixed_ == InteractionKind::Email ? "n " : " ") + std::string(to_string(*fixed_)) +
           " with a contact (short for `interaction add --kind " + std::string(to_string(*fixed_)) + "`)";
  }
  void setup(CLI::App& app) override {
    app.add_option("CONTACT", contact_, tr("The contact's id"))->required();
    if (!fixed_) app.add_option("--kind", kind_, tr("call (default), email, meeting or letter"))->type_name("KIND");
    outcome_ = app.add_option("--outcome", outcome_text_,
                              tr("call-back, no-answer, busy, refused, refused-to-talk, meeting, lead, project, mail-sent, "
                              "out-of-target or wrong-number (French words accepted: rappeler, occupé, rdv...)"))
                   ->type_name("OUTCOME");
    auto* in = app.add_flag("--inbound", inbound_, tr("The person reached out to us (moves the retention clock)"));
    auto* out = app.add_flag("--outbound", outbound_, tr("We reached out (the default)"));
    in->excludes(out);
    at_ = app.add_option("--at", at_text_, tr("When it happened (default: now)"))->type_name("DATE");
    follow_ = app.add_option("--follow-up", follow_text_, tr("When to follow up: 2026-12-01, tomorrow, +3d, +2w"))->type_name("DATE");
    app.add_option("--summary", summary_, tr("A short summary"))->type_name("TEXT");
  }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    const Time now = vault.clock().now();
    NewInteraction i;
    COFFRE_ASSIGN_OR_RETURN(i.contact_id, id_arg("contact", contact_));
    if (fixed_) {
      i.kind = *fixed_;
    } else {
      COFFRE_ASSIGN_OR_RETURN(i.kind, interaction_kind_arg("--kind", kind_));
    }
    i.direction = inbound_ ? Direction::Inbound : Direction::Outbound;
    if (outcome_->count()) {
      COFFRE_ASSIGN_OR_RETURN(i.outcome, outcome_arg("--outcome", outcome_text_));
    }
    if (at_->count()) {
      COFFRE_ASSIGN_OR_RETURN(i.occurred_at, date_arg("--at", at_text_, now));
    }
    if (follow_->count()) {
      COFFRE_ASSIGN_OR_RETURN(i.follow_up_at, date_arg("--follow-up", follow_text_, now));
    }
    if (!summary_.empty()) i.summary = summary_;
    COFFRE_ASSIGN_OR_RETURN(Id id, InteractionStore(vault).add(i));
    const auto found =
        app::scan_text(app::SensitiveSource::Interaction, id, i.contact_id, "summary", i.summary.value_or(""));
    if (ctx.global.json) {
      ctx.print_json({{"id", id}, {"special_categories", findings_json(found)}});
    } else {
      ctx.out << id << "\n";
      warn_special_categories(ctx, found);
    }
    return {};
  }

 private:
  std::optional<InteractionKind> fixed_;
  std::string contact_, kind_ = "call", outcome_text_, at_text_, follow_text_, summary_;
  bool inbound_ = false, outbound_ = false;
  CLI::Option *outcome_ = nullptr, *at_ = nullptr, *follow_ = nullptr;
};

}  // namespace

std::unique_ptr<Command> make_interaction_add_command() { return std::make_unique<InteractionAddCommand>(std::nullopt); }
std::unique_ptr<Command> make_call_command() { return std::make_unique<InteractionAddCommand>(InteractionKind::Call); }
std::unique_ptr<Command> make_email_command() { return std::make_unique<InteractionAddCommand>(InteractionKind::Email); }
std::unique_ptr<Command> make_meeting_command() {
  return std::make_unique<InteractionAddCommand>(InteractionKind::Meeting);
}
std::unique_ptr<Command> make_letter_command() { return std::make_unique<InteractionAddCommand>(InteractionKind::Letter); }

}  // namespace coffre::cli
