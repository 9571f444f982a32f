#include <nlohmann/json.hpp>

#include <sstream>

#include "coffre/app/erase.h"
#include "coffre/app/requests.h"
#include "commands/common.h"
#include "commands/model_input.h"
#include "commands/model_output.h"
#include "coffre/stores.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

// `coffre erase ID --reason objection`: the one erasure path, printing the signed certificate.
class EraseCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"erase"}; }
  std::string description() const override {
    return tr("Erase a person for a GDPR reason (objection adds them to the suppression list); prints a signed "
           "certificate; irreversible");
  }
  void setup(CLI::App& app) override {
    app.add_option("ID", id_, tr("The contact's id"))->required();
    app.add_option("--reason", reason_, tr("request (art. 17 erasure request), objection (art. 21), retention or manual (default); request and "
                   "objection put the person on the suppression list"))
        ->type_name("REASON");
    app.add_option("--override-hold", override_, tr("Erase even though the person is under a legal hold; say why (audited)"))
        ->type_name("REASON");
    app.add_option("--request", request_, tr("The person's request this erasure answers (coffre request): the "
                   "certificate's SHA-256 is recorded on it, and the request is kept under their pseudonym"))
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
    COFFRE_TRY(confirm_destructive(ctx, yes_, trf("Erase {0} (reason: {1})", {contact_summary(c), reason_})));
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
      ctx.err << trf("Erased contact {0} (subject {1}): {2} rows, {3} documents",
                     {std::to_string(id), proof.subject, std::to_string(proof.rows), std::to_string(proof.documents)})
              << (proof.subject_key_destroyed ? tr(", document key destroyed") : "")
              << (proof.suppressed ? tr(", added to the suppression list") : "")
              << (proof.organisation == "erased" ? tr(", their organisation (no one else left in it) erased") : "")
              << ".\n";
    if (!ctx.global.quiet && proof.documents_kept > 0)
      ctx.err << trf("Kept {0} accounting records until {1} (Code de commerce art. L123-22; see coffre doc kept).",
                     {std::to_string(proof.documents_kept), human_date(proof.documents_kept_until.value_or(0))})
              << "\n";
    if (!ctx.global.quiet && !proof.requests_kept.empty())
      ctx.err << trf("Kept {0} request(s) of theirs under {1} (type, dates, outcome; no personal data), as the "
                     "certificate says.",
                     {std::to_string(proof.requests_kept.size()), proof.subject})
              << "\n";
    if (!ctx.global.quiet && proof.organisation_id)
      ctx.err << trf("Kept organisation {0}, now with no one in it: {1} (the certificate says so).",
                     {std::to_string(*proof.organisation_id), proof.organisation_why})
              << "\n";
    ctx.out << proof.certificate << "\n";
    return {};
  }

 private:
  std::string id_, reason_ = "manual", override_, request_;
  bool yes_ = false;
};

// `coffre erasure verify-certificate FILE [--public-key KEY]`: checks a certificate against this
// vault (signature and audit head, with the passphrase), or against the vault's public key alone
// (signature only, no passphrase: for whoever was handed the certificate and the key).
class VerifyCertificateCommand final : public Command {
 public:
  std::vector<std::string> path() const override { return {"erasure", "verify-certificate"}; }
  std::string description() const override {
    return tr("Check an erasure certificate: against this vault, or with --public-key without the passphrase");
  }
  void setup(CLI::App& app) override {
    app.add_option("FILE", file_, tr("The certificate (JSON)"))->required();
    app.add_option("--public-key", key_,
                   tr("The vault's public key, as `coffre keys export-public` wrote it (or its 64 hex digits): checks "
                   "the signature without opening the vault"))
        ->type_name("KEY");
  }
  Status run(Context& ctx) override {
    Result<ErasureProof> proof = make_error(ErrorKind::Internal, "");
    if (!key_.empty()) {
      proof = app::verify_certificate_file_with_key(file_, key_);
    } else {
      COFFRE_ASSIGN_OR_RETURN(auto session, open_session(ctx));
      proof = app::verify_certificate_file(*session, file_);
    }
    if (!proof.ok()) return proof.error();
    const char* checked = key_.empty() ? "vault" : "public-key";
    if (ctx.global.json)
      ctx.print_json({{"valid", true}, {"checked_with", checked}, {"subject", proof->subject},
                      {"reason", std::string(to_string(proof->reason))}, {"erased_at", format_utc(proof->at)},
                      {"rows", proof->rows}, {"documents", proof->documents}, {"suppressed", proof->suppressed},
                      {"organisation", proof->organisation}, {"requests_kept", proof->requests_kept},
                      {"wal_truncated", proof->wal_truncated}});
    else
      ctx.out << (key_.empty()
                      ? trf("Valid certificate: subject {0} erased {1} ({2}), {3} rows, {4} documents.",
                            {proof->subject, human_time(proof->at), shown(to_string(proof->reason)),
                             std::to_string(proof->rows), std::to_string(proof->documents)})
                      : trf("Valid certificate (signature checked with the public key): subject {0} erased {1} ({2}), "
                            "{3} rows, {4} documents.",
                            {proof->subject, human_time(proof->at), shown(to_string(proof->reason)),
                             std::to_string(proof->rows), std::to_string(proof->documents)}))
              << "\n";
    return {};
  }

