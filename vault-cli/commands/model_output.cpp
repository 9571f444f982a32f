#include "commands/model_output.h"

#include <algorithm>
#include <ctime>
#include <cstdio>
#include <iterator>
#include <ostream>

#include "coffre/clock.h"
#include "coffre/i18n.h"
#include "coffre/normalize.h"

namespace coffre::cli {
namespace {

using nlohmann::json;

json opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }
json opt_id(const std::optional<Id>& v) { return v ? json(*v) : json(nullptr); }

json values(const std::vector<Labelled>& items) {
  json arr = json::array();
  for (const auto& i : items) arr.push_back(i.value);
  return arr;
}

json detail(const std::vector<Labelled>& items) {
  json arr = json::array();
  for (const auto& i : items) arr.push_back({{"value", i.value}, {"label", opt(i.label)}});
  return arr;
}

}  // namespace

// Characters of UTF-8 text, as a terminal shows them (combining marks take no column).
std::size_t columns(const std::string& s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80) continue;
    if (c == 0xCC || (c == 0xCD && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xB0)) continue;  // U+0300-U+036F
    ++n;
  }
  return n;
}

namespace {

// The first `width` characters, with "…" when cut; never splits a UTF-8 sequence.
std::string cut(const std::string& s, std::size_t width) {
  if (columns(s) <= width) return s;
  std::size_t n = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (n == width - 1) break;
      ++n;
    }
  }
  return s.substr(0, i) + "\xE2\x80\xA6";
}

std::string one_line(std::string s) {
  std::replace(s.begin(), s.end(), '\n', ' ');
  return s;
}

}  // namespace

json json_time(const std::optional<Time>& t) { return t ? json(format_utc(*t)) : json(nullptr); }
namespace {
std::string local(Time t, bool with_time) {
  static const bool zone_read = (::tzset(), true);  // TZ, read once (localtime_r need not)
  (void)zone_read;
  const std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  if (::localtime_r(&tt, &tm) == nullptr) return format_utc(t);
  char buf[64];
  const std::size_t n = with_time ? std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M %Z", &tm)
                                  : std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return n ? std::string(buf, n) : format_utc(t);
}
}  // namespace

std::string human_time(Time t) { return local(t, true); }
std::string human_date(Time t) { return local(t, false); }
std::string human_phone(const std::string& e164) { return display_phone(e164, "FR"); }

namespace {
// The enumerated values people read, marked for the catalogue (their stable spellings stay in
// --json and are accepted as input, as are the French words).
[[maybe_unused]] constexpr const char* kShownValues[] = {
    N_("suspect"), N_("prospect"), N_("client"), N_("partner"), N_("supplier"), N_("b2b"), N_("b2c"),
    N_("won"), N_("hot"), N_("warm"), N_("cold"), N_("stopped"), N_("lost"),
    N_("call"), N_("email"), N_("meeting"), N_("letter"), N_("inbound"), N_("outbound"),
    N_("call-back"), N_("no-answer"), N_("busy"), N_("refused"), N_("refused-to-talk"), N_("lead"),
    N_("project"), N_("mail-sent"), N_("out-of-target"), N_("wrong-number"),
    // Consent: events and states, channels, how it was collected; the lawful basis of an import.
    N_("given"), N_("withdrawn"), N_("objected"), N_("sms"), N_("phone"), N_("post"), N_("web-form"),
    N_("double-opt-in"), N_("email-reply"), N_("oral"), N_("paper"), N_("in-person"), N_("import"), N_("consent"),
    N_("legitimate-interest"), N_("contract"), N_("unspecified"),
    // Subject requests: types and statuses; erasure reasons.
    N_("access"), N_("rectification"), N_("erasure"), N_("restriction"), N_("portability"), N_("objection"),
    N_("open"), N_("closed"), N_("manual"), N_("request"), N_("retention"), N_("import-undo"), N_("access-export"),
    // What shredding a file did.
    // Special categories of data (GDPR art. 9) and where a mention was found.
    N_("health"), N_("religion"), N_("trade-union"), N_("ethnicity"), N_("politics"), N_("sex-life"), N_("note"),
    N_("contact"), N_("document"), N_("organisation"),
    // How the last scheduled retention run went.
    N_("failed"), N_("erased"), N_("missed"),
    N_("overwritten"), N_("logical"), N_("link-removed"), N_("error"),
    // Retention: what a period is counted from, what moved it; document kinds.
    N_("collected"), N_("last-inbound"), N_("last-interaction"), N_("added"), N_("interaction"), N_("any"),
    N_("other"), N_("quote"), N_("evidence"), N_("invoice"), N_("accounting")};
}  // namespace

std::string shown(std::string_view value) { return tr(std::string(value).c_str()); }

