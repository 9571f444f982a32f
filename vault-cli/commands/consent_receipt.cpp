// `consent receipt` and `consent verify-receipt` (issue 12): a signed receipt of a person's consent
// decisions, and its check against this vault.
#include "coffre/app/receipt.h"
#include "commands/common.h"
#include "commands/model_input.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

class ConsentReceiptCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"consent", "receipt"}; }
  std::string description() const override {
    return tr("Write a consent receipt the person can be sent, signed with the vault's signing key");
  }
  void setup(CLI::App& app) override {
    app.add_option("CONTACT", contact_, tr("The contact's id"))->required();
    app.add_option("--lang", req_.language, tr("en (default) or fr"));
    app.add_option("--format", req_.format, tr("json (default) or text (words, then the signed JSON)"));
    app.add_option("-o,--output", output_, tr("The file to write (0600)"))->required();
    app.add_flag("--overwrite", req_.overwrite, tr("Replace the output file if it exists"));
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(req_.contact_id, id_arg("contact", contact_));
    req_.output = output_;
    COFFRE_ASSIGN_OR_RETURN(auto r, app::write_consent_receipt(session, req_));
    if (ctx.global.json)
      ctx.print_json({{"receipt", r.receipt_id}, {"events", r.events}, {"path", r.path.string()}});
    else if (!ctx.global.quiet)
      ctx.out << trf("Receipt {0} ({1} events) written to {2}", {r.receipt_id, std::to_string(r.events), r.path.string()})
              << "\n";
    return {};
  }

 private:
  app::ConsentReceiptRequest req_;
  std::string contact_, output_;
};

class ConsentVerifyReceiptCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"consent", "verify-receipt"}; }
  std::string description() const override {
    return tr("Check a consent receipt's signature against this vault (exit 5 when altered or foreign)");
  }
  void setup(CLI::App& app) override { app.add_option("FILE", file_, tr("The receipt"))->required(); }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(auto r, app::verify_consent_receipt(session, file_));
    if (ctx.global.json)
      ctx.print_json({{"valid", true}, {"receipt", r.receipt_id}, {"subject", r.subject}, {"events", r.events},
                      {"issued_at", r.issued_at}});
    else
      ctx.out << trf("valid: receipt {0} for {1}, {2} events, issued {3}",
                     {r.receipt_id, r.subject, std::to_string(r.events), r.issued_at})
              << "\n";
    return {};
  }

 private:
  std::string file_;
};

}  // namespace

std::unique_ptr<Command> make_consent_receipt_command() { return std::make_unique<ConsentReceiptCommand>(); }
std::unique_ptr<Command> make_consent_verify_receipt_command() {
  return std::make_unique<ConsentVerifyReceiptCommand>();
}

}  // namespace coffre::cli
