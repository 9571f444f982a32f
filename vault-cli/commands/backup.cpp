// `coffre backup create|verify|restore|list|prune` (issue 15): backups that can be restored and
// never bring an erased person back. Every command calls the application layer
// (coffre/app/backup.h); docs/cli.md, "Backups", is the contract.
#include <unistd.h>

#include "coffre/app/agent.h"
#include "coffre/app/backup.h"
#include "coffre/app/retention.h"
#include "coffre/clock.h"
#include "commands/common.h"
#include "commands/model_output.h"
#include "passphrase.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

// How a backup is opened: the vault's passphrase (--passphrase-file, --passphrase-fd or the
// terminal, as every command) or, with --recovery-code / --recovery-code-file, its recovery code.
struct SecretOptions {
  bool recovery_code = false;
  std::string recovery_code_file;
  void add_to(CLI::App& app) {
    app.add_flag("--recovery-code", recovery_code, tr("Open the backup with the recovery code (asked on the terminal)"));
    app.add_option("--recovery-code-file", recovery_code_file, tr("Read the recovery code from FILE"))->type_name("FILE");
  }
  Result<SecretBytes> read(Context& ctx, const std::string& file) const {
    if (!recovery_code_file.empty()) return read_secret_file(recovery_code_file);
    if (recovery_code) return prompt_secret(trf("Recovery code for {}: ", {file}));
    if (!ctx.global.passphrase_file.empty()) return read_secret_file(ctx.global.passphrase_file);
    if (ctx.global.passphrase_fd >= 0) return read_secret_fd(ctx.global.passphrase_fd, "the passphrase file descriptor");
    return prompt_secret(trf("Passphrase for {}: ", {file}));
  }
  bool is_code() const { return recovery_code || !recovery_code_file.empty(); }
};

nlohmann::json info_json(const app::BackupInfo& i) {
  auto n = [](std::int64_t v) { return v < 0 ? nlohmann::json(nullptr) : nlohmann::json(v); };
  return {{"file", i.file.string()},    {"vault_id", i.vault_id},  {"created_at", format_utc(i.created_at)},
          {"bytes", i.bytes},           {"contacts", n(i.contacts)}, {"documents", n(i.documents)},
          {"files", n(i.files)},        {"ledger_records", n(i.ledger_records)}};
}

class BackupCreateCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"backup", "create"}; }
  std::string description() const override {
    return tr("Write one encrypted backup of the vault (database, key slots, documents, erasure ledger) to FILE");
  }
  void setup(CLI::App& app) override {
    app.add_option("FILE", file_, tr("The backup to write (refused if it exists)"))->required();
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(auto r, app::create_backup(session, file_, ctx.progress()));
    if (ctx.global.json) {
      ctx.print_json({{"file", r.file.string()}, {"bytes", r.bytes}, {"contacts", r.contacts},
                      {"documents", r.documents}, {"sha256", r.sha256}});
    } else if (!ctx.global.quiet) {
      ctx.out << trf("Backup written: {0} ({1} bytes, {2} contacts, {3} documents)",
                     {r.file.string(), std::to_string(r.bytes), std::to_string(r.contacts), std::to_string(r.documents)})
              << "\nSHA-256 " << r.sha256 << "\n";
    }
    return {};
  }

 private:
  std::string file_;
};

class BackupVerifyCommand final : public Command {
 public:
  std::vector<std::string> path() const override { return {"backup", "verify"}; }
  std::string description() const override {
    return tr("Open a backup with the passphrase or recovery code and check every chunk, the database and every "
           "document, restoring nothing");
  }
  void setup(CLI::App& app) override {
    app.add_option("FILE", file_, tr("The backup"))->required();
    secret_.add_to(app);
  }
  Status run(Context& ctx) override {
    COFFRE_TRY(app::read_backup_header(Env::posix(), file_).status());
    COFFRE_ASSIGN_OR_RETURN(SecretBytes secret, secret_.read(ctx, file_));
    COFFRE_ASSIGN_OR_RETURN(auto info, app::verify_backup(file_, {&secret, secret_.is_code()}, ctx.plugins, ctx.progress()));
    if (ctx.global.json) {
      auto j = info_json(info);
      j["verified"] = true;
      ctx.print_json(j);
    } else if (!ctx.global.quiet) {
      ctx.out << trf("Backup verified: {0}, taken {1}: {2} contacts, {3} documents, {4} files, {5} erasures in its "
                     "ledger; every chunk, the database and every document check out.",
                     {file_, human_time(info.created_at), std::to_string(info.contacts), std::to_string(info.documents),
                      std::to_string(info.files), std::to_string(info.ledger_records)})
              << "\n";
    }
    return {};
  }

