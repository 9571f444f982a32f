#include "coffre/app/check.h"
#include "commands/common.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

class CheckCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"check"}; }
  std::string description() const override {
    return tr("Check the vault: database integrity, encryption, every document readable, audit chain");
  }
  void setup(CLI::App& app) override {
    app.add_flag("--repair", request_.repair,
                 tr("First finish what interrupted document adds left: shred their partial files, remove their rows"));
    app.add_flag("--accept-loss", request_.accept_loss,
                 tr("The vault lost committed changes (database behind its anchor) and no backup has them: keep "
                 "working with what the database holds (asks first; the lost changes stay lost)"));
    add_yes_flag(app, yes_);
  }
  app::SessionOptions session_options() const override {
    app::SessionOptions o;
    o.open_behind_anchor = true;  // report it instead of refusing to open
    return o;
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    if (request_.accept_loss && !session.vault().anchor_problem().empty())
      COFFRE_TRY(confirm_destructive(ctx, yes_,
                                     session.vault().anchor_problem() + "\n" +
                                         tr("Go on with what the database holds? The lost changes cannot be brought "
                                            "back by Coffre afterwards.")));
    COFFRE_ASSIGN_OR_RETURN(auto r, app::check(session, request_, ctx.progress()));
    const auto& report = r.report;
    if (r.loss_accepted && !ctx.global.json)
      ctx.out << trf("accepted: the anchor now vouches for the database as it is ({})", {*r.loss_accepted}) << "\n";
    if (r.repaired && !ctx.global.json)
      ctx.out << (*r.repaired == 1 ? tr("repaired: 1 interrupted document add cleaned up")
                                   : trf("repaired: {} interrupted document adds cleaned up", {std::to_string(*r.repaired)}))
              << "\n";
    if (r.debris_removed && *r.debris_removed && !ctx.global.json)
      ctx.out << (*r.debris_removed == 1
                      ? tr("repaired: 1 leftover file of interrupted erasures or passwd shredded")
                      : trf("repaired: {} leftover files of interrupted erasures or passwd shredded",
                            {std::to_string(*r.debris_removed)}))
              << "\n";
    if (ctx.global.json) {
      nlohmann::json items = nlohmann::json::array();
      for (const auto& i : report.items) items.push_back({{"name", i.name}, {"ok", i.ok}, {"detail", i.detail}});
      nlohmann::json out = {{"ok", report.ok()}, {"checks", items}, {"signing_key_fingerprint", r.signing_key_fingerprint}};
      if (r.repaired) out["repaired"] = *r.repaired;
      if (r.debris_removed) out["debris_removed"] = *r.debris_removed;
      if (r.loss_accepted) out["loss_accepted"] = *r.loss_accepted;
      ctx.print_json(out);
    } else {
      for (const auto& i : report.items)
        ctx.out << (i.ok ? tr("ok      ") : tr("FAILED  ")) << i.name << ": " << (i.said.empty() ? i.detail : i.said)
                << "\n";
      ctx.out << trf("signing key fingerprint: {}", {r.signing_key_fingerprint}) << "\n";
    }
    if (!report.ok()) return make_error(ErrorKind::Corruption, tr("the vault failed its checks"));
    return {};
  }

 private:
  app::CheckRequest request_;
  bool yes_ = false;
};

}  // namespace

std::unique_ptr<Command> make_check_command() { return std::make_unique<CheckCommand>(); }

}  // namespace coffre::cli
