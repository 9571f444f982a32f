#include "coffre/app/erase.h"

#include "coffre/retention.h"
#include "util/files.h"
#include "vault/context.h"

namespace coffre::app {

Result<ErasureReason> erasure_reason(std::string_view word) {
  auto r = parse_erasure_reason(word);
  if (!r || *r == ErasureReason::ImportUndo)
    return make_error(ErrorKind::Usage,
                      "unknown reason \"" + std::string(word) + "\": request, objection, retention or manual");
  return *r;
}

namespace {

// Legal holds first (GDPR art. 17(3)(e)): no one is erased when one of them is held, unless the
// user overrides the holds with a reason, which the audit log keeps.
Status check_holds(Session& session, const std::vector<Id>& ids, const EraseOptions& options) {
  auto& vault = session.vault();
  const Time now = vault.context().clock->now();
  std::vector<LegalHold> held;
  for (Id id : ids) {
    COFFRE_ASSIGN_OR_RETURN(auto hold, hold_on(vault, id, now));
    if (hold) held.push_back(std::move(*hold));
  }
  if (held.empty()) return {};
  if (!options.override_hold) {
    std::string who;
    for (const auto& h : held)
      who += (who.empty() ? "" : "; ") + std::string("contact ") + std::to_string(h.contact_id) + " (" + h.reason +
             (h.until ? ", until " + format_utc(*h.until) : std::string()) + ")";
    return make_error(ErrorKind::Conflict, "under a legal hold, so not erased: " + who +
                                               ". Nothing was erased; lift the hold (coffre hold rm) or give "
                                               "--override-hold REASON");
  }
  if (options.override_hold->empty())
    return make_error(ErrorKind::Usage, "--override-hold needs a reason: why the hold no longer applies");
  for (const auto& h : held)
    COFFRE_TRY(vault.context().audit->append("hold.override", h.pseudonym, "why=" + *options.override_hold));
  return {};
}

}  // namespace

Result<std::vector<ErasureProof>> erase_people(Session& session, const std::vector<Id>& ids, std::string_view reason,
                                               Progress& progress, const EraseOptions& options) {
  COFFRE_ASSIGN_OR_RETURN(ErasureReason why, erasure_reason(reason));
  COFFRE_TRY(check_holds(session, ids, options));
  return erase_contacts(session.vault(), ids, why, progress);
}

Result<ErasureProof> remove_contact(Session& session, Id id, const EraseOptions& options) {
  COFFRE_TRY(check_holds(session, {id}, options));
  return erase_contact(session.vault(), id, ErasureReason::Manual);
}

Result<ErasureProof> verify_certificate_file(Session& session, const std::filesystem::path& file) {
  constexpr std::size_t kMaxCertificate = 1u << 20;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return make_error(ErrorKind::NotFound, "cannot open " + file.string());
  if (std::filesystem::file_size(file, ec) > kMaxCertificate)
    return make_error(ErrorKind::InvalidInput, file.string() + " is too large to be a certificate");
  COFFRE_ASSIGN_OR_RETURN(std::string text, util::read_small_file(session.vault().env(), file, kMaxCertificate));
  return verify_erasure_certificate(session.vault(), text);
}

}  // namespace coffre::app