 private:
  std::string file_;
  SecretOptions secret_;
};

class BackupRestoreCommand final : public Command {
 public:
  std::vector<std::string> path() const override { return {"backup", "restore"}; }
  std::string description() const override {
    return tr("Restore a backup into a new, empty folder, then erase again everyone the erasure ledger says was erased "
           "since");
  }
  void setup(CLI::App& app) override {
    app.add_option("FILE", file_, tr("The backup"))->required();
    app.add_option("--to", to_, tr("The new vault folder (must not exist or be empty)"))->required()->type_name("DIR");
    app.add_option("--ledger", ledger_,
                   tr("The newest erasure ledger: the live vault's VAULT/erasure-ledger, or a newer backup's"))
        ->type_name("FILE");
    app.add_flag("--accept-resurrection-risk", accept_,
                 tr("Restore without a newer ledger: anyone erased after the backup comes back"));
    secret_.add_to(app);
  }
  Status run(Context& ctx) override {
    COFFRE_TRY(app::read_backup_header(Env::posix(), file_).status());
    COFFRE_ASSIGN_OR_RETURN(SecretBytes secret, secret_.read(ctx, file_));
    app::RestoreRequest req{file_, to_, std::nullopt, accept_};
    if (!ledger_.empty()) req.ledger = ledger_;
    COFFRE_ASSIGN_OR_RETURN(auto r, app::restore_backup(req, {&secret, secret_.is_code()}, ctx.plugins, ctx.progress()));
    if (ctx.global.json) {
      nlohmann::json certs = nlohmann::json::array();
      for (const auto& c : r.certificates) certs.push_back(nlohmann::json::parse(c));
      ctx.print_json({{"dir", r.dir.string()},
                      {"contacts", r.contacts},
                      {"documents", r.documents},
                      {"erased_since_backup", r.ledger_records_after_backup},
                      {"erased_again", r.certificates.size()},
                      {"certificates", certs},
                      {"resurrection_risk_accepted", r.resurrection_risk_accepted}});
    } else if (!ctx.global.quiet) {
      ctx.out << trf("Restored into {0} ({1} contacts, {2} documents in the backup).",
                     {r.dir.string(), std::to_string(r.contacts), std::to_string(r.documents)})
              << "\n";
      if (r.resurrection_risk_accepted)
        ctx.out << tr("No newer erasure ledger was given: anyone erased after the backup is back in this vault.") << "\n";
      else
        ctx.out << trf("{0} erasures recorded since the backup; {1} people erased again at restore (--json prints "
                       "their signed certificates).",
                       {std::to_string(r.ledger_records_after_backup), std::to_string(r.certificates.size())})
                << "\n";
    }
    return {};
  }

 private:
  std::string file_, to_, ledger_;
  bool accept_ = false;
  SecretOptions secret_;
};

class BackupListCommand final : public Command {
 public:
  std::vector<std::string> path() const override { return {"backup", "list"}; }
  std::string description() const override {
    return tr("List the backups in DIR: date, size, counts, and whether each opens and every chunk authenticates");
  }
  void setup(CLI::App& app) override {
    app.add_option("DIR", dir_, tr("The folder holding the backups"))->required();
    secret_.add_to(app);
  }
  Status run(Context& ctx) override {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir_, ec)) return make_error(ErrorKind::NotFound, trf("{}: no such folder", {dir_}));
    std::vector<app::BackupListEntry> list;
    bool listed = false;
    // When `coffre agent` holds the vault's key and no secret was given, its backups are listed
    // with that key: no passphrase asked.
    if (!secret_.is_code() && ctx.global.passphrase_file.empty() && ctx.global.passphrase_fd < 0 && !ctx.global.no_agent) {
      COFFRE_ASSIGN_OR_RETURN(auto from_agent, app::open_session_from_agent(ctx.vault_dir(), ctx.plugins, {}));
      if (from_agent) {
        COFFRE_ASSIGN_OR_RETURN(list, app::list_backups(**from_agent, dir_, ctx.progress()));
        listed = true;
      }
    }
    if (!listed) {
      COFFRE_ASSIGN_OR_RETURN(SecretBytes secret, secret_.read(ctx, dir_));
      COFFRE_ASSIGN_OR_RETURN(list, app::list_backups(dir_, {&secret, secret_.is_code()}, ctx.progress()));
    }
    if (ctx.global.json) {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& e : list) {
        auto j = info_json(e.info);
        j["verified"] = e.verified;
        j["problem"] = e.problem.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.problem);
        arr.push_back(j);
      }
      ctx.print_json({{"dir", dir_}, {"backups", arr}});
      return {};
    }
    if (list.empty()) {
      ctx.out << trf("No backups in {}.", {dir_}) << "\n";
      return {};
    }
    for (const auto& e : list) {
      ctx.out << human_time(e.info.created_at) << "  " << trf("{} bytes", {std::to_string(e.info.bytes)}) << "  ";
      if (e.verified)
        ctx.out << trf("{0} contacts  {1} documents  verified",
                       {std::to_string(e.info.contacts), std::to_string(e.info.documents)});
      else
        ctx.out << tr("NOT VERIFIED");
      ctx.out << "  " << e.info.file.filename().string() << "\n";
      if (!e.verified) ctx.out << "    " << e.problem << "\n";
    }
    return {};
  }

 private:
  std::string dir_;
  SecretOptions secret_;
};

class BackupPruneCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"backup", "prune"}; }
  std::string description() const override {
    return tr("Shred this vault's backups in DIR older than DURATION (recorded; erasure certificates cite it)");
  }
  void setup(CLI::App& app) override {
    app.add_option("DIR", dir_, tr("The folder holding the backups"))->required();
    app.add_option("--keep", keep_, tr("How long backups are kept: 30d, 12w, 6m (30 days each), 1y"))
        ->required()
        ->type_name("DURATION");
    app.add_flag("--dry-run", dry_run_, tr("Say which backups would go; change nothing"));
    add_yes_flag(app, yes_);
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(Time keep, app::parse_days(keep_, "--keep"));
    COFFRE_ASSIGN_OR_RETURN(auto plan, app::plan_prune(session, dir_, keep));
    if (dry_run_) return print(ctx, plan, true);
    if (!plan.pruned.empty()) {
      std::string what = "Shred " + std::to_string(plan.pruned.size()) + " backup(s) of this vault in " + dir_ +
                         " taken more than " + keep_ + " ago:";
      for (const auto& e : plan.pruned) what += "\n  " + e.file.filename().string() + " (" + human_time(e.created_at) + ")";
      COFFRE_TRY(confirm_destructive(ctx, yes_, what));
    }
    COFFRE_ASSIGN_OR_RETURN(auto report, app::prune_backups(session, dir_, keep, ctx.progress()));
    return print(ctx, report, false);
  }

 private:
  Status print(Context& ctx, const app::PruneReport& r, bool dry) {
    if (ctx.global.json) {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& e : r.pruned)
        arr.push_back({{"file", e.file.string()}, {"created_at", format_utc(e.created_at)}, {"bytes", e.bytes},
                       {"sha256", e.sha256.empty() ? nlohmann::json(nullptr) : nlohmann::json(e.sha256)},
                       {"shredded", e.shredded}});
      ctx.print_json({{"keep_days", r.keep_days}, {"dry_run", dry}, {"pruned", arr}, {"kept", r.kept}});
      return {};
    }
    if (ctx.global.quiet) return {};
    for (const auto& e : r.pruned)
      ctx.out << (dry ? tr("would shred  ") : tr("shredded  ")) << e.file.string() << "  (" << human_time(e.created_at)
              << ")\n";
    const std::string pruned = std::to_string(r.pruned.size()), days = std::to_string(r.keep_days),
                      kept = std::to_string(r.kept);
    ctx.out << (dry ? trf("Would shred {0} backup(s) older than {1} days; kept {2}.", {pruned, days, kept})
                    : trf("Shredded {0} backup(s) older than {1} days; kept {2}.", {pruned, days, kept}));
    if (!dry) ctx.out << " " << trf("Erasure certificates now cite a backup retention of {} days.", {days});
    ctx.out << "\n";
    return {};
  }
  std::string dir_, keep_;
  bool dry_run_ = false, yes_ = false;
};

}  // namespace

std::unique_ptr<Command> make_backup_create_command() { return std::make_unique<BackupCreateCommand>(); }
std::unique_ptr<Command> make_backup_verify_command() { return std::make_unique<BackupVerifyCommand>(); }
std::unique_ptr<Command> make_backup_restore_command() { return std::make_unique<BackupRestoreCommand>(); }
std::unique_ptr<Command> make_backup_list_command() { return std::make_unique<BackupListCommand>(); }
std::unique_ptr<Command> make_backup_prune_command() { return std::make_unique<BackupPruneCommand>(); }

}  // namespace coffre::cli
