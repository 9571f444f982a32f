// Finding a column of a CSV export by its header, whatever the tool calls it: shared by the
// consent-capture plugins that read CSV through import-csv's reader. Header only.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "answer_words.h"

namespace coffre::plugin::text {

// The header folded (fold_answer) with '_' and '-' read as spaces: "Submitted_At" -> "submitted at".
inline std::string fold_header(std::string_view h) {
  std::string s(h);
  for (auto& c : s)
    if (c == '_' || c == '-') c = ' ';
  return fold_answer(s);
}

// The index of the first header equal to one of `exact`, else containing one of `part`; -1 when
// none does. Headers are given folded.
inline int find_column(const std::vector<std::string>& folded, std::initializer_list<std::string_view> exact,
                       std::initializer_list<std::string_view> part = {}) {
  for (std::size_t i = 0; i < folded.size(); ++i)
    for (auto w : exact)
      if (folded[i] == w) return static_cast<int>(i);
  for (std::size_t i = 0; i < folded.size(); ++i)
    for (auto w : part)
      if (folded[i].find(w) != std::string::npos) return static_cast<int>(i);
  return -1;
}

}  // namespace coffre::plugin::text
