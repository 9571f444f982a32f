// A RecordSink that keeps every record, for the parser tests.
#pragma once

#include <string>
#include <vector>

#include "coffre/plugin/importer.h"

namespace coffre::test {

struct CollectSink final : plugin::RecordSink {
  std::vector<plugin::Record> records;
  std::size_t stop_after = static_cast<std::size_t>(-1);
  bool record(plugin::Record&& r) override {
    records.push_back(std::move(r));
    return records.size() < stop_after;
  }
  std::uint64_t progress_calls = 0, last_done = 0, last_total = 0;
  void progress(std::uint64_t done, std::uint64_t total) override {
    ++progress_calls;
    last_done = done;
    last_total = total;
  }

  // The value of the first field `name` of record `i` ("" if absent).
  std::string get(std::size_t i, const std::string& name) const {
    for (const auto& f : records.at(i).fields)
      if (f.name == name) return f.value;
    return {};
  }
  std::vector<std::string> all(std::size_t i, const std::string& name) const {
    std::vector<std::string> v;
    for (const auto& f : records.at(i).fields)
      if (f.name == name) v.push_back(f.value);
    return v;
  }
  std::string label(std::size_t i, const std::string& name, const std::string& value) const {
    for (const auto& f : records.at(i).fields)
      if (f.name == name && f.value == value) return f.label;
    return "<none>";
  }
};

}  // namespace coffre::test
