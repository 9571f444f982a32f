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
std::unique_ptr<Command> make_plugins_trust_command();
std::unique_ptr<Command> make_data_map_command();
std::unique_ptr<Command> make_import_command();
std::unique_ptr<Command> make_shred_command();
std::unique_ptr<Command> make_contact_add_command();
std::unique_ptr<Command> make_contact_list_command();
std::unique_ptr<Command> make_contact_show_command();
std::unique_ptr<Command> make_contact_edit_command();
std::unique_ptr<Command> make_contact_rm_command();
std::unique_ptr<Command> make_org_add_command();
std::unique_ptr<Command> make_org_list_command();
std::unique_ptr<Command> make_org_show_command();
std::unique_ptr<Command> make_note_add_command();
std::unique_ptr<Command> make_note_rm_command();
std::unique_ptr<Command> make_interaction_add_command();
std::unique_ptr<Command> make_interaction_due_command();
std::unique_ptr<Command> make_call_command();
std::unique_ptr<Command> make_email_command();
std::unique_ptr<Command> make_meeting_command();
std::unique_ptr<Command> make_letter_command();
std::unique_ptr<Command> make_search_command();
std::unique_ptr<Command> make_demo_command();
std::unique_ptr<Command> make_doc_add_command();
std::unique_ptr<Command> make_doc_list_command();
std::unique_ptr<Command> make_doc_get_command();
std::unique_ptr<Command> make_erase_command();
std::unique_ptr<Command> make_erasure_verify_command();
std::unique_ptr<Command> make_suppression_add_command();
std::unique_ptr<Command> make_suppression_check_command();
std::unique_ptr<Command> make_access_export_command();

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
  v.push_back(make_plugins_trust_command());
  v.push_back(make_data_map_command());
  v.push_back(make_import_command());
  v.push_back(make_shred_command());
  v.push_back(make_contact_add_command());
  v.push_back(make_contact_list_command());
  v.push_back(make_contact_show_command());
  v.push_back(make_contact_edit_command());
  v.push_back(make_contact_rm_command());
  v.push_back(make_org_add_command());
  v.push_back(make_org_list_command());
  v.push_back(make_org_show_command());
  v.push_back(make_note_add_command());
  v.push_back(make_note_rm_command());
  v.push_back(make_interaction_add_command());
  v.push_back(make_interaction_due_command());
  v.push_back(make_call_command());
  v.push_back(make_email_command());
  v.push_back(make_meeting_command());
  v.push_back(make_letter_command());
  v.push_back(make_search_command());
  v.push_back(make_demo_command());
  v.push_back(make_doc_add_command());
  v.push_back(make_doc_list_command());
  v.push_back(make_doc_get_command());
  v.push_back(make_erase_command());
  v.push_back(make_erasure_verify_command());
  v.push_back(make_suppression_add_command());
  v.push_back(make_suppression_check_command());
  v.push_back(make_access_export_command());
  return v;
}

}  // namespace coffre::cli