 private:
  std::string file_, key_;
};

// A certificate read aloud, in French or English: what was erased, what is kept and why, and what
// no erasure reaches (the certificate's stable codes, put in words).
std::string reason_words(ErasureReason r, bool fr) {
  switch (r) {
    case ErasureReason::Manual: return fr ? "effacement à l'initiative de l'utilisateur" : "erased by the user";
    case ErasureReason::Objection: return fr ? "opposition de la personne (RGPD art. 21)" : "the person objected (GDPR art. 21)";
    case ErasureReason::Request: return fr ? "demande d'effacement de la personne (RGPD art. 17)" : "the person's erasure request (GDPR art. 17)";
    case ErasureReason::Retention: return fr ? "fin de la durée de conservation" : "end of the retention period";
    case ErasureReason::ImportUndo: return fr ? "annulation d'un import" : "an import undone";
  }
  return "";
}

std::string risk_words(const std::string& code, bool fr, const ErasureProof& p) {
  if (code == "exports-made-earlier")
    return fr ? "les exports faits avant l'effacement (dossiers d'accès, fichiers de campagne) ne sont pas atteints : "
                "détruisez-les (coffre shred)"
              : "exports made before the erasure (access packs, campaign files) are not reached: destroy them "
                "(coffre shred)";
  if (code == "backups-until-they-expire") {
    if (p.backup_retention_days) {
      // The retention the user set with `coffre backup prune --keep`: the date the last such backup goes.
      const std::string until = human_date(p.at + *p.backup_retention_days * 86400);
      const std::string days = std::to_string(*p.backup_retention_days);
      return fr ? "les sauvegardes faites avant gardent la personne jusqu'à leur expiration : conservation des "
                  "sauvegardes " + days + " jours (coffre backup prune), donc au plus tard le " + until +
                  " ; une sauvegarde restaurée avec le registre des effacements l'efface à nouveau"
                : "backups made before keep the person until they expire: backups are kept " + days +
                  " days (coffre backup prune), so until " + until +
                  " at the latest; a backup restored with the erasure ledger erases the person again";
    }
    return fr ? "les sauvegardes faites avant gardent la personne jusqu'à leur expiration"
              : "backups made before keep the person until they expire";
  }
  if (code == "storage-keeping-old-copies")
    return fr ? "un SSD, un instantané ou une sauvegarde du système peuvent garder d'anciennes copies chiffrées "
                "(docs/shredding.md)"
              : "an SSD, a snapshot or a system backup may keep old encrypted copies (docs/shredding.md)";
  return code;
}

