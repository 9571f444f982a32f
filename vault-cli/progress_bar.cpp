#include "progress_bar.h"

#include <unistd.h>

#include <cstdio>

namespace coffre::cli {

void TerminalProgress::start(std::string_view label, std::uint64_t total) {
  label_ = label;
  total_ = total;
  done_ = 0;
  active_ = true;
  draw(true);
}

void TerminalProgress::advance(std::uint64_t done) {
  done_ = done;
  draw(false);
}

void TerminalProgress::finish() {
  if (!active_) return;
  if (total_) done_ = total_;
  draw(true);
  (void)!::write(fd_, "\n", 1);
  active_ = false;
}

void TerminalProgress::draw(bool force) {
  auto now = std::chrono::steady_clock::now();
  if (!force && now - last_ < std::chrono::milliseconds(100)) return;
  last_ = now;
  char line[160];
  int n;
  if (total_) {
    const int width = 30;
    double f = static_cast<double>(done_) / static_cast<double>(total_);
    if (f > 1) f = 1;
    int fill = static_cast<int>(f * width);
    std::string bar(static_cast<std::size_t>(fill), '#');
    bar.resize(width, '.');
    n = std::snprintf(line, sizeof line, "\r%-20.20s [%s] %3d%% %llu/%llu", label_.c_str(), bar.c_str(),
                      static_cast<int>(f * 100), static_cast<unsigned long long>(done_),
                      static_cast<unsigned long long>(total_));
  } else {
    n = std::snprintf(line, sizeof line, "\r%-20.20s %llu", label_.c_str(), static_cast<unsigned long long>(done_));
  }
  if (n > 0) (void)!::write(fd_, line, static_cast<std::size_t>(n) < sizeof line ? static_cast<std::size_t>(n) : sizeof line - 1);
}

}  // namespace coffre::cli
