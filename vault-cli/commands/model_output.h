// How the model's types look on the command line: their JSON objects (field names are stable and
// documented in docs/cli.md; scripts rely on them) and aligned tables for people.
#pragma once

#include <nlohmann/json.hpp>

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "coffre/model.h"
#include "coffre/stores.h"

namespace coffre::cli {

nlohmann::json contact_json(const Contact& c);
nlohmann::json organisation_json(const Organisation& o);
nlohmann::json note_json(const Note& n);
nlohmann::json interaction_json(const Interaction& i);
// id, contact_id, name, size, added_at, sha256, kind, and dated_at / keep_until when set.
nlohmann::json document_json(const Document& d);

// "2026-11-24T10:00:00Z" for JSON (UTC, whatever TZ says).
nlohmann::json json_time(const std::optional<Time>& t);
// For people: local time (TZ) with its zone, "2026-11-30 10:01 CET"; the day in local time.
// --json keeps UTC ISO 8601 (json_time).
std::string human_time(Time t);
std::string human_date(Time t);
// A phone for people: "06 12 34 56 78" for a French number, international format otherwise
// (libphonenumber); --json keeps E.164.
std::string human_phone(const std::string& e164);
// Characters of UTF-8 text, as a terminal shows them (combining marks take no column): what
// lines labels and table cells up.
std::size_t columns(const std::string& s);
// An enumerated value as people read it in the current language ("hot" -> "chaud" in French).
std::string shown(std::string_view value);
// "512 B", "2.9 KiB", "2.9 MiB", "1.2 GiB": sizes for people; --json keeps bytes.
std::string human_size(std::uint64_t bytes);
std::string display_name(const Contact& c);
// "contact 12, Hélène Dupont (Boulangerie Dupont), h.dupont@exemple.fr": who a confirmation is about.
std::string contact_summary(const Contact& c);
// "a@b.fr (work), c@d.fr"
// "a@x.fr (work), b@y.fr"; with `phones`, each number as human_phone writes it.
std::string labelled_list(const std::vector<Labelled>& items, bool phones = false);

// An aligned text table; widths count characters, not bytes, so accented names line up. Cells
// longer than `max_width` are cut with an ellipsis.
// How wide tables may be: the terminal's width when stdout is one (run_cli sets it from COLUMNS or
// the terminal's size, at least 80), 0 when it is not: then every cell is printed whole.
void set_table_width(std::size_t width);
std::size_t table_width();

// Headers are translated when the table is made (mark them with N_()); on a terminal, cells are
// cut at max_width and the widest columns shrink until a line fits table_width(), with "…".
class Table {
 public:
  explicit Table(std::vector<std::string> headers, std::size_t max_width = 40);
  void add(std::vector<std::string> row);
  // How long each column holds on a narrow terminal: lower gives first (default 0 for all).
  void priorities(std::vector<int> p) { priorities_ = std::move(p); }
  void print(std::ostream& out, const std::string& indent = "") const;
  bool empty() const { return rows_.empty(); }
  // For tables of any length: prints the rows added since the last call (the header first, the
  // first time) and forgets them. The column widths are those of the first rows printed; on a
  // terminal a later, wider cell is cut to them, piped it pushes its line out of alignment.
  void print_pending(std::ostream& out);
  std::size_t pending() const { return rows_.size(); }

 private:
  std::vector<std::size_t> widths(std::size_t indent) const;
  void print_line(std::ostream& out, const std::vector<std::string>& cells, const std::vector<std::size_t>& widths,
                  const std::string& indent) const;
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
  std::size_t max_width_;
  std::vector<std::size_t> frozen_;  // print_pending's widths, once the header is out
  std::vector<int> priorities_;
};

// The table `contact list`, `search` and `demo` print (nothing at all for no contacts).
void print_contact_table(std::ostream& out, const std::vector<Contact>& contacts);
// The same table, printed as the contacts come (a thousand rows at a time), for listings of any
// size. finish() prints what is left; it returns how many contacts were printed.
class ContactTableStream {
 public:
  explicit ContactTableStream(std::ostream& out);
  void add(const Contact& c);
  std::size_t finish();

 private:
  std::ostream& out_;
  Table table_;
  std::size_t count_ = 0;
};
// The table of due follow-ups (`interaction due`, `demo`), with each contact's name and phone.
Status print_due_table(std::ostream& out, ContactStore& contacts, const std::vector<Interaction>& due);

}  // namespace coffre::cli
