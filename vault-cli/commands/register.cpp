// `coffre register show|edit|export`: the register of processing (GDPR art. 30,
// coffre/app/register.h), which the access pack's art. 15(1) part is read from.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "coffre/app/register.h"
#include "commands/common.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

class RegisterShowCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"register", "show"}; }
  std::string description() const override {
    return tr("Show the register of processing (GDPR art. 30): the controller, and per processing its purposes, legal "
           "basis, data, recipients, transfers, retention and security");
  }
  void setup(CLI::App& app) override {
    app.add_option("--lang", lang_, tr("fr (default) or en"))->check(CLI::IsMember({"en", "fr"}));
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    COFFRE_ASSIGN_OR_RETURN(auto reg, app::read_register(session, lang_));
    if (ctx.global.json) {
      COFFRE_ASSIGN_OR_RETURN(auto text, app::render_register(reg, "json"));
      ctx.print_json(nlohmann::json::parse(text));
      return {};
    }
    for (const auto& s : reg.sections) {
      ctx.out << s.title << " [" << s.id << "]\n";
      for (const auto& f : s.fields) {
        ctx.out << "  " << f.label << " (" << f.key << ", " << to_string(f.origin) << "): ";
        ctx.out << (f.value.empty() ? (f.required ? std::string(tr("MISSING")) : "-") : f.value) << "\n";
      }
    }
    if (!reg.missing.empty()) {
      ctx.out << "\n" << tr("To fill in before an access pack can be written:");
      for (const auto& k : reg.missing) ctx.out << " " << k;
      ctx.out << "\n  coffre register edit --set " << reg.missing.front() << "=...\n";
    }
    return {};
  }

 private:
  std::string lang_ = "fr";
};

// Runs $VISUAL or $EDITOR (else vi) on `file`, through the shell so that "code --wait" works; the
// file name is passed as an argument, never spliced into the command text.
Status run_editor(const std::filesystem::path& file) {
  const char* editor = std::getenv("VISUAL");
  if (!editor || !*editor) editor = std::getenv("EDITOR");
  if (!editor || !*editor) editor = "vi";
  const std::string command = std::string(editor) + " \"$1\"";
  const pid_t pid = fork();
  if (pid < 0) return make_error(ErrorKind::IoError, tr("cannot start the editor"));
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", command.c_str(), "sh", file.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return make_error(ErrorKind::IoError, tr("lost the editor process"));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return make_error(ErrorKind::Usage, trf("the editor ({}) failed: nothing was changed", {editor}));
  return {};
}

class RegisterEditCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"register", "edit"}; }
  std::string description() const override {
    return tr("Edit the register of processing: --set KEY=VALUE (repeatable; an empty VALUE brings the default back), "
           "or, on a terminal without --set, in $EDITOR");
  }
  void setup(CLI::App& app) override {
    std::string keys;
    for (const auto& k : app::register_keys()) keys += (keys.empty() ? "" : ", ") + k;
    app.add_option("--set", sets_, "KEY=VALUE. Keys: " + keys)->type_name("KEY=VALUE");
    app.add_option("--lang", lang_, tr("fr (default) or en: the language of the defaults shown in the editor"))
        ->check(CLI::IsMember({"en", "fr"}));
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    std::vector<std::string> changed;
    if (sets_.empty()) {
      if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return make_error(ErrorKind::Usage, tr("nothing to set: give --set KEY=VALUE (the editor opens on a terminal only)"));
      COFFRE_ASSIGN_OR_RETURN(changed, app::edit_register(session, lang_, run_editor));
    } else {
      std::vector<std::pair<std::string, std::string>> values;
      for (const auto& s : sets_) {
        auto eq = s.find('=');
        if (eq == std::string::npos || eq == 0)
          return make_error(ErrorKind::Usage, trf("--set {}: expected KEY=VALUE", {s}));
        values.emplace_back(s.substr(0, eq), s.substr(eq + 1));
        changed.push_back(s.substr(0, eq));
      }
      COFFRE_TRY(app::set_register_fields(session, values));
    }
    COFFRE_ASSIGN_OR_RETURN(auto reg, app::read_register(session, lang_));
    if (ctx.global.json) {
      ctx.print_json({{"changed", changed}, {"missing", reg.missing}});
    } else if (!ctx.global.quiet) {
      ctx.out << (changed.empty() ? std::string(tr("Nothing changed.")) : trf("Set {} field(s).", {std::to_string(changed.size())}))
              << "\n";
      if (!reg.missing.empty()) {
        ctx.out << tr("Still to fill in:");
        for (const auto& k : reg.missing) ctx.out << " " << k;
        ctx.out << "\n";
      }
    }
    return {};
  }

 private:
  std::vector<std::string> sets_;
  std::string lang_ = "fr";
};

class RegisterExportCommand final : public SessionCommand {
 public:
  std::vector<std::string> path() const override { return {"register", "export"}; }
  std::string description() const override {
    return tr("Write the register of processing as HTML (to print), Markdown or CSV");
  }
  void setup(CLI::App& app) override {
    app.add_option("--format", format_, tr("html (default), md or csv"))->check(CLI::IsMember({"html", "md", "csv"}));
    app.add_option("--lang", lang_, tr("fr (default) or en"))->check(CLI::IsMember({"en", "fr"}));
    app.add_option("-o,--output", out_, tr("The file to write (0600); standard output when absent"))->type_name("FILE");
    app.add_flag("-f,--force", force_, tr("Overwrite FILE if it exists"));
  }
  Status run_with_session(Context& ctx, app::Session& session) override {
    if (out_.empty()) {
      COFFRE_ASSIGN_OR_RETURN(auto reg, app::read_register(session, lang_));
      COFFRE_ASSIGN_OR_RETURN(auto text, app::render_register(reg, format_));
      ctx.out << text;
      return {};
    }
    COFFRE_TRY(app::export_register(session, lang_, format_, out_, force_));
    if (ctx.global.json)
      ctx.print_json({{"path", out_}, {"format", format_}, {"language", lang_}});
    else if (!ctx.global.quiet)
      ctx.out << trf("Wrote {0} ({1}).", {out_, format_}) << "\n";
    return {};
  }

 private:
  std::string format_ = "html", lang_ = "fr", out_;
  bool force_ = false;
};

}  // namespace

std::unique_ptr<Command> make_register_show_command() { return std::make_unique<RegisterShowCommand>(); }
std::unique_ptr<Command> make_register_edit_command() { return std::make_unique<RegisterEditCommand>(); }
std::unique_ptr<Command> make_register_export_command() { return std::make_unique<RegisterExportCommand>(); }

}  // namespace coffre::cli
