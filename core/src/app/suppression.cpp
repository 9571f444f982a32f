#include "coffre/app/suppression.h"
#include "coffre/i18n.h"

#include "coffre/normalize.h"
#include "coffre/suppression.h"

namespace coffre::app {
namespace {

struct Normalised {
  std::vector<std::string> emails, phones;
};

Result<Normalised> normalise_all(const std::vector<std::string>& emails, const std::vector<std::string>& phones) {
  Normalised out;
  for (const auto& e : emails) {
    auto n = normalise_email(e);
    if (!n) return make_error(ErrorKind::InvalidInput, trf("not an e-mail address: \"{}\"", {e}));
    out.emails.push_back(*n);
  }
  for (const auto& p : phones) {
    auto n = normalise_phone(p);
    if (!n) return make_error(ErrorKind::InvalidInput, trf("not a phone number: \"{}\"", {p}));
    out.phones.push_back(*n);
  }
  if (out.emails.empty() && out.phones.empty()) return make_error(ErrorKind::Usage, tr("give at least one --email or --phone"));
  return out;
}

}  // namespace

Result<SuppressResult> suppress_values(Session& session, const std::vector<std::string>& emails,
                                       const std::vector<std::string>& phones) {
  COFFRE_ASSIGN_OR_RETURN(auto n, normalise_all(emails, phones));
  COFFRE_TRY(suppress(session.vault(), n.emails, n.phones));
  SuppressResult r;
  r.added = n.emails.size() + n.phones.size();
  COFFRE_ASSIGN_OR_RETURN(r.entries, suppression_count(session.vault()));
  return r;
}

Result<std::vector<SuppressionAnswer>> check_suppression(Session& session, const std::vector<std::string>& emails,
                                                         const std::vector<std::string>& phones) {
  COFFRE_ASSIGN_OR_RETURN(auto n, normalise_all(emails, phones));
  std::vector<SuppressionAnswer> out;
  for (const auto& e : n.emails) {
    COFFRE_ASSIGN_OR_RETURN(bool hit, is_suppressed_email(session.vault(), e));
    out.push_back({"email", e, hit});
  }
  for (const auto& p : n.phones) {
    COFFRE_ASSIGN_OR_RETURN(bool hit, is_suppressed_phone(session.vault(), p));
    out.push_back({"phone", p, hit});
  }
  return out;
}

}  // namespace coffre::app
