// A progress bar on a terminal (stderr), redrawn at most ten times a second; nothing when stderr
// is not a terminal or -q was given, so piped output stays clean.
#pragma once

#include <chrono>
#include <string>

#include "coffre/progress.h"

namespace coffre::cli {

class TerminalProgress final : public Progress {
 public:
  explicit TerminalProgress(int fd) : fd_(fd) {}
  void start(std::string_view label, std::uint64_t total) override;
  void advance(std::uint64_t done) override;
  void finish() override;

 private:
  void draw(bool force);
  int fd_;
  std::string label_;
  std::uint64_t total_ = 0, done_ = 0;
  std::chrono::steady_clock::time_point last_{};
  bool active_ = false;
};

}  // namespace coffre::cli
