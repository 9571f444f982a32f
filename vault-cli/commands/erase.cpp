#include <nlohmann/json.hpp>

#include "coffre/app/erase.h"
#include "coffre/app/requests.h"
#include "commands/common.h"
#include "commands/model_input.h"
#include "commands/model_output.h"
#include "coffre/stores.h"

namespace coffre::cli {
namespace {

// `coffre erase ID --reason objection`: the one erasure path, printing the signed certificate.
class EraseCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"erase"}; }
  std::string description() const override {
    return "Erase a person for a GDPR reason (objection adds them to the suppression list); prints a signed "
           "certificate; irreversible";
  }
  void setup(CLI::App& app) override {
    app.add_option("ID", id_, "The contact's id")->required();
    app.add_option("--reason", reason_, "request (art. 17 erasure request), objection (art. 21), retention or manual (default); request and "
                   "objection put the person on the suppression list")
        ->type_name("REASON");
    app.add_option("--override-hold", override_, "Erase even though the person is under a legal hold; say why (audited)")
        ->type_name("REASON");
    app.add_option("--request", request_, "The person's request this erasure answers (coffre request): the "
                   "certificate's SHA-256 is recorded on it, and the request is kept under their pseudonym")
        ->type_name("ID");
    add_yes_flag(app, yes_);
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(Id id, id_arg("contact", id_));
    COFFRE_TRY(app::erasure_reason(reason_).status());
    COFFRE_ASSIGN_OR_RETURN(auto c, ContactStore(session.vault()).get(id));
    std::optional<Id> request;
    if (!request_.empty()) {
      COFFRE_ASSIGN_OR_RETURN(request, id_arg("request", request_));
      // Checked before anything is erased: a wrong request id erases no one.
      COFFRE_TRY(app::check_request_for(session, *request, id));
    }
    COFFRE_TRY(confirm_destructive(ctx, yes_, "Erase " + contact_summary(c) + " (reason: " + reason_ + ")"));
    app::EraseOptions options;
    if (!override_.empty()) options.override_hold = override_;
    COFFRE_ASSIGN_OR_RETURN(auto proofs, app::erase_people(session, {id}, reason_, NullProgress::instance(), options));
    const ErasureProof& proof = proofs.front();
    if (request) COFFRE_TRY(app::record_erasure(session, *request, proof));
    if (ctx.global.json) {
      ctx.print_json(nlohmann::json::parse(proof.certificate));
      return {};
    }
    if (!ctx.global.quiet)
      ctx.err << "Erased contact " << id << " (subject " << proof.subject << "): " << proof.rows << " rows, "
              << proof.documents << " documents" << (proof.subject_key_destroyed ? ", document key destroyed" : "")
              << (proof.suppressed ? ", added to the suppression list" : "")
              << (proof.organisation == "erased" ? ", their organisation (no one else left in it) erased" : "")
              << ".\n";
    if (!ctx.global.quiet && !proof.requests_kept.empty())
      ctx.err << "Kept " << proof.requests_kept.size() << " request(s) of theirs under " << proof.subject
              << " (type, dates, outcome; no personal data), as the certificate says.\n";
    if (!ctx.global.quiet && proof.organisation_id)
      ctx.err << "Kept organisation " << *proof.organisation_id << ", now with no one in it: " << proof.organisation_why
              << " (the certificate says so).\n";
    ctx.out << proof.certificate << "\n";
    return {};
  }

 private:
  std::string id_, reason_ = "manual", override_, request_;
  bool yes_ = false;
};

// `coffre erasure verify-certificate FILE`: checks a certificate against this vault's audit key.
class VerifyCertificateCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"erasure", "verify-certificate"}; }
  std::string description() const override { return "Check an erasure certificate's signature against this vault"; }
  void setup(CLI::App& app) override { app.add_option("FILE", file_, "The certificate (JSON)")->required(); }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(auto proof, app::verify_certificate_file(session, file_));
    if (ctx.global.json)
      ctx.print_json({{"valid", true}, {"subject", proof.subject}, {"reason", std::string(to_string(proof.reason))},
                      {"erased_at", format_utc(proof.at)}, {"rows", proof.rows}, {"documents", proof.documents},
                      {"suppressed", proof.suppressed}, {"organisation", proof.organisation},
                      {"requests_kept", proof.requests_kept}});
    else
      ctx.out << "Valid certificate: subject " << proof.subject << " erased " << format_utc(proof.at) << " ("
              << to_string(proof.reason) << "), " << proof.rows << " rows, " << proof.documents << " documents.\n";
    return {};
  }

 private:
  std::string file_;
};

}  // namespace

std::unique_ptr<Command> make_erase_command() { return std::make_unique<EraseCommand>(); }
std::unique_ptr<Command> make_erasure_verify_command() { return std::make_unique<VerifyCertificateCommand>(); }

}  // namespace coffre::cli
