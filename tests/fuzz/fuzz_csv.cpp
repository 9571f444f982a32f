// libFuzzer target: the CSV importer (charset detection and conversion, delimiter sniffing, the
// RFC 4180 tokenizer), plus the tokenizer fed in two chunks cut at a fuzzed point, which must give
// the same records as one feed.
#include <cstdlib>

#include "charset.h"
#include "csv_importer.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace coffre;
  plugin::csv::CsvImporter imp;
  imp.set_limits({4096, 16384, 64});
  plugin::ImportOptions o;
  o.path = fuzz::write_input(data, size, ".csv");
  fuzz::TouchSink sink;
  plugin::ImportError err;
  (void)imp.read(o, sink, err);

  // Chunking must not change what the tokenizer sees (valid UTF-8 only, as the importer feeds it).
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (size > 1 && plugin::text::invalid_utf8_at(text) == std::string_view::npos) {
    std::size_t cut = data[0] % size;
    std::vector<std::vector<std::string>> a, b;
    plugin::csv::Parser p1(';', [&](auto& f, auto) { a.push_back(f); return true; });
    bool ok1 = p1.feed(text) && p1.finish();
    plugin::csv::Parser p2(';', [&](auto& f, auto) { b.push_back(f); return true; });
    bool ok2 = p2.feed(text.substr(0, cut)) && p2.feed(text.substr(cut)) && p2.finish();
    if (ok1 != ok2 || (ok1 && a != b)) std::abort();
  }
  return 0;
}
