#include "coffre/status.h"

namespace coffre {

const char* to_string(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::Usage: return "usage";
    case ErrorKind::AuthFailed: return "authentication";
    case ErrorKind::NotFound: return "not-found";
    case ErrorKind::InvalidInput: return "invalid-input";
    case ErrorKind::IoError: return "io";
    case ErrorKind::Corruption: return "corruption";
    case ErrorKind::PluginIncompatible: return "plugin";
    case ErrorKind::Conflict: return "conflict";
    case ErrorKind::Internal: return "internal";
  }
  return "internal";
}

}  // namespace coffre
