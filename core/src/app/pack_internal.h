// The access pack's insides (coffre/app/pack.h): the views it is written from, and the zip
// writer and reader over libzip.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "coffre/app/register.h"
#include "coffre/app/session.h"
#include "coffre/model.h"
#include "coffre/plugin/exporter.h"
#include "coffre/progress.h"
#include "coffre/secret.h"
#include "util/files.h"

namespace coffre::app::pack_detail {

// The person's whole view for the pack, values in their stable spellings (data.json, the CSV
// files): the art. 15(1) sections from the register first ("controller", "processing" for the
// processing of the person's category, "rights"), then subject_view()'s sections with each
// document's "file" (its path in the pack), and "requests" (the person's own subject requests)
// before "history". `docs` receives the person's documents.
Result<plugin::SubjectView> pack_view(Session& session, Id contact_id, const std::string& language,
                                      const ProcessingRegister& reg, std::vector<Document>& docs);
// The same view for a person to read (index.html): enumerations in words of `language`, times in
// local time (Europe/Paris), phones as people write them; the audit details (technical
// key=value text, kept in data.json) left out of the history.
plugin::SubjectView display_view(const plugin::SubjectView& stable, const std::string& language);
// Only what the person provided (art. 20): names, job title, address, e-mails, phones and the
// name of their company; none of what we wrote or observed about them.
plugin::SubjectView portability_view(const plugin::SubjectView& stable);
// "documents/<id><.ext>": the document's path in the pack. The person's file name stays in the
// encrypted data (it may say who they are), not in the zip's directory, which ZIP encryption
// leaves readable.
std::string document_entry(const Document& d);

// One file of the pack. Either bytes in memory, or a document decrypted while the zip is written.
struct PackFile {
  std::string path;
  std::string bytes;
  std::optional<Id> document;  // set: the bytes come from this document, `size` of them
  std::uint64_t size = 0;
  bool compress = true;
};

// Writes `files` as a zip into `out` (the destination itself, a util::PrivateOutput: no temp
// file), each entry AES-256 encrypted (WinZip AE-2) under `password` when it is non-null, dated
// `mtime`. `read_document` streams a document's bytes when libzip asks for them, one document
// in memory at a time. Progress goes to `progress`. The output is not committed here.
Status write_zip(util::PrivateOutput& out, const std::vector<PackFile>& files, const SecretBytes* password,
                 std::int64_t mtime,
                 const std::function<Status(Id, const std::function<Status(std::string_view)>&)>& read_document,
                 Progress& progress);

// Every entry of the zip at `path`, read through `sink` in order (name, bytes chunk by chunk,
// end of entry). AuthFailed for an encrypted pack without a password or with a wrong one;
// Corruption for a damaged zip (naming the entry).
struct ZipEntryReader {
  std::function<void(const std::string& name)> begin;
  std::function<void(std::string_view bytes)> data;
  std::function<void()> end;
};
Status read_zip(const std::filesystem::path& path, const SecretBytes* password, const ZipEntryReader& reader);

}  // namespace coffre::app::pack_detail
