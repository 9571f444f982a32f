#include "coffre/erasure.h"

#include "coffre/certificate.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "services/certificate_internal.h"
#include "services/erasure_journal.h"
#include "coffre/i18n.h"

namespace coffre {

std::string_view to_string(ErasureReason r) {
  switch (r) {
    case ErasureReason::Manual: return "manual";
    case ErasureReason::Objection: return "objection";
    case ErasureReason::Request: return "request";
    case ErasureReason::Retention: return "retention";
    case ErasureReason::ImportUndo: return "import-undo";
  }
  return "manual";
}

namespace {

constexpr const char* kCertificateFormat = "coffre-erasure-certificate/1";

}  // namespace

namespace services {

const std::vector<std::string>& residual_risks() {
  static const std::vector<std::string> codes = {"exports-made-earlier", "backups-until-they-expire",
                                                 "storage-keeping-old-copies"};
  return codes;
}

// The certificate: the proof's fields, signed with the vault's audit key (coffre/certificate.h).
Result<std::string> make_certificate(detail::VaultContext& ctx, const ErasureProof& proof, Time started_at) {
  nlohmann::json body = {
      {"subject", proof.subject},
      {"reason", std::string(to_string(proof.reason))},
      {"started_at", format_utc(started_at)},
      {"erased_at", format_utc(proof.at)},
      {"erased_at_unix", proof.at},
      {"rows", proof.rows},
      {"documents", proof.documents},
      {"subject_key_destroyed", proof.subject_key_destroyed},
      {"suppressed", proof.suppressed},
      {"wal_truncated", proof.wal_truncated},
      {"organisation", proof.organisation},
  };
  if (proof.organisation_id) body["organisation_kept"] = {{"id", *proof.organisation_id}, {"why", proof.organisation_why}};
  // What is kept, by design, and why: listed only when there is something.
  nlohmann::json kept = nlohmann::json::array();
  if (!proof.consent_kept.empty())
    kept.push_back({{"table", "consent_suppression"}, {"channels", proof.consent_kept}});
  if (proof.documents_kept > 0)
    kept.push_back({{"table", "kept_documents"},
                    {"documents", proof.documents_kept},
                    {"until", format_utc(proof.documents_kept_until.value_or(0))},
                    {"why", "accounting records, kept 10 years (Code de commerce art. L123-22; GDPR art. 17(3)(b))"}});
  if (proof.suppressed)
    kept.push_back({{"table", "suppression_list"},
                    {"why", "keyed hashes of the e-mails and phones, never the text, so that the person is not "
                            "contacted again (GDPR art. 21(3))"}});
  nlohmann::json audit = {{"table", "audit_log"},
                          {"why", "the vault's history under the pseudonym: actions and dates; the details of the "
                                  "person's entries are removed, the chain still verifies"},
                          {"details_removed", proof.audit_details_removed}};
  if (proof.audit_details_older > 0) audit["details_kept_older"] = proof.audit_details_older;
  kept.push_back(std::move(audit));
  kept.push_back({{"table", "erasure_journal"}, {"why", "this erasure's record and certificate, no personal data"}});
  if (!proof.requests_kept.empty())
    kept.push_back({{"table", "subject_requests"},
                    {"requests", proof.requests_kept},
                    {"why", "proof of compliance: type, dates and outcome under the pseudonym; the person's notes "
                            "and evidence are erased"}});
  body["kept"] = std::move(kept);
  // What this erasure cannot reach: copies made before it.
  body["residual_risks"] = proof.residual_risks;
  // The backup retention the user set, when set: until when a backup made before may hold the person.
  if (proof.backup_retention_days)
    body["backup_retention"] = {{"days", *proof.backup_retention_days},
                                {"backups_expire_by", format_utc(proof.at + *proof.backup_retention_days * 86400)}};
  if (proof.erased_again_at_restore) {
    body["erased_again_at_restore"] = true;
    body["note"] = "erased again at restore: erased after the backup was taken, replayed from the erasure ledger";
  }
  return sign_certificate(ctx, kCertificateFormat, std::move(body));
}

}  // namespace services

namespace {

// The holds in force among `ids`: refused unless overridden; an override is audited per person.
Status check_holds(detail::VaultContext& ctx, const std::vector<Id>& ids, const ErasureOptions& options) {
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("SELECT h.contact_id, h.reason, h.until, c.pseudonym FROM legal_holds h "
                                                  "JOIN contacts c ON c.id = h.contact_id WHERE h.until IS NULL OR "
                                                  "h.until > ? ORDER BY h.contact_id"));
  st.bind(1, ctx.clock->now());
  std::string who;
  std::vector<std::string> pseudonyms;
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    const Id id = st.column_int(0);
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) continue;
    const auto until = st.column_opt_int(2);
    who += (who.empty() ? "" : "; ") +
           (until ? trf("contact {0} ({1}, until {2})", {std::to_string(id), st.column_text(1), format_utc(*until)})
                  : trf("contact {0} ({1})", {std::to_string(id), st.column_text(1)}));
    pseudonyms.push_back(st.column_text(3));
  }
  if (pseudonyms.empty()) return {};
  if (!options.override_hold)
    return make_error(ErrorKind::Conflict, trf("under a legal hold, so not erased: {}. Nothing was erased; lift the "
                                               "hold (coffre hold rm) or give --override-hold REASON",
                                               {who}));
  if (options.override_hold->empty())
    return make_error(ErrorKind::Usage, tr("--override-hold needs a reason: why the hold no longer applies"));
  storage::Transaction tx(ctx.db);
  COFFRE_TRY(tx.begin());
  for (const auto& p : pseudonyms) COFFRE_TRY(ctx.audit->append("hold.override", p, "why=" + *options.override_hold));
  return tx.commit();
}

}  // namespace

