# Every dependency comes from a Debian 12 package; scripts/setup installs them.
find_package(PkgConfig REQUIRED)
pkg_check_modules(SQLCIPHER REQUIRED IMPORTED_TARGET sqlcipher)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(BOTAN REQUIRED IMPORTED_TARGET botan-2)
pkg_check_modules(LIBZIP REQUIRED IMPORTED_TARGET libzip)
pkg_check_modules(UCHARDET REQUIRED IMPORTED_TARGET uchardet)
# GMime 3: the MIME parser of the mail-replies consent-capture plugin (plugins/consent-mail).
pkg_check_modules(GMIME REQUIRED IMPORTED_TARGET gmime-3.0)
# logind suspend notifications for `coffre agent` (sd-bus); optional: without it the agent says suspend is not watched.
pkg_check_modules(LIBSYSTEMD IMPORTED_TARGET libsystemd)
find_package(Boost 1.74 REQUIRED COMPONENTS filesystem system)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(CLI11 CONFIG QUIET)
if(NOT TARGET CLI11::CLI11)
  add_library(CLI11::CLI11 INTERFACE IMPORTED)
endif()
find_package(GTest REQUIRED)
find_package(Threads REQUIRED)
find_package(EXPAT REQUIRED)
find_library(PHONENUMBER_LIB phonenumber REQUIRED)
# libphonenumber's PhoneNumber is a protobuf message: an unoptimised build (Debug, ASan) references
# protobuf's type info directly, so the library is linked explicitly.
find_library(PROTOBUF_LIB protobuf REQUIRED)
# zxcvbn-c: how guessable a new passphrase is (init, passwd, recover).
find_library(ZXCVBN_LIB zxcvbn REQUIRED)
# ICU: Unicode case mapping and NFC for names and e-mails (libphonenumber uses it too); i18n: the
# consumer's local time for call hours (time zones, the calendar).
find_package(ICU REQUIRED COMPONENTS uc i18n)
# {fmt}: the placeholders of translated messages ("{0} contacts"), which a translator may reorder.
find_package(fmt REQUIRED)
find_library(FMT_LIBRARY fmt REQUIRED)
# gettext's tools: msgfmt builds the French catalogue (po/), xgettext and msgcmp check it is whole.
find_program(MSGFMT_EXECUTABLE msgfmt REQUIRED)
find_program(XGETTEXT_EXECUTABLE xgettext)
find_program(MSGCMP_EXECUTABLE msgcmp)
