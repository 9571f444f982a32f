# What `cmake --install` and `cpack -G DEB` put next to the executable and the plugins (which their
# own CMakeLists install): the man page, the bash completion and, when po/ has it, the French
# catalogue. docs/design-decisions.md, "Installation layout", says why.
#
# The man page and the completion are generated from the built `coffre` itself (its --help and its
# hidden `coffre __cli-tree`, run in the C locale by cmake/cli-docs.py), so they never drift from
# the commands. help2man (Debian: help2man) and Python 3 are needed; without them the build says so
# and installs neither.
find_program(HELP2MAN_EXECUTABLE help2man)
find_package(Python3 COMPONENTS Interpreter)
find_program(GZIP_EXECUTABLE gzip)

set(COFFRE_SHARE_DIR ${CMAKE_BINARY_DIR}/share)
set(COFFRE_CLI_DOCS ${CMAKE_SOURCE_DIR}/cmake/cli-docs.py)
# A sanitizer build is for tests, never packaged, and its coffre must not run while building.
set(COFFRE_INSTALL_DOCS ON)
if(COFFRE_SANITIZE)
  set(COFFRE_INSTALL_DOCS OFF)
endif()

if(NOT COFFRE_INSTALL_DOCS)
elseif(Python3_Interpreter_FOUND)
  set(COFFRE_COMPLETION ${COFFRE_SHARE_DIR}/bash-completion/completions/coffre)
  add_custom_command(OUTPUT ${COFFRE_COMPLETION}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${COFFRE_SHARE_DIR}/bash-completion/completions
    COMMAND ${Python3_EXECUTABLE} ${COFFRE_CLI_DOCS} bash $<TARGET_FILE:coffre> ${COFFRE_COMPLETION}
    DEPENDS coffre ${COFFRE_CLI_DOCS}
    COMMENT "bash completion for coffre (from coffre __cli-tree)" VERBATIM)
  add_custom_target(coffre_completion ALL DEPENDS ${COFFRE_COMPLETION})
  install(FILES ${COFFRE_COMPLETION} DESTINATION share/bash-completion/completions)
else()
  message(WARNING "Python 3 not found: no bash completion is built or installed")
endif()

# The Debian changelog (packaging/changelog) gives the package's version, UPSTREAM-REVISION, whose
# upstream part must be the project's version, and its date: help2man dates the man pages with it
# (SOURCE_DATE_EPOCH), so they are the same at every build of the same sources.
file(STRINGS ${CMAKE_SOURCE_DIR}/packaging/changelog COFFRE_CHANGELOG_TOP LIMIT_COUNT 1)
if(NOT COFFRE_CHANGELOG_TOP MATCHES "^coffre \\(([^)-]+)-([^)-]+)\\) ")
  message(FATAL_ERROR "packaging/changelog: the first line is \"${COFFRE_CHANGELOG_TOP}\", "
                      "not \"coffre (VERSION-REVISION) ...\"")
endif()
if(NOT CMAKE_MATCH_1 STREQUAL PROJECT_VERSION)
  message(FATAL_ERROR "packaging/changelog's last entry is for ${CMAKE_MATCH_1}, the project is "
                      "${PROJECT_VERSION}: add an entry for ${PROJECT_VERSION}-1 (dch -v ${PROJECT_VERSION}-1)")
endif()
set(COFFRE_DEB_REVISION ${CMAKE_MATCH_2})
set(COFFRE_DEB_VERSION ${PROJECT_VERSION}-${COFFRE_DEB_REVISION})
file(STRINGS ${CMAKE_SOURCE_DIR}/packaging/changelog COFFRE_CHANGELOG_TRAILER REGEX "^ -- " LIMIT_COUNT 1)
if(NOT COFFRE_CHANGELOG_TRAILER MATCHES ">  (.+)$")
  message(FATAL_ERROR "packaging/changelog: the first entry has no \" -- NAME <MAIL>  DATE\" line")
endif()
find_program(DATE_EXECUTABLE date)
execute_process(COMMAND ${DATE_EXECUTABLE} -u -d "${CMAKE_MATCH_1}" +%s OUTPUT_VARIABLE COFFRE_CHANGELOG_EPOCH
                OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/packaging/changelog)

