// Reading secrets from the user: from the terminal without echo, from a file, or from a file
// descriptor. Never from argv or the environment. The bytes go straight into locked memory.
#pragma once

#include <string>

#include "coffre/secret.h"
#include "coffre/status.h"

namespace coffre::cli {

// Reads one secret line from the controlling terminal without echo.
Result<SecretBytes> prompt_secret(const std::string& prompt);
// Reads a secret from a file (the first line, without its line ending); refuses an empty one.
Result<SecretBytes> read_secret_file(const std::string& path);
Result<SecretBytes> read_secret_fd(int fd, const std::string& what);
// Asks twice on the terminal and checks both answers match.
Result<SecretBytes> prompt_new_secret();

}  // namespace coffre::cli
