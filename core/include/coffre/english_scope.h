// While an EnglishScope lives, this process's messages are English: the core's tr/trf and the
// plugins' (gettext under LC_MESSAGES=C). For a plugin's free text that goes into --json output as
// it is (a shredded file's `note`): JSON never depends on the language (docs/cli.md, "Language"),
// and a plugin gives one text, not an English one and a translated one. Not thread-safe: the CLI
// runs one command on one thread.
#pragma once

#include <string>

#include "coffre/i18n.h"

namespace coffre::i18n {

class EnglishScope {
 public:
  EnglishScope();
  ~EnglishScope();
  EnglishScope(const EnglishScope&) = delete;
  EnglishScope& operator=(const EnglishScope&) = delete;

 private:
  Language saved_;
  std::string saved_messages_;  // LC_MESSAGES before, when it was changed
};

}  // namespace coffre::i18n
