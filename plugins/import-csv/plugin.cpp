// The shared library's entry points (plugin/abi.h): the importer lives in csv_importer.cpp.
#include "csv_importer.h"

COFFRE_PLUGIN(coffre::plugin::csv::CsvImporter)
