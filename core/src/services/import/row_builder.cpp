#include "services/import/row_builder.h"

#include "coffre/i18n.h"

#include <cstdio>
#include <ctime>
#include <map>

#include "coffre/clock.h"
#include "coffre/normalize.h"
#include "model/text.h"
#include "services/import/sensitive.h"
#include "util/english.h"

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

std::optional<Time> parse_collection_date(const std::string& v) {
  // What spreadsheets and CRMs write beyond the one date parser's forms (coffre/clock.h): a French
  // day first (05/03/2024), fractional seconds, a lower-case z. Rewritten to those forms, then read
  // by parse_utc; a zone offset is not guessed.
  std::string iso = v;
  int d = 0, mo = 0, y = 0, n = 0;
  if (std::sscanf(v.c_str(), "%2d/%2d/%4d%n", &d, &mo, &y, &n) == 3 && n == 10) {
    char head[16];
    std::snprintf(head, sizeof head, "%04d-%02d-%02d", y, mo, d);
    iso = head + v.substr(10);
  }
  if (const auto dot = iso.find('.', 10); dot != std::string::npos) {
    const auto end = iso.find_first_not_of("0123456789", dot + 1);
    iso.erase(dot, (end == std::string::npos ? iso.size() : end) - dot);
  }
  if (!iso.empty() && iso.back() == 'z') iso.back() = 'Z';
  Time t = 0;
  // 1900-01-01 to 2200-12-31: a date outside is a typo, not a collection date.
  if (!parse_utc(iso, t) || t < -2208988800 || t > 7289654399) return std::nullopt;
  return t;
}

