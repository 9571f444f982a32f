// A plugin's messages in its user's language, as the host's own (coffre/i18n.h): gettext's domain
// "coffre", whose French catalogue (po/fr.po) holds the plugins' messages with the host's;
// po/check-catalogue scans plugins/ with the same keywords, tr, trf and N_. The host binds the
// domain and sets LC_MESSAGES only when the user's language is French; otherwise the process keeps
// the "C" locale, under which gettext returns every message as it is: English.
// Header-only: a plugin links no part of the core (docs/design.md §4), only {fmt} for trf.
#pragma once

#include <fmt/args.h>
#include <fmt/format.h>
#include <libintl.h>

#include <initializer_list>
#include <string>
#include <string_view>

namespace coffre::plugin {

inline const char* tr(const char* msgid) {
  return msgid == nullptr || *msgid == '\0' ? msgid : ::dgettext("coffre", msgid);
}

constexpr const char* N_(const char* msgid) { return msgid; }

// `msgid` itself, never translated, with {} or {0} {1}... replaced by `args` ({fmt} syntax): the
// English of a message that is also said to people (kSaidField, coffre/plugin/importer.h).
inline std::string english(const char* msgid, std::initializer_list<std::string_view> args) {
  fmt::dynamic_format_arg_store<fmt::format_context> store;
  for (auto a : args) store.push_back(a);
  try {
    return fmt::vformat(msgid, store);
  } catch (const fmt::format_error&) {
    return msgid;
  }
}

// `msgid`'s translation with {} or {0} {1}... replaced by `args`; the English message when a
// translation's placeholders are broken.
inline std::string trf(const char* msgid, std::initializer_list<std::string_view> args) {
  fmt::dynamic_format_arg_store<fmt::format_context> store;
  for (auto a : args) store.push_back(a);
  try {
    return fmt::vformat(tr(msgid), store);
  } catch (const fmt::format_error&) {
    return english(msgid, args);
  }
}

}  // namespace coffre::plugin
