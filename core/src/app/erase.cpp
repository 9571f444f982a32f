#include "coffre/app/erase.h"

#include "coffre/i18n.h"

#include "util/files.h"

namespace coffre::app {

Result<ErasureReason> erasure_reason(std::string_view word) {
  auto r = parse_erasure_reason(word);
  if (!r || *r == ErasureReason::ImportUndo)
    return make_error(ErrorKind::Usage,
                      trf("unknown reason \"{}\": request, objection, retention or manual", {word}));
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

namespace {

Result<std::string> read_certificate_file(Env& env, const std::filesystem::path& file, std::string_view what) {
  constexpr std::size_t kMaxCertificate = 1u << 20;
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return make_error(ErrorKind::NotFound, trf("cannot open {}", {file.string()}));
  if (std::filesystem::file_size(file, ec) > kMaxCertificate)
    return make_error(ErrorKind::InvalidInput, file.string() + " is too large to be " + std::string(what));
  return util::read_small_file(env, file, kMaxCertificate);
}

}  // namespace

Result<ErasureProof> verify_certificate_file(Session& session, const std::filesystem::path& file) {
  COFFRE_ASSIGN_OR_RETURN(std::string text, read_certificate_file(session.vault().env(), file, "a certificate"));
  return verify_erasure_certificate(session.vault(), text);
}

Result<ErasureProof> verify_certificate_file_with_key(const std::filesystem::path& file,
                                                      const std::filesystem::path& key_file) {
  Env& env = Env::posix();
  COFFRE_ASSIGN_OR_RETURN(std::string text, read_certificate_file(env, file, "a certificate"));
  std::string key = key_file.string();
  std::error_code ec;
  const bool hex_given = key.size() == 64 && key.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
  if (!hex_given || std::filesystem::exists(key_file, ec)) {
    auto read = read_certificate_file(env, key_file, "a public key");
    if (!read.ok()) return make_error(read.error().kind, read.error().message + " (the public key)");
    key = std::move(*read);
  }
  auto proof = verify_erasure_certificate_with_key(text, key);
  if (!proof.ok() && proof.error().kind == ErrorKind::InvalidInput)
    return make_error(ErrorKind::InvalidInput, key_file.string() + ": " + proof.error().message);
  return proof;
}

}  // namespace coffre::app
