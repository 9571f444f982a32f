// The language of what Coffre says to people: gettext (glibc's libintl) over the catalogue
// po/fr.po, domain "coffre". English is the source language: an English run never looks a
// message up. JSON output never goes through here: its keys and values stay English whatever the
// language (docs/cli.md, "Language").
#pragma once

#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>

#include "coffre/status.h"

namespace coffre::i18n {

enum class Language { En, Fr };

// The language asked for: `override` ("fr" or "en", from --lang) when not empty; else English when
// LC_ALL is C or POSIX (as gettext does); else the first of LANGUAGE, LC_ALL, LC_MESSAGES and LANG
// that is set and not empty: French when it starts with "fr", English otherwise. InvalidInput for
// an override that is neither.
Result<Language> choose(std::string_view override);

// Switches the messages of this process to `language`: binds the catalogue (found next to the
// executable, `exe_dir/../share/locale` when installed, else the build tree's) and sets
// LC_MESSAGES (C.UTF-8 when the user's locale is not installed) and LANGUAGE so that gettext
// answers in French. Only LC_MESSAGES and LC_CTYPE change: numbers and dates keep the C locale.
void use(Language language, const std::filesystem::path& exe_dir);

Language current();

}  // namespace coffre::i18n

namespace coffre {

// The translation of `msgid` in the current language (msgid itself in English or when the
// catalogue has none). Marked for xgettext with --keyword=tr.
const char* tr(const char* msgid);
// Marks a string for xgettext without translating it (a table of texts translated where shown).
constexpr const char* N_(const char* msgid) { return msgid; }
// The translation of `msgid` with {} or {0} {1}... replaced by `args` ({fmt} syntax), so a
// translator can reorder them. Marked for xgettext with --keyword=trf.
std::string trf(const char* msgid, std::initializer_list<std::string_view> args);

}  // namespace coffre
