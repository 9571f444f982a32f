// The clock behind an interface, so that tests can move time forward (retention, follow-ups)
// without sleeping. Times are Unix seconds, UTC.
#pragma once

#include <cstdint>
#include <string>

namespace coffre {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::int64_t now() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::int64_t now() const override;
  static SystemClock& instance();
};

// "2026-11-24T10:00:00Z"
std::string format_utc(std::int64_t unix_seconds);
// Accepts "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS][Z]" and "YYYY-MM-DD HH:MM[:SS]"; false if malformed.
bool parse_utc(const std::string& text, std::int64_t& out);

}  // namespace coffre
