// Importer plugins read one kind of file (CSV, .xlsx, vCard...) and hand raw records to the host's
// RecordSink. They do no normalisation, deduplication or database work: the core's import pipeline
// does that for every importer alike (header aliases, e-mail/phone normalisation, dedup,
// suppression list, provenance, special-category scan).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "coffre/plugin/abi.h"

namespace coffre::plugin {

// One field of a record. For tabular sources `name` is the column header as written in the file
// (the pipeline maps "Prénom", "First Name", "Courriel"... to canonical fields). For structured
// sources (vCard) `name` is already canonical: first_name, last_name, email, phone, org, role,
// address, postcode, city, country, note, website, birthday... `label` is a type ("work",
// "mobile", "home") where the source says one. A name may repeat (several emails).
struct Field {
  std::string name;
  std::string value;  // UTF-8, converted by the plugin from the file's charset
  std::string label;
};

// A record the plugin could read but found malformed (a ragged CSV row: more or fewer fields than
// the header) carries one extra field with this name: its value says why, its label holds the
// 1-based column where it went wrong. The host rejects that record alone under --skip-invalid, or
// the whole import otherwise. Additive to ABI 1.0: a host that does not know it sees an unknown
// column and ignores it.
inline constexpr std::string_view kProblemField = "@problem";

// A value the plugin could not read in a record it otherwise could (a vCard property with a broken
// QUOTED-PRINTABLE byte): one extra field with this name, its value saying what was dropped and
// where (the property's line), its label the property. The host imports the record without that
// value and reports the warning. Additive to ABI 1.0 like kProblemField: an older host ignores it.
inline constexpr std::string_view kWarningField = "@warning";

// Where the fields that follow come from, for sources whose records span several lines (a vCard
// card): value the 1-based line, label the property ("TEL"). The host names that line and property
// in the errors and warnings of those fields instead of the record's first line. Additive to ABI
// 1.0 like kProblemField: an older host sees an unknown field and ignores it.
inline constexpr std::string_view kLineField = "@line";

// Follows a kProblemField or kWarningField: the same message in the user's language (the plugin's
// tr, coffre/plugin/i18n.h), which the host shows to people; the field before it stays English, as
// --json and the reject report's scripts read it. Additive to ABI 1.0 like kProblemField.
inline constexpr std::string_view kSaidField = "@said";

struct Record {
  std::uint64_t line = 0;    // line (CSV, vCard: of the record's start) or row (xlsx) in the file
  std::vector<Field> fields;
};

// What the host gives an importer. Returning false from record() asks the plugin to stop.
class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual bool record(Record&& r) = 0;
  // Tells the host how far the plugin is (bytes read of total), for the progress bar.
  virtual void progress(std::uint64_t done, std::uint64_t total) = 0;
};

struct ImportOptions {
  std::string path;        // the file to read
  std::string sheet;       // xlsx: a sheet name; empty for the first
  std::string charset;     // forced charset ("windows-1252"); empty to detect
  char delimiter = 0;      // forced CSV delimiter; 0 to sniff
  std::uint64_t max_bytes_uncompressed = 512ull << 20;  // zip-bomb guard for xlsx
};

// A failure that stops the whole import. `line`/`column` locate it when they can (0: unknown).
struct ImportError {
  std::string message;
  std::uint64_t line = 0;
  std::uint64_t column = 0;
  std::string field;
};

// For sniff(): whether `path` ends with `suffix` (given in lower case, e.g. ".csv"), ignoring
// ASCII case, as file names from Windows and phones often shout (".CSV", ".VCF").
inline bool has_suffix_ci(const std::string& path, const char* suffix) {
  const std::string s(suffix);
  if (path.size() < s.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = path[path.size() - s.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != s[i]) return false;
  }
  return true;
}

class Importer : public Plugin {
 public:
  // Lower-case format names this plugin reads: {"csv"}, {"xlsx"}, {"vcard"}.
  virtual std::vector<std::string> formats() const = 0;
  // How sure the plugin is that it reads this file, 0 (no) to 100, from its name and first bytes.
  virtual int sniff(const std::string& path, const std::string& head) const = 0;
  // Reads the whole file, calling sink.record() per record. False with `error` set on a
  // malformed file; the host then imports nothing (all or nothing) unless told to skip invalid
  // rows, which is decided per record by the host, not here.
  virtual bool read(const ImportOptions& options, RecordSink& sink, ImportError& error) = 0;
};

}  // namespace coffre::plugin
