#include "services/import/row_builder.h"

#include <map>

#include "coffre/normalize.h"
#include "model/text.h"
#include "services/import/sensitive.h"

namespace coffre::services::import {

namespace {

// Splits a cell that holds several values: "a@x.fr; b@y.fr", Google's "a ::: b", "01..; 06..".
std::vector<std::string> split_values(const std::string& v, std::string_view separators) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v.compare(i, 5, " ::: ") == 0) {
      out.push_back(trim(cur));
      cur.clear();
      i += 4;
    } else if (separators.find(v[i]) != std::string_view::npos) {
      out.push_back(trim(cur));
      cur.clear();
    } else {
      cur += v[i];
    }
  }
  out.push_back(trim(cur));
  std::vector<std::string> nonempty;
  for (auto& s : out)
    if (!s.empty()) nonempty.push_back(std::move(s));
  return nonempty;
}

bool has_lower(const std::string& s) {
  for (char c : s)
    if (c >= 'a' && c <= 'z') return true;
  return false;
}
bool has_upper(const std::string& s) {
  for (char c : s)
    if (c >= 'A' && c <= 'Z') return true;
  return false;
}

void add_unique(std::vector<Labelled>& list, std::string value, const std::string& label) {
  for (const auto& l : list)
    if (l.value == value) return;
  list.push_back({std::move(value), label.empty() ? std::nullopt : std::optional<std::string>(label)});
}

}  // namespace

std::string case_name(const std::string& name) {
  if (name.empty() || (has_lower(name) && has_upper(name))) return name;
  return normalise_name(name);
}

std::pair<std::string, std::string> split_full_name(const std::string& full) {
  std::vector<std::string> tokens;
  std::string cur;
  for (char c : full) {
    if (c == ' ' || c == '\t') {
      if (!cur.empty()) tokens.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) tokens.push_back(std::move(cur));
  if (tokens.empty()) return {};
  if (tokens.size() == 1) return {"", tokens[0]};
  // French lists write the family name in capitals: "DUPONT Jean", "Jean DE LA FONTAINE".
  std::string first, last;
  bool any_caps = false, all_caps = true;
  for (const auto& t : tokens) {
    bool caps = t.size() >= 2 && has_upper(t) && !has_lower(t);
    any_caps |= caps;
    all_caps &= caps;
  }
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const auto& t = tokens[i];
    bool caps = t.size() >= 2 && has_upper(t) && !has_lower(t);
    bool is_last = (any_caps && !all_caps) ? caps : i + 1 == tokens.size();
    std::string& dst = is_last ? last : first;
    dst += (dst.empty() ? "" : " ") + t;
  }
  return {first, last};
}

