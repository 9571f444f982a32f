// The one erasure path (docs/design.md §6), for every reason: manual removal, objection, access
// request, retention, import undo. It removes the person's rows, destroys their subject key
// (crypto-shredding every copy of their documents), shreds the blob files, compacts the search
// index, checkpoints and truncates the WAL, records a suppression entry when the person objected,
// appends an audit entry and returns a proof of what was erased.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "coffre/model.h"
#include "coffre/progress.h"
#include "coffre/status.h"
#include "coffre/vault.h"

namespace coffre {

// Why a person is erased. Request is an erasure request (GDPR art. 17) and Objection an objection
// (art. 21): both put the person's e-mails and phones on the suppression list, since the person
// asked not to be processed. "access-request", the word earlier versions wrote for Request, is
// still read as it.
enum class ErasureReason { Manual, Objection, Request, Retention, ImportUndo };
std::string_view to_string(ErasureReason r);

// "manual", "objection", "request" (also "access-request"), "retention", "import-undo";
// nullopt for an unknown word. The only parser of reasons: the CLI,
// the erasure journal and certificates all read them through it.
std::optional<ErasureReason> parse_erasure_reason(std::string_view s);

struct ErasureProof {
  std::string subject;               // the pseudonym of who was erased
  ErasureReason reason = ErasureReason::Manual;
  Time at = 0;
  std::int64_t rows = 0;             // database rows removed
  std::int64_t documents = 0;        // blob files shredded
  bool subject_key_destroyed = false;
  bool suppressed = false;           // a suppression entry was recorded
  // The write-ahead log was found empty after the erasure's checkpoint (its size read from the
  // disk, not assumed): no page as it was before the erasure is left in it.
  bool wal_truncated = false;
  // The person's organisation: "none", "shared" (colleagues remain, kept), "erased" (created from
  // the person's row and left with no one), or "kept" (no one left, but kept: `organisation_why`).
  std::string organisation = "none";
  std::optional<Id> organisation_id;  // when kept
  std::string organisation_why;
  // Channels ("email", "phone"...) whose withdrawal or objection is kept as channel-scoped
  // suppression entries (keyed hashes, coffre/consent.h): what the erasure keeps, by design.
  std::vector<std::string> consent_kept;
  // Invoices and accounting records kept past the erasure (Code de commerce art. L123-22), under
  // the pseudonym, until the latest of their dates; retention shreds each at its date.
  std::int64_t documents_kept = 0;
  std::optional<Time> documents_kept_until;
  // What the erasure cannot reach, as stable codes: "exports-made-earlier" (access exports and
  // campaign files written before), "backups-until-they-expire", "storage-keeping-old-copies"
  // (SSD wear levelling, snapshots; docs/shredding.md). Read back from certificates that have it.
  std::vector<std::string> residual_risks;
  // The person's data-subject requests (coffre/app/requests.h), kept under their pseudonym with
  // their type, dates and outcome (proof of compliance); their notes and evidence went with them.
  std::vector<Id> requests_kept;
  // The person's audit entries whose details the erasure removed (the chain still verifies), and
  // those written before migration 17 whose details could not be removed without breaking it.
  std::int64_t audit_details_removed = 0;
  std::int64_t audit_details_older = 0;
  bool erased_again_at_restore = false;  // ErasureOptions::at_restore
  // The backup retention the user set (`coffre backup prune --keep`, coffre/app/backup.h), in days,
  // when set: backups made before the erasure may hold the person until erased_at + this.
  std::optional<std::int64_t> backup_retention_days;
  std::string certificate;           // signed JSON (Ed25519 with the audit key), see docs/formats.md
};

// A person under a legal hold (GDPR art. 17(3)(e), coffre/retention.h) is erased by no path, for
// no reason, unless the hold is overridden with a reason, which the audit log keeps
// (`hold.override`). Conflict, erasing no one, when one of the ids is held and not overridden.
struct ErasureOptions {
  std::optional<std::string> override_hold;
  // Set by `coffre backup restore` (coffre/app/backup.h) when it replays an erasure the ledger
  // recorded after the backup was taken: the certificate says "erased again at restore".
  bool at_restore = false;
  // People marked, then deleted, per transaction (with one fsync of the erasure ledger): a kill
  // leaves at most this many pending, finished at the next open.
  std::size_t chunk = 5000;
};

Result<ErasureProof> erase_contact(Vault& vault, Id contact_id, ErasureReason reason,
                                   const ErasureOptions& options = {});
// Many at once (retention, import undo): one WAL checkpoint at the end.
Result<std::vector<ErasureProof>> erase_contacts(Vault& vault, const std::vector<Id>& ids, ErasureReason reason,
                                                 Progress& progress, const ErasureOptions& options = {});

// Erasure steps are journalled (the `erasure_journal` table): an erasure cut short by a crash or
// an error is finished at the next vault open or the next erasure run. NotFound when an id names
// no contact (nothing is erased then). The search index is expected to key a contact's row by
// docid = contacts.id. Certificates: {"certificate": {...}, "signature": base64 Ed25519 over the
// compact, key-sorted JSON of "certificate"}, see docs/formats.md.

// Finishes every erasure a crash or an error left unfinished (the application layer calls it when
// it opens a vault). Returns how many; 0 at once when another process is erasing right now, since
// its erasures are in progress, not unfinished. Blob files go through the vault's BlobShredder.
Result<std::int64_t> finish_interrupted_erasures(Vault& vault);

// Checks a certificate's signature against this vault's audit key and returns what it proves.
// Corruption when it is malformed, altered or signed by another vault.
Result<ErasureProof> verify_erasure_certificate(Vault& vault, std::string_view certificate);
// The same with the vault's public key alone (coffre/certificate.h verify_certificate_with_key):
// no passphrase, and no check of the audit head, which only the vault holds.
Result<ErasureProof> verify_erasure_certificate_with_key(std::string_view certificate, std::string_view public_key);

}  // namespace coffre
