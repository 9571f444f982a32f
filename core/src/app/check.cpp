#include "coffre/app/check.h"

#include "coffre/certificate.h"

#include "coffre/debris.h"
#include "coffre/documents.h"

namespace coffre::app {

Result<CheckResult> check(Session& session, bool repair, Progress& progress) {
  CheckRequest request;
  request.repair = repair;
  return check(session, request, progress);
}

Result<CheckResult> check(Session& session, const CheckRequest& request, Progress& progress) {
  CheckResult r;
  if (request.accept_loss && !session.vault().anchor_problem().empty()) {
    r.loss_accepted = session.vault().anchor_problem();
    COFFRE_TRY(session.vault().accept_loss());
  }
  if (request.repair) {
    COFFRE_ASSIGN_OR_RETURN(auto n, DocumentStore(session.vault()).clean_interrupted());
    r.repaired = n;
    COFFRE_ASSIGN_OR_RETURN(auto removed, remove_debris(session.vault()));
    r.debris_removed = removed;
  }
  COFFRE_ASSIGN_OR_RETURN(r.report, check_vault(session.vault(), &progress));
  r.signing_key_fingerprint = public_key_fingerprint(session.vault());
  return r;
}

}  // namespace coffre::app
