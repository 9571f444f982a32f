#include <iostream>

#include "command.h"

int main(int argc, char** argv) {
  // Core dumps off and self-tests before any secret is read (initialise_runtime is idempotent).
  if (auto s = coffre::initialise_runtime(); !s.ok()) {
    std::cerr << "coffre: " << s.message() << "\n";
    return 5;
  }
  return coffre::cli::run_cli(argc, argv, std::cout, std::cerr);
}
