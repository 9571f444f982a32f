// Documents: any file a salesperson keeps about a person (a signed quote, a scanned card...),
// encrypted under that person's own random data key (docs/design.md §3, §5). The key is created at the
// person's first document and stored wrapped (XChaCha20-Poly1305 under a subkey of the master
// key, bound to the person's pseudonym); erasing the person destroys it, which makes every copy of
// their blobs unreadable. Blobs live in the vault's blobs/ folder under random names, written
// through a temp file, synced and renamed, ciphertext only (format: docs/formats.md).
// A DocumentStore holds a reference to the Vault, which must outlive it. One thread at a time.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "coffre/model.h"
#include "coffre/progress.h"
#include "coffre/status.h"
#include "coffre/vault.h"

namespace coffre {

// What `add` records besides the file: its kind, and its own date (an invoice's date; default: the
// day it is added). An invoice or accounting record is kept until the end of the tenth year after
// the calendar year of its date (Code de commerce art. L123-22, the financial year taken as the
// calendar year), past its person's erasure; it is encrypted under a key of its own for that.
struct DocumentOptions {
  DocumentKind kind = DocumentKind::Other;
  std::optional<Time> dated_at;
};

// An invoice or accounting record kept after its person was erased: under the person's pseudonym,
// never their name, until `keep_until`, when `expire_kept` shreds it.
struct KeptDocument {
  Id id = 0;
  std::string subject;  // the erased person's pseudonym
  DocumentKind kind = DocumentKind::Accounting;
  std::string name;
  std::int64_t size = 0;
  std::string sha256;
  Time added_at = 0;
  std::optional<Time> dated_at;
  Time keep_until = 0;
  Time kept_at = 0;
};

// The end of the legal keeping of an accounting record dated `dated_at`: 1 January, 00:00 UTC, of
// the eleventh year after (dated in 2026: kept through 31 December 2036).
Time accounting_keep_until(Time dated_at);

struct DocumentCheck {
  std::int64_t checked = 0;
  std::int64_t incomplete = 0;        // rows of adds that were interrupted (no usable blob)
  std::vector<std::string> failures;  // one message per document that fails, naming it and its blob
};

class DocumentStore {
 public:
  explicit DocumentStore(Vault& vault) : vault_(vault) {}

  // Encrypts `file` (streamed, bounded memory) as a new document of the contact; its name is the
  // file name without folders. NotFound: no such contact or file; InvalidInput: not a regular
  // file; Conflict: the contact is being erased; IoError: reading or writing failed.
  Result<Id> add(Id contact_id, const std::filesystem::path& file, Progress& progress,
                 const DocumentOptions& options = {});
  // The same for bytes held in memory (a mail message kept as consent evidence): never written in
  // clear anywhere; `name` is the document's name.
  Result<Id> add_bytes(Id contact_id, const std::string& name, std::string_view bytes, Progress& progress,
                       const DocumentOptions& options = {});
  // The contact's documents, oldest first (NotFound if there is no such contact).
  Result<std::vector<Document>> list(Id contact_id);
  Result<Document> info(Id doc_id);  // NotFound: "no document with id N"
  // Decrypts the document (or a kept document: same ids) straight into `out`: created with mode 0600 and O_EXCL (Conflict if it
  // exists, unless `overwrite`), never through a plaintext temp file. On any failure after `out`
  // was created, what was written is overwritten and `out` removed; a blob that fails
  // authentication, size or SHA-256 is Corruption naming the document and its blob file.
  Status get(Id doc_id, const std::filesystem::path& out, Progress& progress, bool overwrite = false);
  // Decrypts the document into `sink`, chunk by chunk, checking size and SHA-256 at the end
  // (Corruption as get() says): for a writer that puts the bytes somewhere of its own (the access
  // pack's zip), never a file of ours. Writes no audit entry: the caller records what it did.
  Status read(Id doc_id, const std::function<Status(std::string_view)>& sink, Progress& progress);
  // The documents kept past their person's erasure, by id (`coffre doc kept`); with `due_by`, only
  // those whose keeping ends by then (the retention plan).
  Result<std::vector<KeptDocument>> list_kept(std::optional<Time> due_by = std::nullopt);
  // Shreds the kept documents whose keeping ended at `now` (blob first, then the row, one audit
  // entry each under the pseudonym); returns them. Called by every retention run.
  Result<std::vector<KeptDocument>> expire_kept(Time now);
  // Decrypts every document and compares size and SHA-256, writing nothing (`coffre check`).
  Result<DocumentCheck> check_all(Progress& progress);
  // Finishes what interrupted adds left (a killed `doc add`): shreds their partial blob or temp
  // file and removes their pending row, with an audit entry each. Returns how many. Conflict when
  // another process is adding a document right now (its add would be taken for an interrupted
  // one): adds hold a shared lock on DIR/documents.lock, this takes it exclusively.
  Result<std::int64_t> clean_interrupted();

 private:
  Result<Id> add_from(Id contact_id, File& in, const std::filesystem::path& file, std::uint64_t size,
                      Progress& progress, const DocumentOptions& options);
  Vault& vault_;
};

}  // namespace coffre