std::string human_size(std::uint64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " B";
  static const char* kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
  double v = static_cast<double>(bytes) / 1024;
  std::size_t u = 0;
  while (v >= 1024 && u + 1 < std::size(kUnits)) v /= 1024, ++u;
  char buf[32];
  std::snprintf(buf, sizeof buf, v < 10 ? "%.1f %s" : "%.0f %s", v, kUnits[u]);
  return buf;
}

std::string contact_summary(const Contact& c) {
  std::string out = trf("contact {0}, {1}", {std::to_string(c.id), display_name(c)});
  if (c.org_name) out += " (" + *c.org_name + ")";
  if (!c.emails.empty()) out += ", " + c.emails.front().value;
  else if (!c.phones.empty()) out += ", " + human_phone(c.phones.front().value);
  return out;
}

std::string display_name(const Contact& c) {
  std::string name = c.first_name;
  if (!c.last_name.empty()) name += (name.empty() ? "" : " ") + c.last_name;
  if (name.empty() && !c.emails.empty()) name = c.emails.front().value;
  if (name.empty() && !c.phones.empty()) name = human_phone(c.phones.front().value);
  return name;
}

std::string labelled_list(const std::vector<Labelled>& items, bool phones) {
  std::string out;
  for (const auto& i : items) {
    if (!out.empty()) out += ", ";
    out += phones ? human_phone(i.value) : i.value;
    if (i.label) out += " (" + *i.label + ")";
  }
  return out;
}

json contact_json(const Contact& c) {
  return {{"id", c.id},
          {"pseudonym", c.pseudonym},
          {"first_name", c.first_name},
          {"last_name", c.last_name},
          {"role", opt(c.role)},
          {"org_id", opt_id(c.org_id)},
          {"org_name", opt(c.org_name)},
          {"kind", std::string(to_string(c.kind))},
          {"category", std::string(to_string(c.category))},
          {"temperature", c.temperature ? json(std::string(to_string(*c.temperature))) : json(nullptr)},
          {"emails", values(c.emails)},
          {"phones", values(c.phones)},
          {"emails_detail", detail(c.emails)},
          {"phones_detail", detail(c.phones)},
          {"address", opt(c.address)},
          {"source", opt(c.source)},
          {"collected_at", json_time(c.collected_at)},
          {"created_at", json_time(c.created_at)},
          {"updated_at", json_time(c.updated_at)},
          {"last_inbound_at", json_time(c.last_inbound_at)}};
}

json organisation_json(const Organisation& o) {
  return {{"id", o.id},         {"name", o.name},       {"siren", opt(o.siren)},
          {"siret", opt(o.siret)}, {"sector", opt(o.sector)}, {"address", opt(o.address)},
          {"created_at", json_time(o.created_at)}, {"updated_at", json_time(o.updated_at)}};
}

json note_json(const Note& n) {
  return {{"id", n.id},
          {"contact_id", opt_id(n.contact_id)},
          {"org_id", opt_id(n.org_id)},
          {"body", n.body},
          {"created_at", json_time(n.created_at)}};
}

json document_json(const Document& d) {
  json j = {{"id", d.id},     {"contact_id", d.contact_id}, {"name", d.name},
            {"size", d.size}, {"added_at", format_utc(d.added_at)}, {"sha256", d.sha256},
            {"kind", std::string(to_string(d.kind))}};
  if (d.dated_at) j["dated_at"] = format_utc(*d.dated_at);
  if (d.keep_until) j["keep_until"] = format_utc(*d.keep_until);
  return j;
}

json interaction_json(const Interaction& i) {
  return {{"id", i.id},
          {"contact_id", i.contact_id},
          {"kind", std::string(to_string(i.kind))},
          {"direction", std::string(to_string(i.direction))},
          {"occurred_at", json_time(i.occurred_at)},
          {"outcome", i.outcome ? json(std::string(to_string(*i.outcome))) : json(nullptr)},
          {"follow_up_at", json_time(i.follow_up_at)},
          {"summary", opt(i.summary)},
          {"created_at", json_time(i.created_at)}};
}

// ---- Table -------------------------------------------------------------------------------------
namespace {
std::size_t g_table_width = 0;  // set_table_width: 0 when stdout is not a terminal
}  // namespace

void set_table_width(std::size_t width) { g_table_width = width; }
std::size_t table_width() { return g_table_width; }

Table::Table(std::vector<std::string> headers, std::size_t max_width)
    : headers_(std::move(headers)), max_width_(std::max<std::size_t>(max_width, 2)) {
  for (auto& h : headers_) h = tr(h.c_str());
}

void Table::add(std::vector<std::string> row) {
  row.resize(headers_.size());
  for (auto& cell : row) cell = one_line(std::move(cell));
  rows_.push_back(std::move(row));
}