Result<ErasureProof> erase_contact(Vault& vault, Id contact_id, ErasureReason reason, const ErasureOptions& options) {
  COFFRE_ASSIGN_OR_RETURN(auto proofs, erase_contacts(vault, {contact_id}, reason, NullProgress::instance(), options));
  return std::move(proofs.front());
}

Result<std::vector<ErasureProof>> erase_contacts(Vault& vault, const std::vector<Id>& ids, ErasureReason reason,
                                                 Progress& progress, const ErasureOptions& options) {
  auto& ctx = vault.context();
  // Each step commits on its own so that a crash can be resumed; inside a caller's transaction a
  // rollback would bring rows back whose blobs and key are already destroyed.
  if (ctx.db.in_transaction())
    return make_error(ErrorKind::Internal, "an erasure cannot run inside a transaction");
  services::ErasureLock lock;
  COFFRE_TRY(lock.acquire(*ctx.env, ctx.dir, true));
  // An erasure a crash interrupted is finished first, so this run starts from a clean journal.
  COFFRE_TRY(services::resume_erasures_locked(ctx).status());
  std::vector<Id> unique;
  for (Id id : ids)
    if (std::find(unique.begin(), unique.end(), id) == unique.end()) unique.push_back(id);
  if (unique.empty()) return std::vector<ErasureProof>{};
  // Every id must exist before anything is touched: a typo must not erase half a batch.
  {
    COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("SELECT 1 FROM contacts WHERE id = ?"));
    for (Id id : unique) {
      st.reset();
      st.bind(1, id);
      COFFRE_ASSIGN_OR_RETURN(bool found, st.step());
      if (!found) return make_error(ErrorKind::NotFound, trf("no contact with id {}", {std::to_string(id)}));
    }
  }
  COFFRE_TRY(check_holds(ctx, unique, options));
  // In chunks: each is marked in one transaction and deleted in one (with one fsync of the
  // ledger), so a crash leaves a whole chunk pending, finished at the next open; the blobs are
  // shredded after their rows are gone, and one checkpoint ends the erasure.
  const std::size_t kChunk = std::max<std::size_t>(1, options.chunk);
  progress.start(tr("Erasing"), unique.size() * 2);
  std::vector<services::JournalEntry> entries;
  entries.reserve(unique.size());
  std::uint64_t done = 0;
  for (std::size_t i = 0; i < unique.size(); i += kChunk) {
    const std::vector<Id> chunk(unique.begin() + static_cast<std::ptrdiff_t>(i),
                                unique.begin() + static_cast<std::ptrdiff_t>(std::min(unique.size(), i + kChunk)));
    COFFRE_ASSIGN_OR_RETURN(auto marked, services::mark_pending(ctx, chunk, reason));
    for (auto& j : marked) j.at_restore = options.at_restore;
    COFFRE_TRY(services::delete_rows(ctx, marked, [&] {
      if (++done % 64 == 0) progress.advance(done);
    }));
    for (auto& j : marked) entries.push_back(std::move(j));
    progress.advance(done);
  }
  for (const auto& j : entries) {
    COFFRE_TRY(services::shred_blobs(ctx, j));
    if (++done % 64 == 0 || !j.blobs.empty()) progress.advance(done);
  }
  auto proofs = services::complete(ctx, entries);
  progress.finish();
  return proofs;
}

