// The rejected rows of an import, as a `;` CSV in UTF-8 with a BOM (so spreadsheets open it
// right): line, column, field, reason, then the row's own columns. It holds the rejected people's
// data, so it is a util::PrivateOutput: created 0600, never through a link, wiped and removed
// unless the import succeeded and close() committed it.
#pragma once

#include <filesystem>

#include "coffre/import.h"
#include "util/files.h"

namespace coffre::app {

class RejectReport {
 public:
  // An existing file is replaced (its owner asked for that name); IoError/NotFound name the file.
  static Result<RejectReport> create(Env& env, const std::filesystem::path& path);
  // Errors are kept and returned by close(): the import's callback cannot fail.
  void write(const RejectedRow& row);
  Status close();

 private:
  explicit RejectReport(util::PrivateOutput out) : out_(std::move(out)) {}
  util::PrivateOutput out_;
  bool header_done_ = false;
  Status status_;
};

}  // namespace coffre::app
