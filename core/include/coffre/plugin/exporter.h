// Access-request exporters write what the vault holds about one person (GDPR art. 15, the right of
// access, and art. 20's machine-readable copy) in one format. The host gathers the data; the plugin
// only lays it out. It receives a read-only SubjectView of plain, already decrypted values and an
// ExportTarget to write bytes to: no database handle, no key, no file path. Where the bytes go (a
// file the user named, created 0600, never a temp file) is the host's business.
//
// The view is generic on purpose: sections of items of named fields. What the vault holds grows
// (consent records, retention facts); an exporter built today writes tomorrow's sections without
// a new ABI. An exporter must write every section, item and field it is given, in the order
// given: leaving data out of an access request is the one thing it must not do.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "coffre/plugin/abi.h"

namespace coffre::plugin {

// One value. `name` is a stable machine key ("first_name", "email", "occurred_at"); `label` a
// human one ("First name"). Values are UTF-8 text, already formatted by the host: times as
// ISO 8601 UTC ("2026-11-25T08:30:00Z"), enumerations in their stable spelling ("call-back").
// Absent values are left out, never sent empty.
struct ExportField {
  std::string name;
  std::string label;
  std::string value;
};

// One thing in a section: an e-mail address, a note, a call.
struct ExportItem {
  std::vector<ExportField> fields;
};

// A kind of data. `name` is stable ("identity", "emails", "phones", "organisation", "notes",
// "interactions", "documents", "provenance", "processing"); `title` is for people; `description`
// says in a sentence what the section is and, where it helps the person, what they can do about
// it. A section may have no items (no notes): exporters still write it, so the person sees that
// the vault holds none.
struct ExportSection {
  std::string name;
  std::string title;
  std::string description;
  std::vector<ExportItem> items;
};

struct SubjectView {
  std::string subject;        // the person's pseudonymous id ("S6745a3c2..."), as the audit log names them
  std::string display_name;   // "Hélène Guérin", for titles
  std::string generated_at;   // ISO 8601 UTC
  std::string generator;      // "Coffre 0.3.0"
  std::vector<ExportSection> sections;
  // The language of the titles, labels and descriptions above ("en", "fr"). An exporter writes
  // the few words of its own (headings, "(none)") in it when it knows it, else in English.
  std::string language = "en";
};

// Where an exporter writes. write() returns false when the host could not take the bytes (disk
// full, closed pipe): the exporter stops and returns false; the host knows the reason.
class ExportTarget {
 public:
  virtual ~ExportTarget() = default;
  virtual bool write(std::string_view bytes) = 0;
};

struct ExportOptions {
  std::string format;  // one of formats()
};

class AccessExporter : public Plugin {
 public:
  // Lower-case format names this plugin writes: {"json", "text"}.
  virtual std::vector<std::string> formats() const = 0;
  // The file name extension for a format, with its dot (".json"), for the host's default file name.
  virtual std::string extension(const std::string& format) const = 0;
  // Writes the whole view in options.format. False with `error` set (an unknown format, a value
  // it cannot encode) or when target.write() returned false (then `error` may stay empty).
  virtual bool write(const SubjectView& subject, const ExportOptions& options, ExportTarget& target,
                     std::string& error) = 0;
};

}  // namespace coffre::plugin
