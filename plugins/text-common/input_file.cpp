#include "input_file.h"

#include <sys/stat.h>

#include "coffre/plugin/i18n.h"

namespace coffre::plugin::text {

InputFile open_input(const std::string& path, std::string& error) {
  InputFile in;
  in.file.reset(std::fopen(path.c_str(), "rb"));
  if (!in.file) {
    error = trf("cannot open {}", {path});
    return in;
  }
  struct stat st {};
  if (::fstat(fileno(in.file.get()), &st) == 0) in.size = static_cast<std::uint64_t>(st.st_size);
  return in;
}

}  // namespace coffre::plugin::text
