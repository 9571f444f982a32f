#include <nlohmann/json.hpp>

#include <fstream>

#include "coffre/erasure.h"
#include "commands/common.h"
#include "commands/model_input.h"

namespace coffre::cli {
namespace {

Result<std::string> read_certificate(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorKind::NotFound, "cannot open " + path);
  std::string text;
  char buf[4096];
  while (in.read(buf, sizeof buf) || in.gcount() > 0) {
    text.append(buf, static_cast<std::size_t>(in.gcount()));
    if (text.size() > (1u << 20)) return make_error(ErrorKind::InvalidInput, path + " is too large to be a certificate");
  }
  return text;
}

std::optional<ErasureReason> parse_reason(const std::string& s) {
  for (auto r : {ErasureReason::Manual, ErasureReason::Objection, ErasureReason::AccessRequest,
                 ErasureReason::Retention})
    if (to_string(r) == s) return r;
  return std::nullopt;
}

// `coffre erase ID --reason objection`: the one erasure path, printing the signed certificate.
class EraseCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"erase"}; }
  std::string description() const override {
    return "Erase a person for a GDPR reason (objection adds them to the suppression list); prints a signed "
           "certificate; irreversible";
  }
  void setup(CLI::App& app) override {
    app.add_option("ID", id_, "The contact's id")->required();
    app.add_option("--reason", reason_, "manual, objection, access-request or retention (default manual)")
        ->type_name("REASON");
  }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    COFFRE_ASSIGN_OR_RETURN(Id id, id_arg("contact", id_));
    auto reason = parse_reason(reason_);
    if (!reason)
      return make_error(ErrorKind::Usage, "unknown reason \"" + reason_ + "\": manual, objection, access-request or retention");
    COFFRE_ASSIGN_OR_RETURN(auto proof, erase_contact(vault, id, *reason));
    if (ctx.global.json) {
      ctx.print_json(nlohmann::json::parse(proof.certificate));
      return {};
    }
    if (!ctx.global.quiet)
      ctx.err << "Erased contact " << id << " (subject " << proof.subject << "): " << proof.rows << " rows, "
              << proof.documents << " documents" << (proof.subject_key_destroyed ? ", document key destroyed" : "")
              << (proof.suppressed ? ", added to the suppression list" : "") << ".\n";
    ctx.out << proof.certificate << "\n";
    return {};
  }

 private:
  std::string id_, reason_ = "manual";
};

// `coffre erasure verify-certificate FILE`: checks a certificate against this vault's audit key.
class VerifyCertificateCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"erasure", "verify-certificate"}; }
  std::string description() const override { return "Check an erasure certificate's signature against this vault"; }
  void setup(CLI::App& app) override { app.add_option("FILE", file_, "The certificate (JSON)")->required(); }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    COFFRE_ASSIGN_OR_RETURN(std::string text, read_certificate(file_));
    COFFRE_ASSIGN_OR_RETURN(auto proof, verify_erasure_certificate(vault, text));
    if (ctx.global.json)
      ctx.print_json({{"valid", true}, {"subject", proof.subject}, {"reason", std::string(to_string(proof.reason))},
                      {"erased_at", format_utc(proof.at)}, {"rows", proof.rows}, {"documents", proof.documents},
                      {"suppressed", proof.suppressed}});
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
