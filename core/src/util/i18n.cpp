#include "coffre/i18n.h"
#include "coffre/english_scope.h"

#include <fmt/args.h>
#include <fmt/format.h>
#include <libintl.h>

#include <atomic>
#include <clocale>
#include <cstdlib>
#include <system_error>

#include "util/english.h"

namespace coffre::i18n {
namespace {

constexpr const char* kDomain = "coffre";
std::atomic<Language> g_language{Language::En};

Language from_name(std::string_view name) { return name.substr(0, 2) == "fr" ? Language::Fr : Language::En; }

}  // namespace

Result<Language> choose(std::string_view override) {
  if (!override.empty()) {
    if (override == "fr") return Language::Fr;
    if (override == "en") return Language::En;
    return make_error(ErrorKind::InvalidInput, "--lang: \"" + std::string(override) + "\" is not a language (fr or en)");
  }
  // LC_ALL=C (or POSIX) is how a script asks for untranslated output; gettext then ignores
  // LANGUAGE too.
  if (const char* all = std::getenv("LC_ALL"); all && (std::string_view(all) == "C" || std::string_view(all) == "POSIX"))
    return Language::En;
  if (const char* language = std::getenv("LANGUAGE"); language && *language) {
    std::string_view first(language);
    first = first.substr(0, first.find(':'));
    if (!first.empty()) return from_name(first);
  }
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"})
    if (const char* v = std::getenv(var); v && *v) return from_name(v);
  return Language::En;
}

void use(Language language, const std::filesystem::path& exe_dir) {
  g_language = language;
  if (language == Language::En) return;
  std::error_code ec;
  std::filesystem::path dir = exe_dir / ".." / "share" / "locale";
  if (!std::filesystem::exists(dir / "fr" / "LC_MESSAGES" / "coffre.mo", ec)) dir = COFFRE_BUILD_LOCALE_DIR;
  ::bindtextdomain(kDomain, dir.c_str());
  ::bind_textdomain_codeset(kDomain, "UTF-8");
  // gettext ignores LANGUAGE under the "C" locale; C.UTF-8 is always there (glibc 2.35+), a
  // user's fr_FR.UTF-8 may not be installed.
  const char* messages = std::setlocale(LC_MESSAGES, "");
  if (messages == nullptr || std::string_view(messages) == "C" || std::string_view(messages) == "POSIX")
    std::setlocale(LC_MESSAGES, "C.UTF-8");
  if (std::setlocale(LC_CTYPE, "") == nullptr) std::setlocale(LC_CTYPE, "C.UTF-8");
  ::setenv("LANGUAGE", "fr", 1);
}

Language current() { return g_language; }

EnglishScope::EnglishScope() : saved_(g_language) {
  g_language = Language::En;
  if (saved_ == Language::En) return;
  if (const char* m = std::setlocale(LC_MESSAGES, nullptr)) saved_messages_ = m;
  std::setlocale(LC_MESSAGES, "C");
}

EnglishScope::~EnglishScope() {
  g_language = saved_;
  if (!saved_messages_.empty()) std::setlocale(LC_MESSAGES, saved_messages_.c_str());
}

}  // namespace coffre::i18n

namespace coffre {

const char* tr(const char* msgid) {
  if (i18n::current() == i18n::Language::En || msgid == nullptr || *msgid == '\0') return msgid;
  return ::dgettext("coffre", msgid);
}

std::string trf(const char* msgid, std::initializer_list<std::string_view> args) {
  const char* text = tr(msgid);
  fmt::dynamic_format_arg_store<fmt::format_context> store;
  for (auto a : args) store.push_back(a);
  try {
    return fmt::vformat(text, store);
  } catch (const fmt::format_error&) {
    // A translation with broken placeholders must not lose the message: the English one.
    try {
      return fmt::vformat(msgid, store);
    } catch (const fmt::format_error&) {
      return msgid;
    }
  }
}

std::string english(const char* msgid, std::initializer_list<std::string_view> args) {
  fmt::dynamic_format_arg_store<fmt::format_context> store;
  for (auto a : args) store.push_back(a);
  try {
    return fmt::vformat(msgid, store);
  } catch (const fmt::format_error&) {
    return msgid;
  }
}

}  // namespace coffre
