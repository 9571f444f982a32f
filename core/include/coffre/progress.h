// Long work (import, export, erasure, shredding, large documents) reports progress through this
// interface; the CLI draws a bar on a terminal and stays silent when piped. Implementations must
// be cheap to call often: callers report at most every few thousand items or every chunk.
#pragma once

#include <cstdint>
#include <string_view>

namespace coffre {

class Progress {
 public:
  virtual ~Progress() = default;
  // `total` is 0 when unknown.
  virtual void start(std::string_view label, std::uint64_t total) = 0;
  virtual void advance(std::uint64_t done) = 0;  // absolute count, not a delta
  virtual void finish() = 0;
};

class NullProgress final : public Progress {
 public:
  void start(std::string_view, std::uint64_t) override {}
  void advance(std::uint64_t) override {}
  void finish() override {}
  static NullProgress& instance() {
    static NullProgress p;
    return p;
  }
};

}  // namespace coffre
