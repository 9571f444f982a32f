// `coffre data-map [--json]`: the map of a person's data (coffre/data_map.h) as the Markdown of
// docs/data-map.md, or as JSON. Needs no vault: the map is the same for every vault of this
// version, and the register of processing activities can be written without unlocking one.
#include "coffre/data_map.h"

#include "command.h"
#include "coffre/i18n.h"

namespace coffre::cli {
namespace {

class DataMapCommand final : public Command {
 public:
  std::vector<std::string> path() const override { return {"data-map"}; }
  std::string description() const override {
    return tr("Print every table of the vault: the personal data it holds, what erasure does to it, and which "
           "access-export section shows it (Markdown, or --json)");
  }
  void setup(CLI::App&) override {}
  Status run(Context& ctx) override {
    if (ctx.global.json) {
      ctx.print_json(nlohmann::json::parse(data_map::render_json()));
      return {};
    }
    ctx.out << data_map::render_markdown();
    return {};
  }
};

}  // namespace

std::unique_ptr<Command> make_data_map_command() { return std::make_unique<DataMapCommand>(); }

}  // namespace coffre::cli
