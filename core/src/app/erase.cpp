#include "coffre/app/erase.h"

#include "util/files.h"

namespace coffre::app {

Result<ErasureReason> erasure_reason(std::string_view word) {
  auto r = parse_erasure_reason(word);
  if (!r || *r == ErasureReason::ImportUndo)
    return make_error(ErrorKind::Usage,
                      "unknown reason \"" + std::string(word) + "\": request, objection, retention or manual");
  return *r;
}

Result<std::vector<ErasureProof>> erase_people(Session& session, const std::vector<Id>& ids, std::string_view reason,
                                               Progress& progress, const EraseOptions& options) {
  COFFRE_ASSIGN_OR_RETURN(ErasureReason why, erasure_reason(reason));
  return erase_contacts(session.vault(), ids, why, progress, options);
}

Result<ErasureProof> remove_contact(Session& session, Id id, const EraseOptions& options) {
  return erase_contact(session.vault(), id, ErasureReason::Manual, options);
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
