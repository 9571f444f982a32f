#include "csv_importer.h"

#include <algorithm>
#include <cstdio>
#include <memory>

#include "charset.h"
#include "coffre/plugin/i18n.h"
#include "input_file.h"

namespace coffre::plugin::csv {

namespace {
constexpr std::size_t kChunk = 64 * 1024;



// The first byte of `s` that has no place in a text file (NUL and C0 controls other than tab,
// LF, VT, FF and CR), or npos. 0x1A (the old DOS end-of-file mark) is tolerated.
std::size_t binary_at(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x0B && c != 0x0C && c != 0x1A) return i;
  }
  return std::string_view::npos;
}
}  // namespace

Info CsvImporter::info() const {
  return {"import-csv", Kind::Importer, "1.0.0",
          "CSV and TSV files (';' ',' or tab; UTF-8, Windows-1252, ISO-8859-15), Google/Outlook/Zoho/HubSpot exports"};
}

bool CsvImporter::setup(std::string&) { return true; }

int CsvImporter::sniff(const std::string& path, const std::string& head) const {
  if (has_suffix_ci(path, ".csv") || has_suffix_ci(path, ".tsv")) return 90;
  if (has_suffix_ci(path, ".txt")) return 40;
  if (head.size() >= 2 && head[0] == 'P' && head[1] == 'K') return 0;  // a zip (xlsx)
  if (head.find("BEGIN:VCARD") != std::string::npos) return 0;
  return head.find('\0') == std::string::npos ? 20 : 0;
}

bool CsvImporter::read(const ImportOptions& options, RecordSink& sink, ImportError& error) {
  text::InputFile in = text::open_input(options.path, error.message);
  if (!in.file) return false;
  std::FILE* const f = in.file.get();
  const std::uint64_t total = in.size;

  std::string raw(kChunk, '\0');
  std::size_t n = std::fread(raw.data(), 1, kChunk, f);
  raw.resize(n);
  std::uint64_t done = n;
  std::string charset = options.charset.empty() ? text::detect_charset(raw) : options.charset;
  bool utf8 = text::is_utf8_name(charset);
  text::ToUtf8 conv;
  if (!utf8 && !conv.open(charset, error.message)) return false;
  if (utf8) raw.erase(0, text::bom_length(raw));

  std::vector<std::string> header;
  bool header_done = false;
  std::uint64_t header_line = 0;
  auto on_record = [&](std::vector<std::string>& fields, std::uint64_t line) -> bool {
    if (!header_done) {
      header = std::move(fields);
      for (std::size_t i = 0; i < header.size(); ++i)
        if (header[i].empty()) header[i] = "column " + std::to_string(i + 1);
      header_done = true;
      header_line = line;
      return true;
    }
    Record r;
    r.line = line;
    r.fields.reserve(header.size() + 1);
    // Every header column (empty when a short row lacks it), then the cells past the header: a
    // rejected row's report holds all of the source.
    for (std::size_t i = 0; i < std::max(fields.size(), header.size()); ++i)
      r.fields.push_back({i < header.size() ? header[i] : "column " + std::to_string(i + 1),
                          i < fields.size() ? std::move(fields[i]) : std::string(), {}});
    if (fields.size() != header.size()) {
      const char* ragged = N_("{0} fields where the header (line {1}) has {2}");
      const std::string got = std::to_string(fields.size()), at = std::to_string(header_line),
                        want = std::to_string(header.size());
      r.fields.push_back({std::string(kProblemField), english(ragged, {got, at, want}),
                          std::to_string(std::min(fields.size(), header.size()) + 1)});
      r.fields.push_back({std::string(kSaidField), trf(ragged, {got, at, want}), {}});
    }
    return sink.record(std::move(r));
  };

  char delim = options.delimiter;
  std::string text_buf, utf8_carry;
  bool bom_checked = false;
  std::unique_ptr<Parser> parser;
  auto push = [&](std::string_view chunk, bool final) -> bool {
    text_buf.clear();
    std::uint64_t bad = 0;
    std::string conv_error;
    bool binary = false;
    if (utf8) {
      utf8_carry.append(chunk);
      std::size_t tail = 0;
      std::size_t bad_at = text::invalid_utf8_at(utf8_carry, !final, &tail);
      std::size_t good = bad_at != std::string_view::npos ? bad_at : utf8_carry.size() - tail;
      text_buf.assign(utf8_carry, 0, good);
      utf8_carry.erase(0, good);
      if (bad_at != std::string_view::npos) {  // NUL bytes next to it: junk, not a mis-encoded text
        binary = utf8_carry.find('\0') < 512;
        conv_error = binary ? tr("binary data: this is not a text file") : tr("invalid UTF-8");
      }
    } else if (!conv.convert(chunk, final, text_buf, conv_error, bad)) {
      conv_error = trf("cannot read as {0}: {1}", {charset, conv_error});
    }
    // iconv keeps a UTF-16 BOM as U+FEFF: it is no part of the first header.
    if (!bom_checked && !text_buf.empty()) {
      text_buf.erase(0, text::bom_length(text_buf));
      bom_checked = true;
    }
    if (!parser) {
      if (!delim) delim = sniff_delimiter(text_buf);
      parser = std::make_unique<Parser>(delim, on_record, limits_);
    }
    std::size_t junk = binary_at(text_buf);
    std::string_view ok_part(text_buf.data(), junk == std::string_view::npos ? text_buf.size() : junk);
    if (!parser->feed(ok_part)) return false;
    if (junk != std::string_view::npos) {
      parser->fail_here(trf("binary data (byte 0x{}): this is not a text file",
                            {std::string{"0123456789ABCDEF"[(text_buf[junk] >> 4) & 0xF],
                                         "0123456789ABCDEF"[text_buf[junk] & 0xF]}}));
      return false;
    }
    if (!conv_error.empty()) {
      parser->fail_here(utf8 && !binary ? trf("{} (the file is read as UTF-8; try --charset)", {conv_error})
                                        : conv_error);
      return false;
    }
    return true;
  };

  bool ok = push(raw, n < kChunk);
  while (ok && n == kChunk) {
    n = std::fread(raw.data(), 1, kChunk, f);
    raw.resize(n);
    done += n;
    sink.progress(done, total);
    ok = push(raw, n < kChunk);
    raw.resize(kChunk);
  }
  if (ok && std::ferror(f)) {
    error.message = trf("read error on {}", {options.path});
    return false;
  }
  if (ok) ok = parser->finish();
  if (!ok && parser && parser->stopped()) return true;  // the host asked to stop
  if (!ok) {
    const auto& e = parser->error();
    error.message = e.message;
    error.line = e.line;
    error.column = e.column;
    return false;
  }
  if (!header_done) {
    error.message = tr("the file is empty: no header line");
    return false;
  }
  return true;
}

}  // namespace coffre::plugin::csv
