// The table of every `coffre` command. Add a line here for each new command file.
#include "command.h"

namespace coffre::cli {

std::unique_ptr<Command> make_init_command();
std::unique_ptr<Command> make_passwd_command();
std::unique_ptr<Command> make_recover_command();
std::unique_ptr<Command> make_unlock_check_command();
std::unique_ptr<Command> make_check_command();
std::unique_ptr<Command> make_audit_verify_command();
std::unique_ptr<Command> make_audit_log_command();
std::unique_ptr<Command> make_plugins_list_command();

std::vector<std::unique_ptr<Command>> all_commands() {
  std::vector<std::unique_ptr<Command>> v;
  v.push_back(make_init_command());
  v.push_back(make_passwd_command());
  v.push_back(make_recover_command());
  v.push_back(make_unlock_check_command());
  v.push_back(make_check_command());
  v.push_back(make_audit_verify_command());
  v.push_back(make_audit_log_command());
  v.push_back(make_plugins_list_command());
  return v;
}

}  // namespace coffre::cli