std::vector<std::size_t> Table::widths(std::size_t indent) const {
  std::vector<std::size_t> widths(headers_.size());
  for (std::size_t i = 0; i < headers_.size(); ++i) widths[i] = columns(headers_[i]);
  for (const auto& row : rows_)
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], columns(row[i]));
  if (g_table_width == 0) return widths;  // piped: every cell whole
  // On a terminal: no cell wider than max_width, then, priority by priority (lowest first), the
  // widest column of that priority gives a character at a time until the line fits, down to 8
  // characters. Too many columns for the width: lines wrap.
  for (auto& w : widths) w = std::min(w, max_width_);
  std::size_t total = indent + 2 * (widths.empty() ? 0 : widths.size() - 1);
  for (auto w : widths) total += w;
  auto priority = [&](std::size_t i) { return i < priorities_.size() ? priorities_[i] : 0; };
  std::vector<int> levels;
  for (std::size_t i = 0; i < widths.size(); ++i) levels.push_back(priority(i));
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  for (int level : levels) {
    while (total > g_table_width) {
      std::size_t widest = widths.size();
      for (std::size_t i = 0; i < widths.size(); ++i)
        if (priority(i) == level && widths[i] > 8 && (widest == widths.size() || widths[i] > widths[widest]))
          widest = i;
      if (widest == widths.size()) break;
      --widths[widest];
      --total;
    }
  }
  return widths;
}

void Table::print_line(std::ostream& out, const std::vector<std::string>& cells, const std::vector<std::size_t>& widths,
                       const std::string& indent) const {
  std::string s = indent;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::string cell = g_table_width ? cut(cells[i], widths[i]) : cells[i];
    s += cell;
    if (i + 1 < cells.size()) s.append(std::max(widths[i], columns(cell)) - columns(cell) + 2, ' ');
  }
  while (!s.empty() && s.back() == ' ') s.pop_back();
  out << s << "\n";
}

void Table::print(std::ostream& out, const std::string& indent) const {
  const auto w = widths(columns(indent));
  print_line(out, headers_, w, indent);
  for (const auto& row : rows_) print_line(out, row, w, indent);
}

void Table::print_pending(std::ostream& out) {
  if (frozen_.empty()) {
    frozen_ = widths(0);
    print_line(out, headers_, frozen_, "");
  }
  for (const auto& row : rows_) print_line(out, row, frozen_, "");
  rows_.clear();
}

namespace {
std::vector<std::string> contact_row(const Contact& c) {
  return {std::to_string(c.id), display_name(c), c.org_name.value_or(""), shown(to_string(c.category)),
          c.temperature ? shown(to_string(*c.temperature)) : "", c.emails.empty() ? "" : c.emails.front().value,
          c.phones.empty() ? "" : human_phone(c.phones.front().value),
          c.last_inbound_at ? human_date(*c.last_inbound_at) : ""};
}
const std::vector<std::string> kContactHeaders = {N_("ID"),   N_("NAME"),  N_("ORGANISATION"), N_("CATEGORY"),
                                                  N_("TEMP"), N_("EMAIL"), N_("PHONE"),        N_("LAST INBOUND")};
}  // namespace

void print_contact_table(std::ostream& out, const std::vector<Contact>& contacts) {
  ContactTableStream t(out);
  for (const auto& c : contacts) t.add(c);
  t.finish();
}

// On a narrow terminal the organisation and e-mail give first, then the name; the id, category,
// temperature, phone and date stay whole.
ContactTableStream::ContactTableStream(std::ostream& out) : out_(out), table_(kContactHeaders, 32) {
  table_.priorities({3, 1, 0, 2, 2, 0, 2, 2});
}

void ContactTableStream::add(const Contact& c) {
  table_.add(contact_row(c));
  if (++count_ % 1000 == 0) table_.print_pending(out_);
}

std::size_t ContactTableStream::finish() {
  if (count_ > 0) table_.print_pending(out_);
  return count_;
}

Status print_due_table(std::ostream& out, ContactStore& contacts, const std::vector<Interaction>& due) {
  Table t({N_("DUE"), N_("CONTACT"), N_("NAME"), N_("ORGANISATION"), N_("PHONE"), N_("LAST"), N_("OUTCOME"), N_("SUMMARY")}, 32);
  t.priorities({3, 3, 1, 0, 2, 2, 2, 0});
  for (const auto& i : due) {
    COFFRE_ASSIGN_OR_RETURN(Contact c, contacts.get(i.contact_id));
    t.add({human_date(*i.follow_up_at), std::to_string(c.id), display_name(c), c.org_name.value_or(""),
           c.phones.empty() ? "" : human_phone(c.phones.front().value),
           shown(to_string(i.kind)) + " " + human_date(i.occurred_at),
           i.outcome ? shown(to_string(*i.outcome)) : "", i.summary.value_or("")});
  }
  t.print(out);
  return {};
}

}  // namespace coffre::cli
