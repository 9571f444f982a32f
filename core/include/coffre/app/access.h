// Answering a subject access request (GDPR art. 15): choosing the exporter plugin for the format
// asked, naming the output, and writing it (coffre/access.h export_subject).
#pragma once

#include <filesystem>
#include <string>

#include "coffre/access.h"
#include "coffre/app/session.h"
#include "coffre/progress.h"

namespace coffre::app {

struct AccessExportOptions {
  Id contact_id = 0;
  std::string format = "json";  // one of an enabled exporter's formats
  std::string language = "en";  // en or fr
  // Where to write; empty: "access-<pseudonym><extension>" in the current folder.
  std::filesystem::path output;
  std::filesystem::path documents_dir;  // also decrypt the person's documents there
  bool overwrite = false;
};

// NotFound when no exporter writes the format (the message lists the known formats and why a
// disabled exporter is disabled) or the contact is unknown; export_subject's errors otherwise.
Result<AccessExportResult> export_access(Session& session, const AccessExportOptions& options, Progress& progress);

}  // namespace coffre::app
