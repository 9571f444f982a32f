#include "coffre/app/check.h"

#include "coffre/documents.h"

namespace coffre::app {

Result<CheckResult> check(Session& session, bool repair, Progress& progress) {
  CheckResult r;
  if (repair) {
    COFFRE_ASSIGN_OR_RETURN(auto n, DocumentStore(session.vault()).clean_interrupted());
    r.repaired = n;
  }
  COFFRE_ASSIGN_OR_RETURN(r.report, check_vault(session.vault(), &progress));
  return r;
}

}  // namespace coffre::app