bool RowBuilder::build(const plugin::Record& record, BuiltRow& out, RowProblem& problem) {
  out = BuiltRow{};
  out.line = record.line;
  std::string first, last, full, org, role, address, address2, postcode, city, country, source;
  std::vector<std::pair<std::string, std::string>> notes;  // header, text
  std::uint64_t note_column = 0;
  std::map<std::string, std::string> group_labels;
  struct Pending {
    Target target;
    std::string value, label, group, header;
    std::uint64_t column;
  };
  std::vector<Pending> contacts;  // emails and phones, labelled once the whole row is read
  bool anything = false;
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    const auto& f = record.fields[i];
    std::uint64_t column = tabular_ ? i + 1 : 0;
    if (f.name == plugin::kProblemField) {
      problem = {std::strtoull(f.label.c_str(), nullptr, 10), "", f.value};
      return false;
    }
    const ColumnSpec& spec = mapper_.map(f.name);
    std::string v = trim(f.value);
    if (v.empty() || spec.target == Target::Ignore) continue;
    if (spec.target != Target::Label && spec.target != Target::Source) anything = true;
    switch (spec.target) {
      case Target::FirstName: first = v; break;
      case Target::LastName: last = v; break;
      case Target::FullName: full = v; break;
      case Target::Org: org = v; break;
      case Target::Role: role = v; break;
      case Target::Address: address = address.empty() ? v : address + ", " + v; break;
      case Target::Address2: address2 = v; break;
      case Target::Postcode: postcode = v; break;
      case Target::City: city = v; break;
      case Target::Country: country = v; break;
      case Target::Source: source = v; break;
      case Target::Note:
        if (notes.empty()) note_column = column;
        notes.emplace_back(f.name, v);
        break;
      case Target::Label: group_labels[spec.group] = v; break;
      case Target::Email:
      case Target::Phone:
        contacts.push_back({spec.target, v, f.label.empty() ? spec.label : f.label, spec.group, f.name, column});
        break;
      case Target::Ignore: break;
    }
  }
  if (!anything) {
    out.empty = true;
    return true;
  }
  // National phone numbers are read in the row's country when it names one (a card's ADR).
  std::string region = region_;
  bool phones = false;
  for (const auto& p : contacts) phones |= p.target == Target::Phone;
  if (phones && !country.empty())
    if (auto r = country_region(country); r && is_phone_region(*r)) region = *r;
  RowProblem phone_problem;
  for (auto& p : contacts) {
    std::string label = p.label;
    if (label.empty() && !p.group.empty()) {
      auto it = group_labels.find(p.group);
      if (it != group_labels.end()) label = it->second;
    }
    for (auto& c : label)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (!label.empty() && label[0] == '*') label.erase(0, 1);  // Google's "* Work" marks the primary
    label = trim(label);
    const bool several = tabular_;  // a cell may hold several values; a vCard property holds one
    auto quote_cell = [&](const std::string& raw) {
      return "\"" + raw + "\"" + (raw == p.value ? std::string() : " (in the cell \"" + p.value + "\")");
    };
    auto warn = [&](std::string message) {
      out.warnings.push_back({record.line, p.column, p.header, std::move(message)});
    };
    if (p.target == Target::Email) {
      // Outlook exports a colleague's Exchange directory entry instead of an address (spaces in it).
      auto exchange = [](const std::string& v) {
        return v.size() > 3 && v[0] == '/' && (v[1] == 'o' || v[1] == 'O') && v[2] == '=';
      };
      const bool one = !several || exchange(p.value);
      for (const auto& raw : one ? std::vector<std::string>{p.value} : split_values(p.value, ",; ")) {
        if (exchange(raw)) {
          warn(quote_cell(raw) + " is an Exchange directory entry, not an e-mail address: not imported");
          continue;
        }
        auto e = normalise_email(raw);
        if (!e) {
          problem = {p.column, p.header, quote_cell(raw) + " is not a valid e-mail address"};
          return false;
        }
        add_unique(out.contact.emails, *e, label);
      }
    } else {
      // "6,12346E+08" is one value a spreadsheet rounded, not two.
      const std::string& v = p.value;
      const bool one = !several || (v.size() > 2 && v[0] >= '0' && v[0] <= '9' && (v[1] == ',' || v[1] == '.') &&
                                    v.find_first_of("eE") != std::string::npos);
      for (const auto& raw : one ? std::vector<std::string>{p.value} : split_values(p.value, ";,")) {
        auto ph = parse_phone(raw, region);
        if (!ph.e164) {
          // One bad number does not cost the row its other values: dropped, kept in a note.
          phone_problem = {p.column, p.header, quote_cell(raw) + " is not a valid phone number: " + ph.problem};
          warn(phone_problem.reason + "; not imported as a phone, kept in a note");
          notes.emplace_back(p.header, raw);
          continue;
        }
        std::string phone_label = label;
        if (!ph.extension.empty()) phone_label += (phone_label.empty() ? "" : ", ") + std::string("ext. ") + ph.extension;
        if (!ph.comment.empty()) notes.emplace_back(p.header, raw);
        add_unique(out.contact.phones, *ph.e164, phone_label);
      }
    }
  }
  if (first.empty() && last.empty() && !full.empty()) std::tie(first, last) = split_full_name(full);
  out.contact.first_name = case_name(first);
  out.contact.last_name = case_name(last);
  if (out.contact.first_name.empty() && out.contact.last_name.empty() && out.contact.emails.empty() &&
      out.contact.phones.empty()) {
    // Its only phone was not valid: that is the row's problem.
    problem = phone_problem.reason.empty() ? RowProblem{0, "", "no name, e-mail or phone: a contact needs at least one"}
                                           : phone_problem;
    return false;
  }
  if (!role.empty()) out.contact.role = role;
  std::string addr = address;
  if (!address2.empty()) addr += (addr.empty() ? "" : ", ") + address2;
  std::string town = postcode + (postcode.empty() || city.empty() ? "" : " ") + city;
  if (!town.empty()) addr += (addr.empty() ? "" : ", ") + town;
  if (!country.empty()) addr += (addr.empty() ? "" : ", ") + country;
  if (!addr.empty()) out.contact.address = addr;
  if (!org.empty()) out.contact.org_name = org;
  out.contact.kind = kind_;
  out.contact.source = source.empty() ? source_ : source;
  for (const auto& [header, text] : notes) {
    if (!out.hit)
      if (auto word = find_special_category(text)) out.hit = SensitiveHit{record.line, header, *word};
    if (notes.size() == 1) out.note = text;
    else out.note += (out.note.empty() ? "" : "\n") + header + ": " + text;
  }
  // A comment of control characters only (a stray character in a spreadsheet cell) is no note:
  // the store would refuse it, and with it the whole batch.
  if (!out.note.empty() && model::clean_text(out.note, /*keep_newlines=*/true).empty()) out.note.clear();
  if (out.note.size() > kMaxNoteBytes) {
    problem = {note_column, notes.front().first,
               "the comment is " + std::to_string(out.note.size()) + " bytes long; a note holds at most 1 MiB"};
    return false;
  }
  return true;
}

}  // namespace coffre::services::import