# coffre_man_page(LANG MANDIR MANUAL INCLUDE [ENV NAME=VALUE...] [OPTIONS HELP2MAN-OPTION...]
#                 [DEPENDS FILE...]): coffre(1) in LANG, from `coffre --help` in
# that language (help2man runs it with help2man's --locale, or in the C locale for English) and
# the COMMANDS section that cli-docs.py writes from `coffre __cli-tree` in that language.
function(coffre_man_page lang mandir manual include)
  cmake_parse_arguments(PARSE_ARGV 4 arg "" "" "ENV;OPTIONS;DEPENDS")
  set(dir ${COFFRE_SHARE_DIR}/${mandir})
  set(commands ${CMAKE_BINARY_DIR}/coffre-commands.${lang}.h2m)
  add_custom_command(OUTPUT ${dir}/coffre.1.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${dir}
    COMMAND ${Python3_EXECUTABLE} ${COFFRE_CLI_DOCS} man-commands $<TARGET_FILE:coffre> ${commands} ${lang}
    COMMAND ${CMAKE_COMMAND} -E env SOURCE_DATE_EPOCH=${COFFRE_CHANGELOG_EPOCH} ${arg_ENV}
            ${HELP2MAN_EXECUTABLE} ${arg_OPTIONS} --no-info --section=1 --source=Coffre --manual=${manual}
            --include=${CMAKE_SOURCE_DIR}/cmake/${include} --include=${commands}
            --output=${dir}/coffre.1 $<TARGET_FILE:coffre>
    # Debian installs man pages compressed, without a time stamp (-n): the package is reproducible.
    COMMAND ${GZIP_EXECUTABLE} -9nf ${dir}/coffre.1
    DEPENDS coffre coffre_catalogue ${CMAKE_BINARY_DIR}/locale/fr/LC_MESSAGES/coffre.mo ${COFFRE_CLI_DOCS}
            ${CMAKE_SOURCE_DIR}/cmake/${include} ${CMAKE_SOURCE_DIR}/packaging/changelog ${arg_DEPENDS}
    COMMENT "man page coffre(1), ${lang} (help2man, from coffre --help)" VERBATIM)
  add_custom_target(coffre_man_${lang} ALL DEPENDS ${dir}/coffre.1.gz)
  install(FILES ${dir}/coffre.1.gz DESTINATION share/${mandir})
endfunction()

# The French page has help2man's own titles in French too (NOM, SYNOPSIS, OPTIONS...): help2man
# translates them with its catalogue (Debian's help2man has it) when it can switch to a French
# locale. So that this works on a machine where fr_FR.UTF-8 is not generated (a fresh Debian 12),
# the build compiles that locale into its own folder with localedef (Debian: locales, for the
# definitions; no root needed) and points LOCPATH at it. coffre's own French comes from --lang /
# the locale's name and its catalogue, whatever locales the machine has.
find_program(LOCALEDEF_EXECUTABLE localedef)
if(NOT COFFRE_INSTALL_DOCS)
elseif(HELP2MAN_EXECUTABLE AND Python3_Interpreter_FOUND AND GZIP_EXECUTABLE AND LOCALEDEF_EXECUTABLE
       AND EXISTS /usr/share/i18n/locales/fr_FR)
  coffre_man_page(en man/man1 "User Commands" coffre.h2m ENV LC_ALL=C.UTF-8 LANG=C.UTF-8 LANGUAGE=)
  set(COFFRE_LOCPATH ${CMAKE_BINARY_DIR}/locales)
  add_custom_command(OUTPUT ${COFFRE_LOCPATH}/fr_FR.UTF-8/LC_MESSAGES/SYS_LC_MESSAGES
    COMMAND ${CMAKE_COMMAND} -E make_directory ${COFFRE_LOCPATH}
    COMMAND ${LOCALEDEF_EXECUTABLE} -i fr_FR -f UTF-8 ${COFFRE_LOCPATH}/fr_FR.UTF-8
    COMMENT "the fr_FR.UTF-8 locale, for help2man's French titles (localedef)" VERBATIM)
  coffre_man_page(fr man/fr/man1 "Commandes de l'utilisateur" coffre.fr.h2m
                  ENV LOCPATH=${COFFRE_LOCPATH} LANGUAGE= OPTIONS --locale=fr_FR.UTF-8
                  DEPENDS ${COFFRE_LOCPATH}/fr_FR.UTF-8/LC_MESSAGES/SYS_LC_MESSAGES)
else()
  message(WARNING "help2man, Python 3, gzip or the locales' definitions (Debian: locales) not found "
                  "(scripts/setup installs them): no man page is built or installed")
endif()

