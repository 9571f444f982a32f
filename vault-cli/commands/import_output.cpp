#include "commands/import_output.h"

#include "coffre/clock.h"
#include "coffre/i18n.h"
#include "commands/model_output.h"

#include <algorithm>

namespace coffre::cli {

namespace {
nlohmann::json rejected_json(const RejectedRow& r) {
  nlohmann::json values = nlohmann::json::object();
  for (const auto& [k, v] : r.values) values[k] = v;
  return {{"line", r.line}, {"column", r.column}, {"field", r.field}, {"reason", r.reason}, {"values", values}};
}

}  // namespace

nlohmann::json import_summary_json(const ImportSummary& s, const ImportRequest& req) {
  nlohmann::json j{{"batch", s.dry_run || s.batch.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.batch)},
                   {"dry_run", s.dry_run},
                   {"file", s.file},
                   {"sha256", s.sha256},
                   {"format", s.format},
                   {"preset", s.preset.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.preset)},
                   {"source", req.source.empty() ? s.file : req.source},
                   {"basis", std::string(to_string(req.basis))},
                   {"kind", req.kind ? std::string(to_string(*req.kind)) : std::string("per-row")},
                   {"rows", s.rows},
                   {"added", s.added},
                   {"merged", s.merged},
                   {"rejected", s.rejected},
                   {"suppressed", s.suppressed},
                   {"expired", s.expired},
                   {"empty", s.empty},
                   {"sensitive", s.sensitive_rows},
                   {"region", req.region},
                   {"unspecified_basis_rows", s.unspecified_basis_rows},
                   {"b2c_basis_withheld_rows", s.b2c_basis_withheld_rows},
                   {"kind_column_rows", s.kind_column_rows},
                   {"kind_inferred_rows", s.kind_inferred_rows},
                   {"collected_column_rows", s.collected_column_rows},
                   {"collected_from", s.collected_from},
                   {"collected_at", format_utc(s.collected_at)},
                   {"warning_count", s.warning_count},
                   {"opted_out", s.opted_out}};
  nlohmann::json warnings = nlohmann::json::array();
  for (const auto& w : s.warnings)
    warnings.push_back({{"line", w.line}, {"column", w.column}, {"field", w.field}, {"message", w.message}});
  j["warnings"] = warnings;
  nlohmann::json hits = nlohmann::json::array();
  for (const auto& h : s.sensitive) hits.push_back({{"line", h.line}, {"field", h.field}, {"word", h.word}});
  j["sensitive_hits"] = hits;
  nlohmann::json merges = nlohmann::json::array();
  for (const auto& m : s.merges)
    merges.push_back({{"line", m.line},
                      {"contact", m.contact ? nlohmann::json(*m.contact) : nlohmann::json(nullptr)},
                      {"with_line", m.contact ? nlohmann::json(nullptr) : nlohmann::json(m.first_line)},
                      {"by", m.by},
                      {"value", m.value}});
  j["merges"] = merges;
  nlohmann::json apart = nlohmann::json::array();
  for (const auto& d : s.possible_duplicates)
    apart.push_back({{"line", d.line},
                     {"contact", d.contact ? nlohmann::json(*d.contact) : nlohmann::json(nullptr)},
                     {"with_line", d.contact ? nlohmann::json(nullptr) : nlohmann::json(d.other_line)},
                     {"by", d.by},
                     {"value", d.value}});
  j["possible_duplicates"] = apart;
  j["possible_duplicate_rows"] = s.possible_duplicate_rows;
  j["already_imported"] = s.already_imported ? nlohmann::json{{"batch", s.already_imported->batch},
                                                               {"imported_at", format_utc(s.already_imported->imported_at)}}
                                             : nlohmann::json(nullptr);
  nlohmann::json mapping = nlohmann::json::array();
  for (const auto& [h, f] : s.mapping) mapping.push_back({{"column", h}, {"field", f}});
  j["mapping"] = mapping;
  if (req.skip_invalid) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : s.rejected_rows) rows.push_back(rejected_json(r));
    j["rejected_rows"] = rows;
  }
  return j;
}

namespace {
// "line 3", "line 3, column 2", then " (Field)" when the field is known.
std::string line_at(std::uint64_t line, std::uint64_t column, const std::string& field) {
  std::string s = column ? trf("line {0}, column {1}", {std::to_string(line), std::to_string(column)})
                         : trf("line {}", {std::to_string(line)});
  if (!field.empty()) s += " (" + field + ")";
  return s;
}
std::string n(std::int64_t v) { return std::to_string(v); }
}  // namespace