Result<std::int64_t> finish_interrupted_erasures(Vault& vault) {
  return services::resume_erasures(vault.context());
}

std::optional<ErasureReason> parse_erasure_reason(std::string_view s) { return services::parse_erasure_reason(s); }

namespace {

// The proof a verified certificate's body states.
Result<ErasureProof> read_erasure_body(const std::string& signed_body, std::string_view text) {
  auto bad = [](const std::string& why) { return make_error(ErrorKind::Corruption, "invalid erasure certificate: " + why); };
  const nlohmann::json body = nlohmann::json::parse(signed_body);
  try {
    ErasureProof p;
    p.subject = body.at("subject").get<std::string>();
    auto reason = services::parse_erasure_reason(body.at("reason").get<std::string>());
    if (!reason) return bad("unknown reason");
    p.reason = *reason;
    p.at = body.at("erased_at_unix").get<Time>();
    p.rows = body.at("rows").get<std::int64_t>();
    p.documents = body.at("documents").get<std::int64_t>();
    p.subject_key_destroyed = body.at("subject_key_destroyed").get<bool>();
    p.suppressed = body.at("suppressed").get<bool>();
    p.wal_truncated = body.value("wal_truncated", false);
    // Certificates written before organisations were settled have neither field.
    p.organisation = body.value("organisation", std::string("none"));
    if (body.contains("organisation_kept")) {
      p.organisation_id = body["organisation_kept"].at("id").get<Id>();
      p.organisation_why = body["organisation_kept"].at("why").get<std::string>();
    }
    if (body.contains("kept"))
      for (const auto& k : body.at("kept")) {
        const auto table = k.at("table").get<std::string>();
        if (table == "consent_suppression") p.consent_kept = k.at("channels").get<std::vector<std::string>>();
        if (table == "subject_requests") p.requests_kept = k.at("requests").get<std::vector<Id>>();
        if (table == "audit_log") {
          p.audit_details_removed = k.value("details_removed", std::int64_t{0});
          p.audit_details_older = k.value("details_kept_older", std::int64_t{0});
        }
        if (table == "kept_documents") {
          p.documents_kept = k.at("documents").get<std::int64_t>();
          Time until = 0;
          if (!parse_utc(k.at("until").get<std::string>(), until)) return bad("unreadable kept_documents.until");
          p.documents_kept_until = until;
        }
      }
    if (body.contains("residual_risks")) p.residual_risks = body.at("residual_risks").get<std::vector<std::string>>();
    p.erased_again_at_restore = body.value("erased_again_at_restore", false);
    if (body.contains("backup_retention")) p.backup_retention_days = body.at("backup_retention").at("days").get<std::int64_t>();
    p.certificate = std::string(text);
    return p;
  } catch (const nlohmann::json::exception& e) {
    return bad(std::string("missing or mistyped field: ") + e.what());
  }
}

}  // namespace

Result<ErasureProof> verify_erasure_certificate(Vault& vault, std::string_view text) {
  COFFRE_ASSIGN_OR_RETURN(std::string signed_body, verify_certificate(vault, kCertificateFormat, text));
  return read_erasure_body(signed_body, text);
}

Result<ErasureProof> verify_erasure_certificate_with_key(std::string_view text, std::string_view public_key) {
  COFFRE_ASSIGN_OR_RETURN(std::string signed_body, verify_certificate_with_key(kCertificateFormat, text, public_key));
  return read_erasure_body(signed_body, text);
}

}  // namespace coffre