std::string certificate_text(const ErasureProof& p, bool fr) {
  std::ostringstream o;
  const std::string day = human_date(p.at);
  if (fr) {
    o << "Certificat d'effacement (signature valide)\n"
      << "Personne : " << p.subject << " (pseudonyme ; le nom n'est plus connu du coffre)\n"
      << "Effacée le " << day << " : " << reason_words(p.reason, true) << "\n"
      << "Effacé : " << p.rows << " lignes de la base, " << p.documents << " documents détruits"
      << (p.subject_key_destroyed ? ", clé des documents détruite" : "") << "\n";
    o << "Conservé, et pourquoi :\n";
    if (p.suppressed) o << "  - liste d'opposition : empreintes (hachages à clé) des e-mails et téléphones, pour ne plus la contacter\n";
    for (const auto& ch : p.consent_kept) o << "  - retrait ou opposition sur le canal " << ch << " (empreintes à clé)\n";
    if (p.documents_kept > 0)
      o << "  - " << p.documents_kept << " pièces comptables jusqu'au "
        << human_date(p.documents_kept_until.value_or(0))
        << " (Code de commerce art. L123-22 ; RGPD art. 17(3)(b)), puis détruites\n";
    if (p.organisation_id) o << "  - l'organisation " << *p.organisation_id << " : " << p.organisation_why << "\n";
    if (!p.requests_kept.empty())
      o << "  - " << p.requests_kept.size() << " demande(s) de la personne (type, dates, réponse), preuve de conformité\n";
    o << "  - le journal d'audit et ce certificat, sous le pseudonyme, sans donnée personnelle\n";
    if (!p.residual_risks.empty()) o << "Ce que l'effacement n'atteint pas :\n";
  } else {
    o << "Erasure certificate (valid signature)\n"
      << "Person: " << p.subject << " (pseudonym; the vault no longer knows the name)\n"
      << "Erased on " << day << ": " << reason_words(p.reason, false) << "\n"
      << "Erased: " << p.rows << " database rows, " << p.documents << " documents destroyed"
      << (p.subject_key_destroyed ? ", document key destroyed" : "") << "\n";
    o << "Kept, and why:\n";
    if (p.suppressed) o << "  - suppression list: keyed hashes of the e-mails and phones, so that the person is not contacted again\n";
    for (const auto& ch : p.consent_kept) o << "  - withdrawal or objection on the " << ch << " channel (keyed hashes)\n";
    if (p.documents_kept > 0)
      o << "  - " << p.documents_kept << " accounting records until "
        << human_date(p.documents_kept_until.value_or(0))
        << " (Code de commerce art. L123-22; GDPR art. 17(3)(b)), then shredded\n";
    if (p.organisation_id) o << "  - organisation " << *p.organisation_id << ": " << p.organisation_why << "\n";
    if (!p.requests_kept.empty())
      o << "  - " << p.requests_kept.size() << " request(s) the person made (type, dates, answer), proof of compliance\n";
    o << "  - the audit log and this certificate, under the pseudonym, no personal data\n";
    if (!p.residual_risks.empty()) o << "What the erasure does not reach:\n";
  }
  for (const auto& r : p.residual_risks) o << "  - " << risk_words(r, fr, p) << "\n";
  return o.str();
}

// `coffre erasure show CERT [--lang fr|en]`: checks the certificate, then says it in words.
class ShowCertificateCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"erasure", "show"}; }
  std::string description() const override {
    return tr("Check an erasure certificate and say it in words (French or English): what was erased, what is kept "
           "and why, what the erasure does not reach");
  }
  void setup(CLI::App& app) override {
    app.add_option("FILE", file_, tr("The certificate (JSON)"))->required();
    app.add_option("--lang", lang_, tr("fr (default) or en"))->check(CLI::IsMember({"fr", "en"}));
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(auto proof, app::verify_certificate_file(session, file_));
    if (ctx.global.json) {
      ctx.print_json(nlohmann::json::parse(proof.certificate));
      return {};
    }
    ctx.out << certificate_text(proof, lang_ == "fr");
    return {};
  }

 private:
  std::string file_, lang_ = "fr";
};

}  // namespace

std::unique_ptr<Command> make_erasure_show_command() { return std::make_unique<ShowCertificateCommand>(); }
std::unique_ptr<Command> make_erase_command() { return std::make_unique<EraseCommand>(); }
std::unique_ptr<Command> make_erasure_verify_command() { return std::make_unique<VerifyCertificateCommand>(); }

}  // namespace coffre::cli
