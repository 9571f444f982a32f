// `coffre shred PATH... [--recursive] [--passes N] [--method random|zero|dod3] [--verify]
// [--dry-run] [--json]`: overwrite files in place and remove them, through the shredder plugin.
// Needs no vault, except with --certificate FILE: the vault is opened first, and a certificate of
// the run, signed with its audit key, is written to FILE (0600) and noted in the audit log.
// Exit code 5 when any file could not be shredded; the others still were.
#include <map>
#include <optional>

#include "coffre/app/shred.h"
#include "coffre/english_scope.h"
#include "command.h"
#include "coffre/i18n.h"
#include "commands/model_output.h"

namespace coffre::cli {
namespace {

// A name for a terminal: valid UTF-8 as is (with \xNN for the rest), control characters escaped
// so that a file name cannot move the cursor or forge lines.
std::string printable(const std::string& raw) {
  std::string s = app::json_path(raw), out;
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
    return tr("Overwrite files in place and remove them; says when the storage may keep old copies");
  }
  void setup(CLI::App& app) override {
    app.add_option("PATH", paths_, tr("Files (and folders with --recursive) to shred"))->required();
    app.add_flag("-r,--recursive", options_.recursive, tr("Shred what folders hold, then remove them bottom-up"));
    passes_opt_ = app.add_option("-n,--passes", options_.passes, tr("Overwrite passes (default 1; 3 for dod3)"))
                      ->check(CLI::Range(1, 35));
    static const std::map<std::string, plugin::ShredMethod> kMethods = {
        {"random", plugin::ShredMethod::Random}, {"zero", plugin::ShredMethod::Zero}, {"dod3", plugin::ShredMethod::Dod3}};
    app.add_option("--method", options_.method, tr("random (ChaCha20 keystream), zero, dod3 (0x00, 0xFF, random)"))
        ->transform(CLI::CheckedTransformer(kMethods, CLI::ignore_case));
    app.add_flag("--verify", options_.verify, tr("Read the last pass back from the device and compare"));
    app.add_flag("--dry-run", options_.dry_run, tr("Say what would be done; change nothing"));
    app.add_option("--certificate", certificate_,
                   tr("Open the vault and write a certificate of this run, signed with its audit key, to FILE"))
        ->type_name("FILE");
  }
  Status run(Context& ctx) override {
    if (options_.method == plugin::ShredMethod::Dod3 && passes_opt_->count() == 0) options_.passes = 3;
    // The bar goes to stderr and only on a terminal (ctx.progress()), so it never mixes with --json.
    Result<app::ShredReport> report = make_error(ErrorKind::Internal, "");
    // The plugin's notes go into --json as they are: English there (coffre/english_scope.h).
    std::optional<i18n::EnglishScope> english;
    if (certificate_.empty()) {
      if (ctx.global.json) english.emplace();
      report = app::shred_files(ctx.plugins, paths_, options_, ctx.progress());
    } else {
      if (options_.dry_run) return make_error(ErrorKind::Usage, tr("--certificate makes no sense with --dry-run"));
      // The vault is opened before anything is destroyed: a wrong passphrase must stop the run.
      COFFRE_ASSIGN_OR_RETURN(auto session, open_session(ctx));
      if (ctx.global.json) english.emplace();
      report = app::shred_files_with_certificate(*session, paths_, options_, certificate_, ctx.progress());
    }
    english.reset();
    if (!report.ok()) return report.error();
    if (ctx.global.json) {
      ctx.out << app::shred_report_json(*report, options_) << "\n";
    } else {
      for (const auto& f : report->files) {
        ctx.out << shown(plugin::to_string(f.result)) << "  " << printable(f.path);
        if (f.bytes || (!f.directory && f.result != plugin::ShredOutcome::LinkRemoved && f.result != plugin::ShredOutcome::Error))
          ctx.out << "  " << trf("{} bytes", {std::to_string(f.bytes)});
        if (f.verified) ctx.out << "  " << tr("verified");
        ctx.out << "\n";
        if (!f.note.empty()) ctx.out << "    " << printable(f.note) << "\n";
      }
    }
    if (report->errors)
      return make_error(ErrorKind::IoError, trf("{0} of {1} entries could not be shredded (see above)",
                                                    {std::to_string(report->errors), std::to_string(report->files.size())}));
    return {};
  }

 private:
  std::string certificate_;
  std::vector<std::string> paths_;
  plugin::ShredOptions options_;
  CLI::Option* passes_opt_ = nullptr;
};

}  // namespace

std::unique_ptr<Command> make_shred_command() { return std::make_unique<ShredCommand>(); }

}  // namespace coffre::cli
