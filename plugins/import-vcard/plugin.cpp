// The shared library's entry points (plugin/abi.h): the importer lives in vcard_importer.cpp.
#include "vcard_importer.h"

COFFRE_PLUGIN(coffre::plugin::vcard::VcardImporter)
