#include "commands/import_output.h"

#include "coffre/clock.h"
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

void print_import_summary(std::ostream& out, const ImportSummary& s, const ImportRequest& req) {
  if (s.dry_run) out << "Dry run of " << s.file << ": nothing was written.\n";
  else if (s.batch.empty()) out << "Nothing to import in " << s.file << ": it holds no rows (no batch recorded).\n";
  else out << "Imported " << s.file << " as batch " << s.batch << ".\n";
  out << "  format " << s.format << (s.preset.empty() ? "" : " (" + s.preset + " export)") << ", source \""
      << (req.source.empty() ? s.file : req.source) << "\", lawful basis " << to_string(req.basis) << ", "
      << (req.kind ? std::string(to_string(*req.kind)) : std::string("B2B/B2C per row")) << "\n";
  if (!req.kind && (s.kind_column_rows > 0 || s.kind_inferred_rows > 0))
    out << "  B2B/B2C: " << s.kind_column_rows << " row(s) from a column, " << s.kind_inferred_rows
        << " inferred (an organisation: B2B; none: B2C; give --b2b or --b2c to say)\n";
  out << "  collected: "
      << (s.collected_column_rows > 0 ? std::to_string(s.collected_column_rows) + " row(s) from a column, the others "
                                      : std::string())
      << (s.collected_from == "option" ? "on the --collected date " : "on the file's date ") << human_time(s.collected_at)
      << "\n";
  if (s.unspecified_basis_rows > 0) {
    out << "  WARNING: " << s.unspecified_basis_rows << " row(s) have no lawful basis recorded";
    if (s.b2c_basis_withheld_rows > 0)
      out << " (" << s.b2c_basis_withheld_rows
          << " of them B2C: legitimate interest does not cover prospecting consumers by e-mail, CPCE L34-5)";
    else
      out << " (no --basis given)";
    out << ". Coffre assumes none: do not prospect them until you know it (consent you can prove, a contract, "
           "or legitimate interest for professionals); import again with --basis to record it.\n";
  }
  out << "  sha256 " << s.sha256 << "\n";
  if (s.already_imported)
    out << "  note: this very file (same SHA-256) was imported on " << human_time(s.already_imported->imported_at)
        << " as batch " << s.already_imported->batch << "; its rows merge into what that import added\n";
  out << "  " << (s.dry_run ? "would add " : "added ") << s.added << ", merged " << s.merged << ", rejected " << s.rejected
      << ", suppressed " << s.suppressed << " (of " << s.rows << " rows";
  if (s.empty) out << "; " << s.empty << " empty";
  if (s.expired) out << "; " << s.expired << " erased for retention after this file was collected, not imported again";
  out << ")\n";
  if (!s.ignored_columns.empty()) {
    out << "  columns not imported:";
    for (const auto& c : s.ignored_columns) out << " \"" << c << "\"";
    out << " (map them with --map FILE)\n";
  }
  // A terminal shows the first rows of each list; --json holds the first ImportSummary::kMaxListed.
  constexpr std::size_t kShown = 20;
  const std::size_t merges_shown = std::min(kShown, s.merges.size());
  for (std::size_t i = 0; i < merges_shown; ++i) {
    const auto& m = s.merges[i];
    out << "  merged: line " << m.line << " "
        << (m.contact ? "into contact " + std::to_string(*m.contact) : "with line " + std::to_string(m.first_line))
        << " (same " << (m.by == "email" ? "e-mail " : m.by == "name" ? "name and organisation, same source: " : "phone ")
        << m.value << ")\n";
  }
  if (const auto more = s.merged - static_cast<std::int64_t>(merges_shown); more > 0)
    out << "  ... " << more << " more merged rows (--json lists the first " << ImportSummary::kMaxListed << ")\n";
  const std::size_t apart_shown = std::min(kShown, s.possible_duplicates.size());
  for (std::size_t i = 0; i < apart_shown; ++i) {
    const auto& d = s.possible_duplicates[i];
    out << "  possible duplicate, kept apart: line " << d.line << " and "
        << (d.contact ? "contact " + std::to_string(*d.contact) : "line " + std::to_string(d.other_line))
        << " share " << (d.by == "email" ? "the address " : "the phone ") << d.value << " but not a name\n";
  }
  if (const auto more = s.possible_duplicate_rows - static_cast<std::int64_t>(apart_shown); more > 0)
    out << "  ... " << more << " more possible duplicates (--json lists the first " << ImportSummary::kMaxListed << ")\n";
  const std::size_t warnings_shown = std::min(kShown, s.warnings.size());
  for (std::size_t i = 0; i < warnings_shown; ++i) {
    const auto& w = s.warnings[i];
    out << "  warning: line " << w.line << (w.column ? ", column " + std::to_string(w.column) : "")
        << (w.field.empty() ? "" : " (" + w.field + ")") << ": " << w.message << "\n";
  }
  if (const auto more = s.warning_count - static_cast<std::int64_t>(warnings_shown); more > 0)
    out << "  ... " << more << " more warnings (--json lists the first " << ImportSummary::kMaxListed << ")\n";
  const std::size_t rejected_shown = std::min(kShown, s.rejected_rows.size());
  for (std::size_t i = 0; i < rejected_shown; ++i) {
    const auto& r = s.rejected_rows[i];
    out << "  rejected: line " << r.line << (r.column ? ", column " + std::to_string(r.column) : "")
        << (r.field.empty() ? "" : " (" + r.field + ")") << ": " << r.reason << "\n";
  }
  if (const auto more = s.rejected - static_cast<std::int64_t>(rejected_shown); more > 0)
    out << "  ... " << more << " more rejected rows (--report FILE writes them all; --json lists the first "
        << ImportSummary::kMaxListed << ")\n";
  if (s.sensitive_rows > 0) {
    out << "  WARNING: " << s.sensitive_rows
        << " row(s) mention special-category data (health, religion, union, ethnicity, politics, sex life). "
           "They were " << (s.dry_run ? "not written (dry run)" : "imported")
        << ": check that you may keep them (GDPR art. 9). `coffre search WORD` finds the contacts, `coffre contact "
           "show ID` their notes, `coffre note rm NOTE_ID` removes a note for good:\n";
    const std::size_t sensitive_shown = std::min(kShown, s.sensitive.size());
    for (std::size_t i = 0; i < sensitive_shown; ++i)
      out << "    line " << s.sensitive[i].line << " (" << s.sensitive[i].field << "): \"" << s.sensitive[i].word << "\"\n";
    if (const auto more = s.sensitive_rows - static_cast<std::int64_t>(sensitive_shown); more > 0)
      out << "    ... " << more << " more rows (--json lists the first " << ImportSummary::kMaxListed << ")\n";
  }
}

}  // namespace coffre::cli
