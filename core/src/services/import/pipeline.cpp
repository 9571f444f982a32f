// run_import: the RecordSink the plugin writes into. Rows are built (row_builder.h), checked
// against the suppression list and buffered; every kChunk rows the buffer is flushed: duplicates
// are looked up in the database (which already holds the earlier chunks: same transaction) and
// within the chunk, merged or added through the stores, and their provenance recorded.
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include "coffre/audit.h"
#include "coffre/import.h"
#include "coffre/plugin_host.h"
#include "coffre/stores.h"
#include "coffre/suppression.h"
#include "crypto/crypto.h"
#include "services/import/merge.h"
#include "services/import/row_builder.h"
#include "services/retention_internal.h"
#include "storage/database.h"
#include "vault/context.h"
#include "coffre/i18n.h"

namespace coffre {

namespace {

using services::import::BuiltRow;
using services::import::HeaderMapper;
using services::import::RowBuilder;
using services::import::RowProblem;

// Rows per add_batch call. Each call prepares its own organisation resolver, which may scan every
// organisation once (accented names need folding SQLite lacks): fewer, larger chunks keep that
// near-linear; 10,000 rows is a few MB of memory.
constexpr std::size_t kChunk = 10000;

Result<std::string> file_sha256(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
  if (!f) return make_error(ErrorKind::NotFound, trf("cannot open {}", {path}));
  crypto::Sha256 h;
  std::vector<std::uint8_t> buf(1 << 16);
  for (;;) {
    std::size_t n = std::fread(buf.data(), 1, buf.size(), f.get());
    if (n == 0) break;
    h.update({buf.data(), n});
  }
  if (std::ferror(f.get())) return make_error(ErrorKind::IoError, trf("read error on {}", {path}));
  return crypto::to_hex(h.finish());
}

std::string where(const std::string& file, std::uint64_t line, std::uint64_t column, const std::string& field) {
  const std::string l = std::to_string(line), c = std::to_string(column);
  std::string s = !line     ? file
                  : !column ? trf("{0}: line {1}", {file, l})
                            : trf("{0}: line {1}, column {2}", {file, l, c});
  if (!field.empty()) s = trf("{0} ({1})", {s, field});
  return s;
}

class PipelineSink final : public plugin::RecordSink {
 public:
  PipelineSink(Vault& vault, const ImportRequest& req, ImportSummary& summary, Progress& progress,
               services::import::Merger& merger, bool check_suppression, Time file_date)
      : vault_(vault), req_(req), summary_(summary), progress_(progress), merger_(merger),
        mapper_(req.column_map),
        builder_(mapper_, req.source.empty() ? summary.file : req.source, req.format != "vcard", req.region),
        check_suppression_(check_suppression) {
    services::import::RowTerms terms;
    terms.basis = req.basis;
    terms.kind = req.kind;
    terms.collected_at = summary.collected_at;
    terms.collected_from = summary.collected_from;
    terms.file_date = std::min(file_date, vault.context().clock->now());
    builder_.set_terms(std::move(terms));
  }

  void check_retention(services::TombstoneLookup lookup) { tombstones_ = std::move(lookup); }

