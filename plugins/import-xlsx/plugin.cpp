// The shared library's entry points (plugin/abi.h): the importer lives in xlsx_importer.cpp.
#include "xlsx_importer.h"

COFFRE_PLUGIN(coffre::plugin::xlsx::XlsxImporter)
