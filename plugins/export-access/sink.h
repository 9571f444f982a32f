// Buffers what an exporter writes and hands it to the host's ExportTarget in chunks of kChunk
// bytes (the last one shorter): few calls into the host, bounded memory for the text report. Once
// the target refuses a write, every later call returns false without calling it again.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

#include "coffre/plugin/exporter.h"

namespace coffre::exporter {

class ChunkedSink {
 public:
  static constexpr std::size_t kChunk = 64 * 1024;

  explicit ChunkedSink(plugin::ExportTarget& target) : target_(target) { buf_.reserve(kChunk); }

  // False once the target has refused bytes: the exporter stops there.
  bool append(std::string_view s) {
    while (!s.empty()) {
      if (failed_) return false;
      const std::size_t take = std::min(kChunk - buf_.size(), s.size());
      buf_.append(s.data(), take);
      s.remove_prefix(take);
      if (buf_.size() == kChunk && !flush()) return false;
    }
    return !failed_;
  }

  // Writes out what is buffered. Call once at the end.
  bool flush() {
    if (failed_) return false;
    if (buf_.empty()) return true;
    const bool ok = target_.write(buf_);
    buf_.clear();
    failed_ = !ok;
    return ok;
  }

 private:
  plugin::ExportTarget& target_;
  std::string buf_;
  bool failed_ = false;
};

}  // namespace coffre::exporter