  bool record(plugin::Record&& r) override {
    if (!failure_.ok()) return false;
    if (summary_.rows == 0 && req_.format != "vcard") {  // the first record shows the headers
      std::vector<std::string> headers;
      for (const auto& f : r.fields) headers.push_back(f.name);
      mapper_.detect_preset(headers);
      summary_.preset = mapper_.preset();
      using services::import::Target;
      bool identifies = false;
      for (const auto& h : headers) {
        if (h == plugin::kProblemField || h == plugin::kSaidField) continue;
        const auto target = mapper_.map(h).target;
        identifies |= target == Target::FirstName || target == Target::LastName || target == Target::FullName ||
                      target == Target::Email || target == Target::Phone;
        auto field = std::string(services::import::field_name(target));
        summary_.mapping.emplace_back(h, field);
        if (field == "ignore") summary_.ignored_columns.push_back(h);
      }
      // Not one column a contact can be made of (it needs a name, an e-mail or a phone): the headers are not what we think they are
      // (another language, a CRM we do not know, a file without a header line). Importing would
      // skip every row as empty and report success.
      if (!identifies) {
        std::string names;
        for (const auto& h : summary_.ignored_columns) names += (names.empty() ? "\"" : ", \"") + h + "\"";
        return fail(make_error(ErrorKind::InvalidInput,
                               trf("{0}: no column is recognised as a name, e-mail or phone, which a contact needs "
                                   "(columns: {1}); map them with --map FILE, see docs/import.md (nothing was imported)",
                                   {where(summary_.file, 1, 0, ""), names.empty() ? std::string(tr("none")) : names})));
      }
    }
    ++summary_.rows;
    BuiltRow row;
    RowProblem problem;
    if (!builder_.build(r, row, problem)) return reject(r, problem);
    if (row.empty) {
      ++summary_.empty;
      return true;
    }
    summary_.opted_out += row.email_opt_out;
    if (check_suppression_ || tombstones_.any()) {
      std::vector<std::string> emails, phones;
      for (const auto& e : row.contact.emails) emails.push_back(e.value);
      for (const auto& p : row.contact.phones) phones.push_back(p.value);
      if (check_suppression_) {
        auto hit = is_suppressed(vault_, emails, phones);
        if (!hit.ok()) return fail(hit.status());
        if (*hit) {
          ++summary_.suppressed;
          return true;
        }
      }
      // A person erased for retention comes back only with a collection newer than their erasure.
      auto erased = tombstones_.latest(emails, phones);
      if (!erased.ok()) return fail(erased.status());
      if (*erased && row.collected_at.value_or(summary_.collected_at) <= **erased) {
        ++summary_.expired;
        return true;
      }
    }
    summary_.unspecified_basis_rows += row.basis == LawfulBasis::Unspecified;
    summary_.b2c_basis_withheld_rows += row.b2c_basis_withheld;
    summary_.kind_column_rows += row.kind_from == "column";
    summary_.kind_inferred_rows += row.kind_from == "inferred";
    summary_.collected_column_rows += row.collected_from == "column";
    for (const auto& name : row.not_imported)
      if (std::find(summary_.ignored_columns.begin(), summary_.ignored_columns.end(), name) ==
          summary_.ignored_columns.end())
        summary_.ignored_columns.push_back(name);
    for (auto& w : row.warnings) {
      ++summary_.warning_count;
      if (summary_.warnings.size() < ImportSummary::kMaxListed) summary_.warnings.push_back(std::move(w));
    }
    row.warnings.clear();
    if (row.hit) {
      ++summary_.sensitive_rows;
      if (summary_.sensitive.size() < ImportSummary::kMaxListed) summary_.sensitive.push_back(*row.hit);
    }
    chunk_.push_back(std::move(row));
    if (chunk_.size() >= kChunk) return flush();
    return true;
  }

  void progress(std::uint64_t done, std::uint64_t total) override {
    if (!started_) {
      progress_.start(trf("Importing {}", {summary_.file}), total);
      started_ = true;
    }
    progress_.advance(done);
  }

  bool flush() {
    if (!failure_.ok()) return false;
    auto s = merger_.flush(chunk_);
    chunk_.clear();
    if (!s.ok()) return fail(s);
    return true;
  }

  const Status& failure() const { return failure_; }
  void finish_progress() {
    if (started_) progress_.finish();
  }

 private:
  bool fail(Status s) {
    failure_ = std::move(s);
    return false;
  }
  bool reject(const plugin::Record& r, const RowProblem& p) {
    // A vCard value names its property's own line (p.line), not the line its card began at.
    RejectedRow row{p.line ? p.line : r.line, p.column, p.field, p.reason, {}, p.said};
    // Every column of the source, in the header's order, the missing cells of a short row empty,
    // the cells past the header of a long one after them: the report is the row, to fix and import.
    std::vector<bool> used(r.fields.size(), false);
    for (const auto& [header, field] : summary_.mapping) {
      std::string value;
      for (std::size_t i = 0; i < r.fields.size(); ++i)
        if (!used[i] && r.fields[i].name == header) {
          value = r.fields[i].value;
          used[i] = true;
          break;
        }
      row.values.emplace_back(header, std::move(value));
    }
    for (std::size_t i = 0; i < r.fields.size(); ++i)
      if (!used[i] && r.fields[i].name != plugin::kProblemField && r.fields[i].name != plugin::kWarningField &&
          r.fields[i].name != plugin::kLineField && r.fields[i].name != plugin::kSaidField)
        row.values.emplace_back(r.fields[i].name, r.fields[i].value);
    if (!req_.skip_invalid)
      return fail(make_error(ErrorKind::InvalidInput,
                             trf("{0}: {1} (nothing was imported; --skip-invalid imports the valid rows and reports "
                                 "the others)",
                                 {where(summary_.file, row.line, p.column, p.field), p.said.empty() ? p.reason : p.said})));
    ++summary_.rejected;
    if (req_.on_rejected) req_.on_rejected(row);
    if (summary_.rejected_rows.size() < ImportSummary::kMaxListed) summary_.rejected_rows.push_back(std::move(row));
    return true;
  }

