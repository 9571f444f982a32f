// The register of processing (GDPR art. 30, issue 14): who the controller is and, per processing
// (prospecting, client management, partners and suppliers...), its purposes, legal basis,
// categories of people and data, recipients, transfers outside the EU, retention periods and
// security measures. The access pack's art. 15(1) part is read from it (coffre/app/pack.h).
//
// Built-in defaults follow the CNIL's model register for small businesses ("Modèle de registre
// simplifié", and its référentiel "gestion des activités commerciales", 2021), so a solo business
// starts from a register it can accept and only fills in who it is. Retention periods are not
// typed: they are read from the retention policies in force (coffre/retention.h), unless the user
// sets a text of their own. Stored in the vault (migration 14, table `processing_register`): one
// row per field the user set; a field without a row shows its default. The register describes the
// controller, never a prospect: it holds no data subject's data. Every change is audited
// ("register.set", naming the keys, not the values). A Session is used from one thread.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "coffre/app/session.h"
#include "coffre/status.h"

namespace coffre::app {

enum class RegisterOrigin {
  Set,      // the user's value
  Default,  // the built-in default
  Derived,  // read from elsewhere in the vault (retention periods from the retention policies)
  Missing,  // no value and no default: to be filled in
};
std::string_view to_string(RegisterOrigin o);

struct RegisterField {
  std::string key;    // "controller.name", "processing.prospecting.purposes": what --set takes
  std::string label;  // in the register's language
  std::string value;  // empty when Missing
  RegisterOrigin origin = RegisterOrigin::Missing;
  bool required = false;  // the access pack needs it (art. 15(1), art. 13(1)(a))
};

struct RegisterSection {
  std::string id;     // "controller", or the processing's id ("prospecting")
  std::string title;  // "Responsable du traitement", or the processing's name
  std::vector<RegisterField> fields;
};

struct ProcessingRegister {
  std::string language;                  // "fr" or "en": labels and default values
  std::vector<RegisterSection> sections;  // the controller first, then each processing
  std::vector<std::string> missing;      // keys of required fields without a value
  // The field `key` of section `id`; nullptr when absent.
  const RegisterField* field(const std::string& id, const std::string& key_suffix) const;
};

// The register in `language` ("fr" or "en"; InvalidInput otherwise). Reads only.
Result<ProcessingRegister> read_register(Session& session, const std::string& language = "fr");

// Sets fields, all or none, in one transaction with one audit entry. A key is
// "controller.FIELD" or "processing.ID.FIELD" (ID: a lower-case word of letters, digits and
// hyphens, up to 32; a new ID adds a processing). An empty value removes the user's value (the
// default comes back). InvalidInput naming the key for an unknown key or field, a value over 4000
// bytes or with control characters other than a line feed.
Status set_register_fields(Session& session, const std::vector<std::pair<std::string, std::string>>& values);

// Every key `set_register_fields` accepts for the controller and for one processing, for --help
// and error messages.
std::vector<std::string> register_keys();

// The register laid out as "html" (a page to print), "md" (Markdown tables) or "csv" (RFC 4180:
// section,key,label,value,origin), or "json" (the same, for scripts and the editor). InvalidInput
// for another format.
Result<std::string> render_register(const ProcessingRegister& reg, const std::string& format);

// Edits the register in a text editor: writes the editable fields as JSON ({"KEY": "VALUE"}) to
// VAULT/register-edit.json (0600, inside the vault folder: the register holds the controller's
// own details, no prospect's data, and the file never leaves the vault folder), calls
// `run_editor` on it, reads it back and sets the fields whose value changed (as
// set_register_fields, one audit entry), then overwrites and removes the file whatever happened.
// Returns the keys changed. InvalidInput naming the line for a file that is no longer JSON.
Result<std::vector<std::string>> edit_register(
    Session& session, const std::string& language,
    const std::function<Status(const std::filesystem::path&)>& run_editor);

// Writes the register rendered in `format` into `output` (0600, refused if it exists unless
// `overwrite`; removed on failure). Conflict, NotFound (folder), IoError name the file.
Status export_register(Session& session, const std::string& language, const std::string& format,
                       const std::filesystem::path& output, bool overwrite);

// OK when the register has every field the access pack needs; else InvalidInput naming each
// missing field and the command that fills it in.
Status check_register_for_pack(const ProcessingRegister& reg);

}  // namespace coffre::app
