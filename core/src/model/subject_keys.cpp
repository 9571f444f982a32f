#include "model/subject_keys.h"

namespace coffre::model {
namespace {

std::string wrap_ad(std::string_view pseudonym) { return "coffre-subject-key/1:" + std::string(pseudonym); }

}  // namespace

Result<SecretBytes> subject_key(detail::VaultContext& ctx, Id contact_id, std::string_view pseudonym) {
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("SELECT wrapped FROM subject_keys WHERE contact_id = ?"));
  st.bind(1, contact_id);
  COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return make_error(ErrorKind::NotFound, "contact " + std::to_string(contact_id) + " has no document key");
  auto key = crypto::open(ctx.subject_wrap_key, st.column_blob(0), crypto::as_bytes(wrap_ad(pseudonym)));
  if (!key.ok() || key->size() != crypto::kKeySize)
    return make_error(ErrorKind::Corruption, "the document key of contact " + std::to_string(contact_id) +
                                                 " does not open: the database row was altered or moved");
  return std::move(key).value();
}

Result<SecretBytes> subject_key_for_write(detail::VaultContext& ctx, Id contact_id, std::string_view pseudonym) {
  auto existing = subject_key(ctx, contact_id, pseudonym);
  if (existing.ok() || existing.error().kind != ErrorKind::NotFound) return existing;
  SecretBytes key = SecretBytes::random(crypto::kKeySize);
  auto wrapped = crypto::seal(ctx.subject_wrap_key, key.bytes(), crypto::as_bytes(wrap_ad(pseudonym)));
  COFFRE_ASSIGN_OR_RETURN(auto ins, ctx.db.prepare("INSERT INTO subject_keys(contact_id, wrapped) VALUES(?, ?)"));
  COFFRE_TRY(ins.bind(1, contact_id).bind_blob(2, wrapped.data(), wrapped.size()).run());
  return key;
}

}  // namespace coffre::model
