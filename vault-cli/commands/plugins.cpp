// `coffre plugins list [--json]`: every plugin file the host found, loaded or not, and why not.
// Needs no vault: it only looks at files.
#include "coffre/plugin_host.h"
#include "coffre/plugin_trust.h"

#include "command.h"
#include "commands/model_output.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

class PluginsListCommand final : public Command {
 public:
  std::vector<std::string> path() const override { return {"plugins", "list"}; }
  std::string description() const override {
    return tr("List the plugins found (next to coffre, the install prefix, your data folder) and why any is disabled");
  }
  void setup(CLI::App&) override {}
  Status run(Context& ctx) override {
    PluginHost& host = ctx.plugins;
    host.discover();
    const auto records = host.list();
    if (ctx.global.json) {
      nlohmann::json arr = nlohmann::json::array();
      for (const auto& r : records) {
        nlohmann::json j{{"name", r.name},
                         {"kind", r.kind ? nlohmann::json(plugin::to_string(*r.kind)) : nlohmann::json(nullptr)},
                         {"version", r.version},
                         {"abi", r.abi ? nlohmann::json(abi_to_string(r.abi)) : nlohmann::json(nullptr)},
                         {"path", r.path.string()},
                         {"trust", r.trust},
                         {"enabled", r.enabled}};
        if (!r.enabled) {
          j["error"] = to_string(r.error);
          j["reason"] = r.reason;
        }
        arr.push_back(std::move(j));
      }
      ctx.print_json({{"host_abi", abi_to_string(COFFRE_PLUGIN_ABI_VERSION)}, {"plugins", arr}});
      return {};
    }
    if (records.empty()) {
      ctx.out << tr("No plugins found. Searched:") << "\n";
      for (const auto& d : PluginHost::default_search_path()) ctx.out << "  " << d.string() << "\n";
      return {};
    }
    Table table({N_("STATE"), N_("TRUST"), N_("NAME"), N_("KIND"), N_("VERSION"), N_("ABI"), N_("PATH")}, 400);
    std::vector<const PluginRecord*> disabled;
    for (const auto& r : records) {
      table.add({r.enabled ? "enabled" : "disabled", r.trust, r.name, r.kind ? plugin::to_string(*r.kind) : "?",
                 r.version.empty() ? "?" : r.version, r.abi ? abi_to_string(r.abi) : "?", r.path.string()});
      if (!r.enabled) disabled.push_back(&r);
    }
    table.print(ctx.out);
    if (!disabled.empty()) ctx.out << "\n" << tr("Why disabled:") << "\n";
    for (const auto* r : disabled) ctx.out << "  " << r->path.filename().string() << ": " << r->reason << "\n";
    return {};
  }
};

// `coffre plugins trust PATH`: records the SHA-256 of a plugin of the user's folder in the trust
// file (coffre/plugin_trust.h), so that it loads from the next command on. Runs none of its code.
class PluginsTrustCommand final : public Command {
 public:
  std::vector<std::string> path() const override { return {"plugins", "trust"}; }
  std::string description() const override {
    return tr("Trust a plugin of your own plugin folder (records its SHA-256; a changed file is refused again)");
  }
  void setup(CLI::App& app) override {
    app.add_option("PATH", file_, tr("The plugin file (libcoffre-NAME.so)"))->required();
  }
  Status run(Context& ctx) override {
    const auto trust_file = default_plugin_trust_file();
    COFFRE_ASSIGN_OR_RETURN(auto sum, trust_plugin(trust_file, file_));
    const auto abs = std::filesystem::absolute(file_);
    if (ctx.global.json) ctx.print_json({{"path", abs.string()}, {"sha256", sum}, {"trust_file", trust_file.string()}});
    else if (!ctx.global.quiet)
      ctx.out << trf("Trusted {0} (SHA-256 {1}), recorded in {2}. It runs with your vault unlocked in every command: "
                     "trust only code you know.",
                     {abs.string(), sum, trust_file.string()})
              << "\n";
    return {};
  }

 private:
  std::string file_;
};

}  // namespace

std::unique_ptr<Command> make_plugins_trust_command() { return std::make_unique<PluginsTrustCommand>(); }
std::unique_ptr<Command> make_plugins_list_command() { return std::make_unique<PluginsListCommand>(); }

}  // namespace coffre::cli
