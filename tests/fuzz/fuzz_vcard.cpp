// libFuzzer target: the vCard importer (unfolding, QUOTED-PRINTABLE, CHARSET conversion, params).
#include "fuzz_support.h"
#include "vcard_importer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace coffre;
  plugin::vcard::VcardImporter imp;
  plugin::ImportOptions o;
  o.path = fuzz::write_input(data, size, ".vcf");
  fuzz::TouchSink sink;
  plugin::ImportError err;
  (void)imp.read(o, sink, err);
  (void)plugin::vcard::decode_quoted_printable(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