# The French catalogue. po/CMakeLists.txt builds and installs it when it exists; until then, a
# po/fr.po alone is compiled and installed here (msgfmt, Debian: gettext).
if(NOT TARGET coffre_catalogue AND EXISTS ${CMAKE_SOURCE_DIR}/po/fr.po)
  find_program(COFFRE_MSGFMT msgfmt REQUIRED)
  set(COFFRE_FR_MO ${CMAKE_BINARY_DIR}/locale/fr/LC_MESSAGES/coffre.mo)
  add_custom_command(OUTPUT ${COFFRE_FR_MO}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/locale/fr/LC_MESSAGES
    COMMAND ${COFFRE_MSGFMT} --check -o ${COFFRE_FR_MO} ${CMAKE_SOURCE_DIR}/po/fr.po
    DEPENDS ${CMAKE_SOURCE_DIR}/po/fr.po VERBATIM)
  add_custom_target(coffre_catalogue ALL DEPENDS ${COFFRE_FR_MO})
  install(FILES ${COFFRE_FR_MO} DESTINATION share/locale/fr/LC_MESSAGES)
endif()

# ---- /usr/share/doc/coffre and lintian's overrides, from packaging/ -----------------------------
# The copyright file in Debian's machine-readable format (DEP-5) and the Debian changelog, compressed
# as Debian wants it (gzip -9, no name or time stamp: the same bytes at every build). Installed by
# `cmake --install` as well, so an install into a prefix says the same.
set(COFFRE_DOC_DIR ${COFFRE_SHARE_DIR}/doc/coffre)
if(GZIP_EXECUTABLE)
  add_custom_command(OUTPUT ${COFFRE_DOC_DIR}/changelog.Debian.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${COFFRE_DOC_DIR}
    COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_SOURCE_DIR}/packaging/changelog ${COFFRE_DOC_DIR}/changelog.Debian
    COMMAND ${GZIP_EXECUTABLE} -9nf ${COFFRE_DOC_DIR}/changelog.Debian
    DEPENDS ${CMAKE_SOURCE_DIR}/packaging/changelog
    COMMENT "changelog.Debian.gz (packaging/changelog)" VERBATIM)
  add_custom_target(coffre_changelog ALL DEPENDS ${COFFRE_DOC_DIR}/changelog.Debian.gz)
  install(FILES ${COFFRE_DOC_DIR}/changelog.Debian.gz DESTINATION share/doc/coffre)
else()
  message(WARNING "gzip not found: no changelog.Debian.gz is installed")
endif()
install(FILES ${CMAKE_SOURCE_DIR}/packaging/copyright DESTINATION share/doc/coffre)
# What lintian reports and we accept, each with the reason, in the package so lintian reads them.
install(FILES ${CMAKE_SOURCE_DIR}/packaging/lintian-overrides DESTINATION share/lintian/overrides
        RENAME coffre)

# ---- The Debian package: `cpack -G DEB` in the build folder, or scripts/package -------------------
set(CPACK_PACKAGE_NAME coffre)
set(CPACK_PACKAGE_VENDOR "Coffre")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_DEBIAN_PACKAGE_RELEASE ${COFFRE_DEB_REVISION})  # from packaging/changelog: 0.1.0-1
set(CPACK_PACKAGE_CONTACT "Coffre maintainers <maintainers@users.noreply.h-seed-a2cf7ed3.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "encrypted vault for a prospecting business's personal data")
# Wrapped for `apt show` (CPack indents the continuation lines as Debian's control format wants).
set(CPACK_PACKAGE_DESCRIPTION [=[
Coffre keeps the personal data a small prospecting business holds (contacts,
companies, notes, calls and meetings, documents, consent records) in one
encrypted vault unlocked by a passphrase. Erasure is real erasure, every change
leaves a tamper-evident trace, and the commands answer the GDPR and the CNIL:
access and portability exports, consent and objection ledgers, retention
periods, erasure certificates.]=])
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)  # the build keeps its debug information; the package does not
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # coffre_0.1.0-1_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION utils)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Depends: from the shared libraries of every ELF file in the package (coffre and each plugin),
# through dpkg-shlibdeps (Debian: dpkg-dev; CPack finds the ELF files with file(1)).
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_GENERATOR DEB)
set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_IGNORE_FILES "/build[^/]*/" "/\\\\.git/")
include(CPack)

# The package, built, unpacked with dpkg -x and run from there (scripts/test-package). Label
# "package": it needs the whole build (cpack installs what was built, it builds nothing).
if(COFFRE_INSTALL_DOCS)
  add_test(NAME package.DebInstallsAndRuns
           COMMAND ${CMAKE_COMMAND} -E env CPACK=${CMAKE_CPACK_COMMAND}
                   ${CMAKE_SOURCE_DIR}/scripts/test-package ${CMAKE_BINARY_DIR} ${PROJECT_VERSION}
                   ${COFFRE_DEB_VERSION})
  set_tests_properties(package.DebInstallsAndRuns PROPERTIES LABELS package TIMEOUT 600)
endif()
