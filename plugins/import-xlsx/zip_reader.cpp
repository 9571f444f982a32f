#include "zip_reader.h"
#include "coffre/plugin/i18n.h"

#include <zip.h>

#include <cstdio>
#include <memory>

namespace coffre::plugin::xlsx {

namespace {
std::string mib(std::uint64_t bytes) { return std::to_string(bytes >> 20) + " MiB"; }
}  // namespace

ZipReader::~ZipReader() {
  if (zip_) zip_discard(zip_);
}

bool ZipReader::open(const std::string& path, std::uint64_t max_uncompressed, std::string& error) {
  max_ = max_uncompressed;
  {
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), std::fclose);
    if (!f) {
      error = trf("cannot open {}", {path});
      return false;
    }
    char magic[4] = {};
    if (std::fread(magic, 1, 4, f.get()) != 4 || magic[0] != 'P' || magic[1] != 'K' || magic[2] != 3 || magic[3] != 4) {
      error = trf("not an .xlsx file: {} is not a zip archive (an .xlsx is one; an old .xls or a CSV renamed to "
                  ".xlsx is not)",
                  {path});
      return false;
    }
  }
  int err = 0;
  zip_ = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &err);
  if (!zip_) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, err);
    error = trf("not a readable zip archive ({0}): {1}", {path, zip_error_strerror(&ze)});
    zip_error_fini(&ze);
    return false;
  }
  zip_int64_t n = zip_get_num_entries(zip_, 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(zip_, static_cast<zip_uint64_t>(i), 0, &st) != 0) continue;
    if (!(st.valid & ZIP_STAT_SIZE)) continue;
    std::string name = (st.valid & ZIP_STAT_NAME) && st.name ? st.name : "?";
    if (st.size > max_ || total_ + st.size > max_) {
      error = trf("refusing a zip bomb: the archive declares {0} uncompressed (entry {1}), over the limit of {2}",
                  {mib(total_ + st.size), name, mib(max_)});
      return false;
    }
    total_ += st.size;
    if ((st.valid & ZIP_STAT_COMP_SIZE) && st.size >= kRatioMinBytes &&
        st.size / (st.comp_size ? st.comp_size : 1) > kMaxRatio) {
      error = trf("refusing a zip bomb: entry {0} claims a compression ratio of {1}:1 (a spreadsheet stays under {2}:1)",
                  {name, std::to_string(st.size / (st.comp_size ? st.comp_size : 1)), std::to_string(kMaxRatio)});
      return false;
    }
  }
  return true;
}

// Package part names are case-insensitive (OPC, ECMA-376 part 2 §6.2.2.3: "xl/SharedStrings.xml"
// is "xl/sharedStrings.xml"), and some writers store "xl\workbook.xml" with Windows separators.
std::int64_t ZipReader::locate(const std::string& name) const {
  zip_int64_t i = zip_name_locate(zip_, name.c_str(), ZIP_FL_NOCASE);
  if (i >= 0) return i;
  auto fold = [](std::string s) {
    for (auto& c : s) {
      if (c == '\\') c = '/';
      else if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
  };
  const std::string want = fold(name);
  const zip_int64_t n = zip_get_num_entries(zip_, 0);
  for (zip_int64_t k = 0; k < n; ++k) {
    const char* entry = zip_get_name(zip_, static_cast<zip_uint64_t>(k), ZIP_FL_ENC_RAW);
    if (entry && fold(entry) == want) return k;
  }
  return -1;
}

std::uint64_t ZipReader::entry_size(const std::string& name) const {
  zip_stat_t st;
  zip_stat_init(&st);
  const zip_int64_t i = locate(name);
  if (i < 0 || zip_stat_index(zip_, static_cast<zip_uint64_t>(i), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) return 0;
  return st.size;
}

bool ZipReader::has(const std::string& name) const { return locate(name) >= 0; }

bool ZipReader::read(const std::string& name, const std::function<bool(std::string_view)>& chunk, std::string& error) {
  zip_stat_t st;
  zip_stat_init(&st);
  const zip_int64_t index = locate(name);
  if (index < 0 || zip_stat_index(zip_, static_cast<zip_uint64_t>(index), 0, &st) != 0) {
    error = trf("the workbook has no part {}", {name});
    return false;
  }
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> f(zip_fopen_index(zip_, static_cast<zip_uint64_t>(index), 0),
                                                      zip_fclose);
  if (!f) {
    error = trf("cannot read {0} in the archive: {1}", {name, zip_strerror(zip_)});
    return false;
  }
  std::string buf(64 * 1024, '\0');
  std::uint64_t entry_bytes = 0;
  for (;;) {
    zip_int64_t n = zip_fread(f.get(), buf.data(), buf.size());
    if (n < 0) {
      error = trf("damaged archive: cannot inflate {0}: {1}", {name, zip_file_strerror(f.get())});
      return false;
    }
    if (n == 0) return true;
    entry_bytes += static_cast<std::uint64_t>(n);
    inflated_ += static_cast<std::uint64_t>(n);
    if (inflated_ > max_ || ((st.valid & ZIP_STAT_SIZE) && entry_bytes > st.size)) {
      error = trf("refusing a zip bomb: {0} inflates past its declared size or the limit of {1}", {name, mib(max_)});
      return false;
    }
    if (!chunk(std::string_view(buf.data(), static_cast<std::size_t>(n)))) return true;
  }
}

}  // namespace coffre::plugin::xlsx