  Vault& vault_;
  const ImportRequest& req_;
  ImportSummary& summary_;
  Progress& progress_;
  services::import::Merger& merger_;
  HeaderMapper mapper_;
  RowBuilder builder_;
  bool check_suppression_;
  services::TombstoneLookup tombstones_;  // people erased for retention, if any
  bool started_ = false;
  std::vector<BuiltRow> chunk_;
  Status failure_;
};

std::string new_batch_id(Time now) {
  std::time_t t = static_cast<std::time_t>(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char day[16];
  std::strftime(day, sizeof day, "%Y%m%d", &tm);
  return std::string(day) + "-" + crypto::random_hex(3);
}

}  // namespace

Result<ImportSummary> run_import(Vault& vault, plugin::Importer& importer, const ImportRequest& req, Progress& progress) {
  auto& ctx = vault.context();
  ImportSummary summary;
  summary.file = std::filesystem::path(req.options.path).filename().string();
  summary.format = req.format;
  summary.dry_run = req.dry_run;
  COFFRE_ASSIGN_OR_RETURN(summary.sha256, file_sha256(req.options.path));
  const Time now = ctx.clock->now();
  summary.batch = new_batch_id(now);
  // The file's own date: when it was last written, the latest its data can have been collected
  // (or a person can have opted out in the tool that exported it; that date not later than now).
  Time file_date = 0;
  {
    struct stat st {};
    if (::stat(req.options.path.c_str(), &st) != 0)
      return make_error(ErrorKind::IoError, trf("cannot read the date of {}", {req.options.path}));
    file_date = static_cast<Time>(st.st_mtime);
  }
  if (req.collected_at) {
    summary.collected_at = *req.collected_at;
    summary.collected_from = "option";
  } else {
    summary.collected_at = file_date;
    summary.collected_from = "file-date";
  }
  COFFRE_ASSIGN_OR_RETURN(auto suppressed_entries, suppression_count(vault));

  storage::Transaction tx(ctx.db);
  COFFRE_TRY(tx.begin());
  {  // The same bytes imported before (and not undone): worth saying, since every row will merge.
    COFFRE_ASSIGN_OR_RETURN(auto same, ctx.db.prepare("SELECT id, imported_at FROM import_batches WHERE file_sha256 = ? "
                                                      "AND undone_at IS NULL ORDER BY imported_at DESC, rowid DESC "
                                                      "LIMIT 1"));
    same.bind(1, summary.sha256);
    COFFRE_ASSIGN_OR_RETURN(bool found, same.step());
    if (found) summary.already_imported = ImportSummary::Earlier{same.column_text(0), same.column_int(1)};
  }
  COFFRE_ASSIGN_OR_RETURN(auto batch_insert,
                          ctx.db.prepare("INSERT INTO import_batches(id, source, file_name, file_sha256, format, "
                                         "lawful_basis, kind, imported_at, collected_at, collected_from) "
                                         "VALUES(?,?,?,?,?,?,?,?,?,?)"));
  COFFRE_TRY(batch_insert.bind(1, summary.batch)
                 .bind(2, req.source.empty() ? summary.file : req.source)
                 .bind(3, summary.file)
                 .bind(4, summary.sha256)
                 .bind(5, req.format)
                 .bind(6, to_string(req.basis))
                 .bind(7, req.kind ? std::string(to_string(*req.kind)) : std::string("per-row"))
                 .bind(8, now)
                 .bind(9, summary.collected_at)
                 .bind(10, summary.collected_from)
                 .run());
  COFFRE_ASSIGN_OR_RETURN(auto merger, services::import::Merger::prepare(vault, summary.batch, summary));
  PipelineSink sink(vault, req, summary, progress, merger, suppressed_entries > 0, file_date);
  {
    COFFRE_ASSIGN_OR_RETURN(auto tombstones, services::TombstoneLookup::prepare(ctx));
    sink.check_retention(std::move(tombstones));
  }
  plugin::ImportError perr;
  bool read_ok = false;
  Status thrown = call_plugin(importer.info().name + " read", [&] { read_ok = importer.read(req.options, sink, perr); });
  sink.finish_progress();
  COFFRE_TRY(thrown);
  COFFRE_TRY(sink.failure());
  if (!read_ok)
    return make_error(ErrorKind::InvalidInput, trf("{0}: {1} (nothing was imported)",
                                                   {where(summary.file, perr.line, perr.column, perr.field), perr.message}));
  if (!sink.flush()) return sink.failure();
  if (summary.rows == 0) {  // a header and nothing else: no batch is recorded (the transaction rolls back)
    summary.batch.clear();
    return summary;
  }
  if (req.dry_run) return summary;  // the transaction rolls back: nothing was written
  COFFRE_ASSIGN_OR_RETURN(auto counts, ctx.db.prepare("UPDATE import_batches SET added=?, merged=?, rejected=?, "
                                                      "suppressed=?, sensitive=? WHERE id=?"));
  COFFRE_TRY(counts.bind(1, summary.added)
                 .bind(2, summary.merged)
                 .bind(3, summary.rejected)
                 .bind(4, summary.suppressed)
                 .bind(5, summary.sensitive_rows)
                 .bind(6, summary.batch)
                 .run());
  COFFRE_TRY(ctx.audit->append("import.batch", std::nullopt,
                               "batch=" + summary.batch + " format=" + summary.format + " basis=" +
                                   std::string(to_string(req.basis)) + " added=" + std::to_string(summary.added) +
                                   " merged=" + std::to_string(summary.merged) + " rejected=" +
                                   std::to_string(summary.rejected) + " suppressed=" + std::to_string(summary.suppressed)));
  COFFRE_TRY(tx.commit());
  return summary;
}

}  // namespace coffre