void print_import_summary(std::ostream& out, const ImportSummary& s, const ImportRequest& req) {
  if (s.dry_run) out << trf("Dry run of {}: nothing was written.", {s.file}) << "\n";
  else if (s.batch.empty()) out << trf("Nothing to import in {}: it holds no rows (no batch recorded).", {s.file}) << "\n";
  else out << trf("Imported {0} as batch {1}.", {s.file, s.batch}) << "\n";
  const std::string format = s.preset.empty() ? s.format : trf("{0} ({1} export)", {s.format, s.preset});
  out << "  "
      << trf("format {0}, source \"{1}\", lawful basis {2}, {3}",
             {format, req.source.empty() ? s.file : req.source, shown(to_string(req.basis)),
              req.kind ? shown(to_string(*req.kind)) : std::string(tr("B2B/B2C per row"))})
      << "\n";
  if (!req.kind && (s.kind_column_rows > 0 || s.kind_inferred_rows > 0))
    out << "  "
        << trf("B2B/B2C: {0} row(s) from a column, {1} inferred (an organisation: B2B; none: B2C; give --b2b or --b2c "
               "to say)",
               {n(s.kind_column_rows), n(s.kind_inferred_rows)})
        << "\n";
  const std::string when = human_time(s.collected_at);
  const bool option = s.collected_from == "option";
  out << "  ";
  if (s.collected_column_rows > 0)
    out << (option ? trf("collected: {0} row(s) from a column, the others on the --collected date {1}",
                         {n(s.collected_column_rows), when})
                   : trf("collected: {0} row(s) from a column, the others on the file's date {1}",
                         {n(s.collected_column_rows), when}));
  else
    out << (option ? trf("collected: on the --collected date {}", {when}) : trf("collected: on the file's date {}", {when}));
  out << "\n";
  if (s.unspecified_basis_rows > 0) {
    out << "  "
        << (s.b2c_basis_withheld_rows > 0
                ? trf("WARNING: {0} row(s) have no lawful basis recorded ({1} of them B2C: legitimate interest does "
                      "not cover prospecting consumers by e-mail, CPCE L34-5).",
                      {n(s.unspecified_basis_rows), n(s.b2c_basis_withheld_rows)})
                : trf("WARNING: {} row(s) have no lawful basis recorded (no --basis given).", {n(s.unspecified_basis_rows)}))
        << " "
        << tr("Coffre assumes none: do not prospect them until you know it (consent you can prove, a contract, or "
              "legitimate interest for professionals); import again with --basis to record it.")
        << "\n";
  }
  out << "  sha256 " << s.sha256 << "\n";
  if (s.already_imported)
    out << "  "
        << trf("note: this very file (same SHA-256) was imported on {0} as batch {1}; its rows merge into what that "
               "import added",
               {human_time(s.already_imported->imported_at), s.already_imported->batch})
        << "\n";
  out << "  "
      << trf(s.dry_run ? N_("would add {0}, merged {1}, rejected {2}, suppressed {3} (of {4} rows")
                       : N_("added {0}, merged {1}, rejected {2}, suppressed {3} (of {4} rows"),
             {n(s.added), n(s.merged), n(s.rejected), n(s.suppressed), n(s.rows)});
  if (s.empty) out << "; " << trf("{} empty", {n(s.empty)});
  if (s.expired)
    out << "; " << trf("{} erased for retention after this file was collected, not imported again", {n(s.expired)});
  out << ")\n";
  if (!s.ignored_columns.empty()) {
    std::string cols;
    for (const auto& c : s.ignored_columns) cols += " \"" + c + "\"";
    out << "  " << trf("columns not imported:{} (map them with --map FILE)", {cols}) << "\n";
  }
  const std::string listed = std::to_string(ImportSummary::kMaxListed);
  // A terminal shows the first rows of each list; --json holds the first ImportSummary::kMaxListed.
  constexpr std::size_t kShown = 20;
  const std::size_t merges_shown = std::min(kShown, s.merges.size());
  for (std::size_t i = 0; i < merges_shown; ++i) {
    const auto& m = s.merges[i];
    const std::string line = n(static_cast<std::int64_t>(m.line));
    const std::string other = m.contact ? trf("into contact {}", {std::to_string(*m.contact)})
                                        : trf("with line {}", {std::to_string(m.first_line)});
    out << "  "
        << (m.by == "email"  ? trf("merged: line {0} {1} (same e-mail {2})", {line, other, m.value})
            : m.by == "name" ? trf("merged: line {0} {1} (same name and organisation, same source: {2})",
                                   {line, other, m.value})
                             : trf("merged: line {0} {1} (same phone {2})", {line, other, m.value}))
        << "\n";
  }
  if (const auto more = s.merged - static_cast<std::int64_t>(merges_shown); more > 0)
    out << "  " << trf("... {0} more merged rows (--json lists the first {1})", {n(more), listed}) << "\n";
  const std::size_t apart_shown = std::min(kShown, s.possible_duplicates.size());
  for (std::size_t i = 0; i < apart_shown; ++i) {
    const auto& d = s.possible_duplicates[i];
    const std::string line = std::to_string(d.line);
    const std::string other = d.contact ? trf("contact {}", {std::to_string(*d.contact)})
                                        : trf("line {}", {std::to_string(d.other_line)});
    out << "  "
        << (d.by == "email"
                ? trf("possible duplicate, kept apart: line {0} and {1} share the address {2} but not a name",
                      {line, other, d.value})
                : trf("possible duplicate, kept apart: line {0} and {1} share the phone {2} but not a name",
                      {line, other, d.value}))
        << "\n";
  }
  if (const auto more = s.possible_duplicate_rows - static_cast<std::int64_t>(apart_shown); more > 0)
    out << "  " << trf("... {0} more possible duplicates (--json lists the first {1})", {n(more), listed}) << "\n";
  const std::size_t warnings_shown = std::min(kShown, s.warnings.size());
  for (std::size_t i = 0; i < warnings_shown; ++i) {
    const auto& w = s.warnings[i];
    out << "  " << trf("warning: {0}: {1}", {line_at(w.line, w.column, w.field), w.said.empty() ? w.message : w.said})
        << "\n";
  }
  if (const auto more = s.warning_count - static_cast<std::int64_t>(warnings_shown); more > 0)
    out << "  " << trf("... {0} more warnings (--json lists the first {1})", {n(more), listed}) << "\n";
  const std::size_t rejected_shown = std::min(kShown, s.rejected_rows.size());
  for (std::size_t i = 0; i < rejected_shown; ++i) {
    const auto& r = s.rejected_rows[i];
    out << "  " << trf("rejected: {0}: {1}", {line_at(r.line, r.column, r.field), r.said.empty() ? r.reason : r.said})
        << "\n";
  }
  if (const auto more = s.rejected - static_cast<std::int64_t>(rejected_shown); more > 0)
    out << "  "
        << trf("... {0} more rejected rows (--report FILE writes them all; --json lists the first {1})", {n(more), listed})
        << "\n";
  if (s.sensitive_rows > 0) {
    out << "  "
        << (s.dry_run
                ? trf("WARNING: {} row(s) mention special-category data (health, religion, union, ethnicity, politics, "
                      "sex life). They were not written (dry run): check that you may keep them (GDPR art. 9). `coffre "
                      "search WORD` finds the contacts, `coffre contact show ID` their notes, `coffre note rm NOTE_ID` "
                      "removes a note for good:",
                      {n(s.sensitive_rows)})
                : trf("WARNING: {} row(s) mention special-category data (health, religion, union, ethnicity, politics, "
                      "sex life). They were imported: check that you may keep them (GDPR art. 9). `coffre search WORD` "
                      "finds the contacts, `coffre contact show ID` their notes, `coffre note rm NOTE_ID` removes a "
                      "note for good:",
                      {n(s.sensitive_rows)}))
        << "\n";
    const std::size_t sensitive_shown = std::min(kShown, s.sensitive.size());
    for (std::size_t i = 0; i < sensitive_shown; ++i)
      out << "    " << line_at(s.sensitive[i].line, 0, s.sensitive[i].field) << ": \"" << s.sensitive[i].word << "\"\n";
    if (const auto more = s.sensitive_rows - static_cast<std::int64_t>(sensitive_shown); more > 0)
      out << "    " << trf("... {0} more rows (--json lists the first {1})", {n(more), listed}) << "\n";
  }
}

}  // namespace coffre::cli
