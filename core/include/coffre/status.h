// Expected failures are values: every core call that can fail for a reason the user must hear about
// returns a Status or a Result<T>. Exceptions never cross the core's public surface; the crypto
// facade and the plugin host turn library exceptions into these values, and only the CLI's main()
// maps an ErrorKind to a process exit code (see docs/cli.md, "Exit codes").
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace coffre {

enum class ErrorKind {
  Usage,               // the caller asked for something that makes no sense
  AuthFailed,          // wrong passphrase or recovery code, or not a Coffre vault
  NotFound,            // no such contact, document, vault, plugin...
  InvalidInput,        // malformed file or value: the message names file, line and field
  IoError,             // the operating system refused (full disk, permissions...)
  Corruption,          // a file of the vault failed an integrity check
  PluginIncompatible,  // a plugin cannot be loaded (ABI, permissions, set-up)
  Conflict,            // the operation clashes with existing state (already exists, locked)
  Internal,            // a bug: an invariant did not hold
};

const char* to_string(ErrorKind kind) noexcept;

struct Error {
  ErrorKind kind;
  std::string message;
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT: implicit on purpose
  static Status success() { return {}; }

  bool ok() const noexcept { return !error_.has_value(); }
  explicit operator bool() const noexcept { return ok(); }
  const Error& error() const { return *error_; }
  ErrorKind kind() const { return error_->kind; }
  const std::string& message() const { return error_->message; }

 private:
  std::optional<Error> error_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT: implicit on purpose
  Result(Error error) : v_(std::move(error)) {}  // NOLINT
  Result(Status status) : v_(status.error()) {}  // NOLINT: only from a failed Status

  bool ok() const noexcept { return std::holds_alternative<T>(v_); }
  explicit operator bool() const noexcept { return ok(); }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<Error>(v_); }
  Status status() const { return ok() ? Status{} : Status{error()}; }

 private:
  std::variant<T, Error> v_;
};

inline Error make_error(ErrorKind kind, std::string message) { return Error{kind, std::move(message)}; }

}  // namespace coffre

#define COFFRE_CONCAT_INNER(a, b) a##b
#define COFFRE_CONCAT(a, b) COFFRE_CONCAT_INNER(a, b)

// Returns the failed Status from the enclosing function.
#define COFFRE_TRY(expr)                                   \
  do {                                                     \
    if (auto coffre_try_status_ = (expr); !coffre_try_status_.ok()) \
      return coffre_try_status_.error();                   \
  } while (0)

// Declares `lhs` from a Result, or returns its error from the enclosing function.
#define COFFRE_ASSIGN_OR_RETURN(lhs, expr) \
  COFFRE_ASSIGN_OR_RETURN_IMPL(COFFRE_CONCAT(coffre_result_, __LINE__), lhs, expr)
#define COFFRE_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.error();                 \
  lhs = std::move(tmp).value()
