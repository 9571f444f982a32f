// `coffre shred PATH... [--recursive] [--passes N] [--method random|zero|dod3] [--verify]
// [--dry-run] [--json]`: overwrite files in place and remove them, through the shredder plugin.
// Needs no vault, except with --certificate FILE: the vault is opened first, and a certificate of
// the run, signed with its audit key, is written to FILE (0600) and noted in the audit log.
// Exit code 5 when any file could not be shredded; the others still were.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <map>

#include "coffre/audit.h"
#include "coffre/certificate.h"
#include "command.h"
#include "shred_support.h"

namespace coffre::cli {
namespace {

// A name for a terminal: valid UTF-8 as is (with \xNN for the rest), control characters escaped
// so that a file name cannot move the cursor or forge lines.
std::string printable(const std::string& raw) {
  std::string s = json_path(raw), out;
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) {
      static const char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

class ShredCommand final : public Command {
 public:
  std::vector<std::string> path() const override { return {"shred"}; }
  std::string description() const override {
    return "Overwrite files in place and remove them; says when the storage may keep old copies";
  }
  void setup(CLI::App& app) override {
    app.add_option("PATH", paths_, "Files (and folders with --recursive) to shred")->required();
    app.add_flag("-r,--recursive", options_.recursive, "Shred what folders hold, then remove them bottom-up");
    passes_opt_ = app.add_option("-n,--passes", options_.passes, "Overwrite passes (default 1; 3 for dod3)")
                      ->check(CLI::Range(1, 35));
    static const std::map<std::string, plugin::ShredMethod> kMethods = {
        {"random", plugin::ShredMethod::Random}, {"zero", plugin::ShredMethod::Zero}, {"dod3", plugin::ShredMethod::Dod3}};
    app.add_option("--method", options_.method, "random (ChaCha20 keystream), zero, dod3 (0x00, 0xFF, random)")
        ->transform(CLI::CheckedTransformer(kMethods, CLI::ignore_case));
    app.add_flag("--verify", options_.verify, "Read the last pass back from the device and compare");
    app.add_flag("--dry-run", options_.dry_run, "Say what would be done; change nothing");
    app.add_option("--certificate", certificate_,
                   "Open the vault and write a certificate of this run, signed with its audit key, to FILE")
        ->type_name("FILE");
  }
  Status run(Context& ctx) override {
    if (options_.method == plugin::ShredMethod::Dod3 && passes_opt_->count() == 0) options_.passes = 3;
    // With --certificate the vault is opened before anything is destroyed: a wrong passphrase
    // must stop the run, not leave files shredded without their proof.
    std::unique_ptr<Vault> vault;
    int cert_fd = -1;
    if (!certificate_.empty()) {
      if (options_.dry_run) return make_error(ErrorKind::Usage, "--certificate makes no sense with --dry-run");
      COFFRE_ASSIGN_OR_RETURN(vault, open_vault(ctx));
      cert_fd = ::open(certificate_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
      if (cert_fd < 0)
        return make_error(ErrorKind::IoError, "cannot create the certificate " + certificate_ + ": " + std::strerror(errno));
    }
    // The bar goes to stderr and only on a terminal (ctx.progress()), so it never mixes with --json.
    COFFRE_ASSIGN_OR_RETURN(auto report, shred_paths(paths_, options_, ctx.progress()));
    if (ctx.global.json) {
      ctx.print_json(shred_report_json(report, options_));
    } else {
      for (const auto& f : report.files) {
        ctx.out << plugin::to_string(f.result) << "  " << printable(f.path);
        if (f.bytes || (!f.directory && f.result != plugin::ShredOutcome::LinkRemoved && f.result != plugin::ShredOutcome::Error)) ctx.out << "  " << f.bytes << " bytes";
        if (f.verified) ctx.out << "  verified";
        ctx.out << "\n";
        if (!f.note.empty()) ctx.out << "    " << printable(f.note) << "\n";
      }
    }
    if (vault) COFFRE_TRY(write_certificate(*vault, report, cert_fd));
    if (report.errors)
      return make_error(ErrorKind::IoError, std::to_string(report.errors) + " of " + std::to_string(report.files.size()) +
                                                " entries could not be shredded (see above)");
    return {};
  }

 private:
  Status write_certificate(Vault& vault, const ShredReport& report, int fd) {
    nlohmann::json body = shred_report_json(report, options_);
    body["shredded_at"] = format_utc(vault.clock().now());
    auto cert = sign_certificate(vault, "coffre-shred-certificate/1", body.dump());
    Status s = cert.status();
    if (s.ok()) {
      const std::string text = *cert + "\n";
      if (::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()) || ::fsync(fd) != 0)
        s = make_error(ErrorKind::IoError, "cannot write the certificate " + certificate_ + ": " + std::strerror(errno));
    }
    ::close(fd);
    if (!s.ok()) {
      ::unlink(certificate_.c_str());
      return s;
    }
    // The audit entry counts; the certificate (the user's file) names the paths.
    return audit_append(vault, "shred.run", std::nullopt,
                        "files=" + std::to_string(report.files.size()) + " errors=" + std::to_string(report.errors));
  }

  std::string certificate_;
  std::vector<std::string> paths_;
  plugin::ShredOptions options_;
  CLI::Option* passes_opt_ = nullptr;
};

}  // namespace

std::unique_ptr<Command> make_shred_command() { return std::make_unique<ShredCommand>(); }

}  // namespace coffre::cli
