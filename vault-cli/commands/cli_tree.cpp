// `coffre __cli-tree`: a hidden command that prints the whole command tree, as CLI11 holds it, in
// JSON: every command and group, its options (names, whether they take a value, the value's type,
// the values it accepts) and its positionals. The build generates the man page's COMMANDS section
// and the bash completion from it (cmake/cli-docs.py), so neither is a hand list that drifts from
// the commands. Not part of the documented interface: the format is the build's own.
#include <algorithm>

#include "coffre/consent.h"
#include "coffre/model.h"
#include "command.h"

namespace coffre::cli {
namespace {

using nlohmann::json;

std::vector<std::string> strings(const std::vector<std::string_view>& v) { return {v.begin(), v.end()}; }

template <typename E>
std::vector<std::string> spelled(std::initializer_list<E> values) {
  std::vector<std::string> out;
  for (E e : values) out.emplace_back(to_string(e));
  return out;
}

// The values of options that take free text checked by the application layer (parse_channel...)
// rather than by a CLI11 validator. Taken from the model's own spellings where it has a list;
// "" as the command means any command. Options checked by CLI::IsMember need no line here.
std::vector<std::string> known_values(const std::string& command, const std::string& option) {
  if (option == "--channel") return spelled({Channel::Email, Channel::Sms, Channel::Phone, Channel::Post});
  if (option == "--event")
    return spelled({ConsentEventKind::Given, ConsentEventKind::Refused, ConsentEventKind::Withdrawn,
                    ConsentEventKind::Objected});
  if (option == "--method" && command == "consent record")
    return spelled({ConsentMethod::WebForm, ConsentMethod::DoubleOptIn, ConsentMethod::EmailReply, ConsentMethod::Oral,
                    ConsentMethod::Paper, ConsentMethod::InPerson, ConsentMethod::Import});
  if (option == "--temperature") return strings(all_temperatures());
  if (option == "--category") return strings(all_categories());
  if (option == "--outcome") return strings(all_outcomes());
  if (option == "--kind" && command == "doc add") return strings(all_document_kinds());
  if (option == "--kind")
    return spelled({InteractionKind::Call, InteractionKind::Email, InteractionKind::Meeting, InteractionKind::Letter});
  // Spelled out in the commands' --help texts (their use cases parse them).
  if (option == "--method" && command == "shred") return {"random", "zero", "dod3"};
  if (option == "--reason" && command == "erase") return {"request", "objection", "retention", "manual"};
  if (option == "--clock") return {"collected", "last-inbound", "last-interaction"};
  if (option == "--type" && command == "request open")
    return {"access", "rectification", "erasure", "restriction", "portability", "objection"};
  if (option == "--via" && command == "request open") return {"email", "post", "phone", "in-person"};
  if (option == "--months" && command == "request extend") return {"1", "2"};
  if (option == "--format" && command == "access export")
    return {"json", "text", "html", "csv", "vcard", "pack", "portability"};
  if (option == "--format" && command == "consent import")
    return {"auto", "form-responses", "mail-replies", "unsubscribes"};
  if (option == "--format" && command == "consent receipt") return {"json", "text"};
  if ((option == "--lang") && (command == "consent receipt" || command == "access export")) return {"en", "fr"};
  return {};
}

// "TEXT:{en,fr}" (CLI::IsMember's description appended to the type name) -> {"en", "fr"}.
std::vector<std::string> member_values(const std::string& type_name) {
  std::vector<std::string> out;
  auto open = type_name.find(":{");
  if (open == std::string::npos || type_name.back() != '}') return out;
  std::string list = type_name.substr(open + 2, type_name.size() - open - 3);
  std::size_t start = 0;
  while (start <= list.size()) {
    auto comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    if (comma > start) out.push_back(list.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

json describe(const CLI::App& app, const std::string& command) {
  json j{{"name", app.get_name()}, {"description", app.get_description()}};
  json options = json::array(), positionals = json::array(), commands = json::array();
  for (const CLI::Option* o : app.get_options()) {
    const std::string type = o->get_type_name();
    const std::string base_type = type.substr(0, type.find(':'));
    if (o->get_positional() && o->get_lnames().empty() && o->get_snames().empty()) {
      positionals.push_back({{"name", o->get_name(true)},
                             {"type", base_type},
                             {"description", o->get_description()},
                             {"required", o->get_required()},
                             {"repeated", o->get_expected_max() > 1}});
      continue;
    }
    json names = json::array();
    for (const auto& s : o->get_snames()) names.push_back("-" + s);
    for (const auto& l : o->get_lnames()) names.push_back("--" + l);
    const bool takes_value = o->get_expected_max() > 0 && o->get_type_size_max() > 0;  // flags expect 0
    json opt{{"names", names}, {"value", takes_value}, {"description", o->get_description()}};
    if (!o->get_default_str().empty()) opt["default"] = o->get_default_str();
    if (o->get_required()) opt["required"] = true;
    if (takes_value) {
      opt["type"] = base_type;
      auto values = member_values(type);
      if (values.empty()) values = known_values(command, "--" + (o->get_lnames().empty() ? "" : o->get_lnames()[0]));
      if (!values.empty()) opt["values"] = values;
    }
    options.push_back(std::move(opt));
  }
  std::vector<const CLI::App*> subs = app.get_subcommands([](const CLI::App* s) { return !s->get_group().empty(); });
  std::sort(subs.begin(), subs.end(), [](const CLI::App* a, const CLI::App* b) { return a->get_name() < b->get_name(); });
  for (const CLI::App* s : subs)
    commands.push_back(describe(*s, command.empty() ? s->get_name() : command + " " + s->get_name()));
  j["options"] = std::move(options);
  j["positionals"] = std::move(positionals);
  j["commands"] = std::move(commands);
  return j;
}

class CliTreeCommand final : public Command {
 public:
  std::vector<std::string> path() const override { return {"__cli-tree"}; }
  std::string description() const override { return "The command tree in JSON, for the build's man page and completion"; }
  void setup(CLI::App& app) override {
    app.group("");  // hidden from --help
    root_ = &app;
    while (root_->get_parent() != nullptr) root_ = root_->get_parent();
  }
  Status run(Context& ctx) override {
    ctx.out << describe(*root_, "").dump(1) << "\n";
    return {};
  }

 private:
  const CLI::App* root_ = nullptr;
};

}  // namespace

std::unique_ptr<Command> make_cli_tree_command() { return std::make_unique<CliTreeCommand>(); }

}  // namespace coffre::cli
