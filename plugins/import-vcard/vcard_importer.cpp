#include "vcard_importer.h"

#include <cstdio>
#include <memory>

#include "charset.h"
#include "coffre/plugin/i18n.h"
#include "input_file.h"

namespace coffre::plugin::vcard {

Info VcardImporter::info() const {
  return {"import-vcard", Kind::Importer, "1.0.0", "vCard 2.1, 3.0 and 4.0 (.vcf) from phones and address books"};
}

bool VcardImporter::setup(std::string&) { return true; }

int VcardImporter::sniff(const std::string& path, const std::string& head) const {
  std::string h = head.substr(0, 4096);
  for (auto& c : h)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  if (h.find("BEGIN:VCARD") != std::string::npos) return 95;
  if (has_suffix_ci(path, ".vcf") || has_suffix_ci(path, ".vcard")) return 80;
  return 0;
}

bool VcardImporter::read(const ImportOptions& options, RecordSink& sink, ImportError& error) {
  text::InputFile in = text::open_input(options.path, error.message);
  if (!in.file) return false;
  std::FILE* const f = in.file.get();
  const std::uint64_t total = in.size;
  // --charset forces the charset of values that carry no CHARSET parameter.
  std::unique_ptr<text::ToUtf8> conv;
  if (!options.charset.empty() && !text::is_utf8_name(options.charset)) {
    conv = std::make_unique<text::ToUtf8>();
    if (!conv->open(options.charset, error.message)) return false;
  }
  Parser parser([&](Record&& r) { return sink.record(std::move(r)); });
  std::string buf(64 * 1024, '\0'), converted;
  std::uint64_t done = 0;
  bool first = true, ok = true;
  while (ok) {
    std::size_t n = std::fread(buf.data(), 1, buf.size(), f);
    if (n == 0) break;
    std::string_view chunk(buf.data(), n);
    // UTF-16 with a BOM (Outlook and some phones write it): converted as a whole, BOM dropped.
    if (first && !conv && n >= 2) {
      const auto b0 = static_cast<unsigned char>(chunk[0]), b1 = static_cast<unsigned char>(chunk[1]);
      if ((b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF)) {
        conv = std::make_unique<text::ToUtf8>();
        if (!conv->open(b0 == 0xFF ? "UTF-16LE" : "UTF-16BE", error.message)) return false;
        chunk.remove_prefix(2);
      }
    }
    if (first && !conv) chunk.remove_prefix(std::min(chunk.size(), text::bom_length(chunk)));
    first = false;
    if (conv) {
      converted.clear();
      std::uint64_t bad = 0;
      if (!conv->convert(chunk, false, converted, error.message, bad)) return false;
      chunk = converted;
    }
    ok = parser.feed(chunk);
    done += n;
    sink.progress(done, total);
  }
  if (ok && std::ferror(f)) {
    error.message = trf("read error on {}", {options.path});
    return false;
  }
  if (ok) ok = parser.finish();
  if (!ok && parser.stopped()) return true;
  if (!ok) {
    error = parser.error();
    return false;
  }
  return true;
}

}  // namespace coffre::plugin::vcard
