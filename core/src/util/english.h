// A message's English text with its placeholders filled, never looked up in the catalogue: the
// text of a field that scripts read (--json) when the same message is also said to people in their
// language (trf). Built with {fmt} in i18n.cpp, as trf is.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace coffre {

std::string english(const char* msgid, std::initializer_list<std::string_view> args);

}  // namespace coffre
