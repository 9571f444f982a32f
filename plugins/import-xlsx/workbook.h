// The parts of a workbook that a sheet needs: which part holds which sheet (workbook.xml and its
// relationships), the shared strings, which cell styles are dates (styles.xml: built-in number
// formats 14-22, 27-36, 45-47, 50-58, and custom formats with d, m or y outside quotes and
// brackets), and whether serial dates count from 1900 or 1904.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "zip_reader.h"

namespace coffre::plugin::xlsx {

enum class NumKind : std::uint8_t { Number, Date, DateTime, Time };

struct SheetRef {
  std::string name;
  std::string part;  // "xl/worksheets/sheet1.xml"
};

struct Workbook {
  std::vector<SheetRef> sheets;  // in the workbook's order
  std::vector<std::string> shared_strings;
  std::vector<NumKind> style_kinds;  // by cell style index (the `s` attribute)
  bool date1904 = false;
};

// Reads workbook.xml (located through _rels/.rels), its relationships, sharedStrings.xml and
// styles.xml. False with `error` when the archive is not a workbook.
bool load_workbook(ZipReader& zip, Workbook& wb, std::string& error);

// What a number format code shows: a date, a date and time, a time, or a plain number.
NumKind classify_format(std::string_view code);
NumKind builtin_format_kind(int id);

// "YYYY-MM-DD", "YYYY-MM-DD HH:MM" or "HH:MM[:SS]" for an Excel serial date; empty if out of range.
// Undoes the escapes of characters XML cannot hold: "_x000D_" is a carriage return, "_x005F_" an
// underscore (so "_x005F_x0041_" is the text "_x0041_"); ECMA-376 part 1 §22.4.2.4 (ST_Xstring).
std::string decode_ooxml_escapes(std::string_view s);
std::string format_serial(double serial, NumKind kind, bool date1904);

// Column letters of a cell reference ("AB12") to a 1-based column (28); 0 if there are none or
// past XFD (16384).
std::uint32_t column_of(std::string_view ref);
// 28 -> "AB"
std::string column_letters(std::uint32_t col);

}  // namespace coffre::plugin::xlsx
