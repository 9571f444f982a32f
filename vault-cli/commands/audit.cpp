#include "coffre/audit.h"

#include "coffre/clock.h"
#include "commands/common.h"
#include "commands/model_output.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

class AuditVerifyCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"audit", "verify"}; }
  std::string description() const override { return tr("Verify the audit log's hash chain and signatures"); }
  void setup(CLI::App&) override {}
  app::SessionOptions session_options() const override {
    app::SessionOptions o;
    o.open_behind_anchor = true;  // a database behind its anchor is what this command reports
    return o;
  }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    COFFRE_ASSIGN_OR_RETURN(auto r, verify_audit(vault));
    if (ctx.global.json) {
      nlohmann::json j{{"ok", r.ok}, {"entries", r.entries}};
      if (r.first_broken) j["first_broken"] = *r.first_broken;
      if (!r.ok) j["reason"] = r.reason;
      ctx.print_json(j);
    } else if (r.ok) {
      ctx.out << trf("Audit log intact: {} entries, chain and signatures valid.", {std::to_string(r.entries)}) << "\n";
    } else {
      ctx.out << trf("Audit log BROKEN at entry {0}: {1}", {std::to_string(*r.first_broken), r.reason}) << "\n";
    }
    if (!r.ok) return make_error(ErrorKind::Corruption, trf("audit log broken at entry {}", {std::to_string(*r.first_broken)}));
    return {};
  }
};

class AuditLogCommand final : public VaultCommand {
 public:
  std::vector<std::string> path() const override { return {"audit", "log"}; }
  std::string description() const override { return tr("Show the latest audit entries (newest first)"); }
  void setup(CLI::App& app) override {
    app.add_option("-n,--limit", limit_, tr("How many entries (default 50)"));
    app.add_option("--subject", subject_, tr("Only entries about this pseudonymous subject id"));
  }
  Status run_with_vault(Context& ctx, Vault& vault) override {
    std::optional<std::string> subject;
    if (!subject_.empty()) subject = subject_;
    COFFRE_ASSIGN_OR_RETURN(auto entries, audit_entries(vault, limit_, subject));
    if (ctx.global.json) {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& e : entries) {
        nlohmann::json j{{"seq", e.seq}, {"at", format_utc(e.at)}, {"action", e.action}, {"details", e.details}};
        j["subject"] = e.subject ? nlohmann::json(*e.subject) : nlohmann::json(nullptr);
        if (e.redacted_at) j["redacted_at"] = format_utc(*e.redacted_at);
        arr.push_back(j);
      }
      ctx.print_json(arr);
    } else {
      for (const auto& e : entries)
        ctx.out << e.seq << "  " << human_time(e.at) << "  " << e.action << (e.subject ? "  " + *e.subject : "")
                << (e.details.empty() ? "" : "  " + e.details)
                << (e.redacted_at ? "  " + trf("(details removed at erasure, {})", {human_time(*e.redacted_at)}) : "") << "\n";
    }
    return {};
  }

 private:
  std::int64_t limit_ = 50;
  std::string subject_;
};

}  // namespace

std::unique_ptr<Command> make_audit_verify_command() { return std::make_unique<AuditVerifyCommand>(); }
std::unique_ptr<Command> make_audit_log_command() { return std::make_unique<AuditLogCommand>(); }

}  // namespace coffre::cli