std::optional<ContactKind> parse_kind_cell(const std::string& v) {
  const std::string f = fold_header(v);
  for (const char* b2b : {"b2b", "pro", "professionnel", "professionnelle", "professionnels", "entreprise", "business",
                          "company", "societe", "professional"})
    if (f == b2b) return ContactKind::B2B;
  for (const char* b2c : {"b2c", "particulier", "particuliere", "particuliers", "consumer", "consommateur", "private",
                          "individual", "prive"})
    if (f == b2c) return ContactKind::B2C;
  return std::nullopt;
}

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
  std::string first, last, full, org, role, address, address2, postcode, city, region_name, country, source, kind,
      collected;
  std::uint64_t kind_column = 0, collected_column = 0;
  bool opted_out = false;
  std::string kind_header, collected_header, opt_out_header;
  struct Note {
    std::string header, text;
    std::uint64_t line;
  };
  std::vector<Note> notes;
  std::uint64_t note_column = 0;
  std::map<std::string, std::string> group_labels;
  struct Pending {
    Target target;
    std::string value, label, group, header;
    std::uint64_t column, line;
  };
  std::vector<Pending> contacts;  // emails and phones, labelled once the whole row is read
  bool anything = false;
  // Where the next fields come from: the record's line, or a vCard property's own (kLineField).
  std::uint64_t line = record.line;
  std::string property;
  for (std::size_t i = 0; i < record.fields.size(); ++i) {
    const auto& f = record.fields[i];
    std::uint64_t column = tabular_ ? i + 1 : 0;
    if (f.name == plugin::kLineField) {
      const auto n = std::strtoull(f.value.c_str(), nullptr, 10);
      line = n ? n : record.line;
      property = f.label;
      continue;
    }
    // A plugin's warning or problem, and what it says to people when it says it (kSaidField).
    auto said_next = [&] {
      return i + 1 < record.fields.size() && record.fields[i + 1].name == plugin::kSaidField ? record.fields[i + 1].value
                                                                                               : std::string();
    };
    if (f.name == plugin::kSaidField) continue;
    if (f.name == plugin::kWarningField) {
      out.warnings.push_back({line, 0, f.label, f.value, said_next()});
      continue;
    }
    if (f.name == plugin::kProblemField) {
      problem = {std::strtoull(f.label.c_str(), nullptr, 10), "", f.value, 0, said_next()};
      return false;
    }
    // A vCard's fields are named by their property ("TEL"), as the file writes it.
    const std::string& header = property.empty() ? f.name : property;
    const ColumnSpec& spec = mapper_.map(f.name);
    std::string v = trim(f.value);
    if (!v.empty() && spec.target == Target::Ignore && !tabular_) out.not_imported.push_back(f.name);  // URL, BDAY
    if (v.empty() || spec.target == Target::Ignore) continue;
    if (spec.target != Target::Label && spec.target != Target::Source && spec.target != Target::Kind &&
        spec.target != Target::Collected && spec.target != Target::EmailOptOut)
      anything = true;
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
      case Target::Region: region_name = v; break;
      case Target::Country: country = v; break;
      case Target::Source: source = v; break;
      case Target::Kind: kind = v, kind_column = column, kind_header = f.name; break;
      case Target::Collected: collected = v, collected_column = column, collected_header = f.name; break;
      case Target::EmailOptOut: {
        const std::string yes = fold_header(v);
        if (yes == "true" || yes == "1" || yes == "yes" || yes == "oui" || yes == "vrai" || yes == "x") {
          opted_out = true;
          opt_out_header = f.name + " = " + v;
        }
        break;
      }
      case Target::Note:
        if (notes.empty()) note_column = column;
        notes.push_back({header, v, line});
        break;
      case Target::Label: group_labels[spec.group] = v; break;
      case Target::Email:
      case Target::Phone:
        contacts.push_back({spec.target, v, f.label.empty() ? spec.label : f.label, spec.group, header, column, line});
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
  if (phones && !country.empty()) {
    if (country != last_country_) {
      last_country_ = country;
      last_country_region_ = country_region(country);
      if (last_country_region_ && !is_phone_region(*last_country_region_)) last_country_region_.reset();
    }
    if (last_country_region_) region = *last_country_region_;
  }
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
    auto quote_shown = [&](const std::string& raw) {
      return raw == p.value ? trf("\"{}\"", {raw}) : trf("\"{0}\" (in the cell \"{1}\")", {raw, p.value});
    };
    // A warning in English (--json) and in the user's language, from one message whose {} take the
    // cell quoted the English way and the user's way.
    auto warn = [&](const char* msgid, const std::string& raw) {
      out.warnings.push_back({p.line, p.column, p.header, english(msgid, {quote_cell(raw)}), trf(msgid, {quote_shown(raw)})});
    };
    if (p.target == Target::Email) {
      // Outlook exports a colleague's Exchange directory entry instead of an address (spaces in it).
      auto exchange = [](const std::string& v) {
        return v.size() > 3 && v[0] == '/' && (v[1] == 'o' || v[1] == 'O') && v[2] == '=';
      };
      const bool one = !several || exchange(p.value);
      for (const auto& raw : one ? std::vector<std::string>{p.value} : split_values(p.value, ",; ")) {
        if (exchange(raw)) {
          warn(N_("{} is an Exchange directory entry, not an e-mail address: not imported"), raw);
          continue;
        }
        auto e = normalise_email(raw);
        if (!e) {
          problem = {p.column, p.header, english(N_("{} is not a valid e-mail address"), {quote_cell(raw)}), p.line,
                     trf("{} is not a valid e-mail address", {quote_shown(raw)})};
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
          phone_problem = {p.column, p.header,
                           english(N_("{0} is not a valid phone number: {1}"), {quote_cell(raw), ph.problem}), p.line,
                           trf("{0} is not a valid phone number: {1}", {quote_shown(raw), ph.problem_said})};
          out.warnings.push_back({p.line, p.column, p.header,
                                  english(N_("{}; not imported as a phone, kept in a note"), {phone_problem.reason}),
                                  trf("{}; not imported as a phone, kept in a note", {phone_problem.said})});
          notes.push_back({p.header, raw, p.line});
          continue;
        }
        std::string phone_label = label;
        if (!ph.extension.empty()) phone_label += (phone_label.empty() ? "" : ", ") + std::string("ext. ") + ph.extension;
        if (!ph.comment.empty()) notes.push_back({p.header, raw, p.line});
        add_unique(out.contact.phones, *ph.e164, phone_label);
      }
    }
  }
  // Opted out of e-mail (Zoho's "Email Opt Out", HubSpot's "Unsubscribed from all email"): that is
  // an objection to e-mail prospecting (GDPR art. 21(3)), which the merger records as a consent
  // event on the e-mail channel for the person. Their addresses are imported, so the objection
  // names them and outlives an erasure (consent_suppression); phone and post stay as the law has them.
  if (opted_out) {
    out.email_opt_out = true;
    out.opt_out_column = opt_out_header;
    out.opt_out_at = terms_.file_date;
    const char* opted = N_("{}: the person opted out of e-mail; an objection to e-mail prospecting is recorded "
                           "(coffre consent history)");
    out.warnings.push_back({record.line, 0, "", english(opted, {opt_out_header}), trf(opted, {opt_out_header})});
  }
  if (first.empty() && last.empty() && !full.empty()) std::tie(first, last) = split_full_name(full);
  out.contact.first_name = case_name(first);
  out.contact.last_name = case_name(last);
  if (out.contact.first_name.empty() && out.contact.last_name.empty() && out.contact.emails.empty() &&
      out.contact.phones.empty()) {
    // Its only phone was not valid: that is the row's problem.
    const char* nothing = N_("no name, e-mail or phone: a contact needs at least one");
    problem = phone_problem.reason.empty() ? RowProblem{0, "", nothing, 0, tr(nothing)} : phone_problem;
    return false;
  }
  if (!role.empty()) out.contact.role = role;
  std::string addr = address;
  if (!address2.empty()) addr += (addr.empty() ? "" : ", ") + address2;
  std::string town = postcode + (postcode.empty() || city.empty() ? "" : " ") + city;
  if (!town.empty()) addr += (addr.empty() ? "" : ", ") + town;
  if (!region_name.empty()) addr += (addr.empty() ? "" : ", ") + region_name;
  if (!country.empty()) addr += (addr.empty() ? "" : ", ") + country;
  if (!addr.empty()) out.contact.address = addr;
  if (!org.empty()) out.contact.org_name = org;
  // B2B or B2C: the option, else the row's column, else inferred from the organisation.
  if (terms_.kind) {
    out.contact.kind = *terms_.kind;
    out.kind_from = "option";
  } else {
    auto given = kind.empty() ? std::nullopt : parse_kind_cell(kind);
    if (!kind.empty() && !given) {
      const char* neither = N_("\"{}\" is neither B2B nor B2C (b2b, pro, entreprise / b2c, particulier): inferred from "
                               "the organisation instead");
      out.warnings.push_back({record.line, kind_column, kind_header, english(neither, {kind}), trf(neither, {kind})});
    }
    out.contact.kind = given ? *given : (org.empty() ? ContactKind::B2C : ContactKind::B2B);
    out.kind_from = given ? "column" : "inferred";
  }
  // Legitimate interest does not cover e-mail prospecting of consumers (CPCE L34-5): not recorded.
  out.basis = terms_.basis;
  if (out.basis == LawfulBasis::LegitimateInterest && out.contact.kind == ContactKind::B2C) {
    out.basis = LawfulBasis::Unspecified;
    out.b2c_basis_withheld = true;
  }
  // When the data was collected: the row's column, else the option, else the file's date.
  if (auto when = collected.empty() ? std::nullopt : parse_collection_date(collected)) {
    out.collected_at = *when;
    out.collected_from = "column";
  } else {
    if (!collected.empty()) {
      const char* not_date = terms_.collected_from == "option"
                                 ? N_("\"{}\" is not a date (YYYY-MM-DD or DD/MM/YYYY, with a time or not): the "
                                      "--collected date is recorded instead")
                                 : N_("\"{}\" is not a date (YYYY-MM-DD or DD/MM/YYYY, with a time or not): the file's "
                                      "date is recorded instead");
      out.warnings.push_back(
          {record.line, collected_column, collected_header, english(not_date, {collected}), trf(not_date, {collected})});
    }
    if (!terms_.collected_from.empty()) out.collected_at = terms_.collected_at;
    out.collected_from = terms_.collected_from;
  }
  out.contact.collected_at = out.collected_at;
  out.contact.source = source.empty() ? source_ : source;
  // One note per comment column, so that removing one (a sensitive remark) keeps the others.
  for (const auto& [header, text, note_line] : notes) {
    if (!out.hit)
      if (auto word = find_special_category(text)) out.hit = SensitiveHit{note_line, header, *word};
    // A row's comment columns and a card's NOTE properties are notes of their own, so that
    // removing one (a sensitive remark) keeps the others; a row's are named by their column.
    std::string note = notes.size() == 1 || !tabular_ ? text : header + ": " + text;
    // A comment of control characters only (a stray character in a spreadsheet cell) is no note:
    // the store would refuse it, and with it the whole batch.
    if (model::clean_text(text, /*keep_newlines=*/true).empty()) continue;
    if (note.size() > kMaxNoteBytes) {
      const char* too_long = N_("the comment is {} bytes long; a note holds at most 1 MiB");
      problem = {note_column, header, english(too_long, {std::to_string(note.size())}), note_line,
                 trf(too_long, {std::to_string(note.size())})};
      return false;
    }
    out.notes.push_back(std::move(note));
  }
  return true;
}

}  // namespace coffre::services::import
