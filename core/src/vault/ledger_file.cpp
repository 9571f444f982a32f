#include "vault/ledger_file.h"

#include "util/files.h"

namespace coffre::vault {

std::string ledger_body_hash(const nlohmann::json& body) {
  const std::string text = std::string(kLedgerFormat) + "\n" + body.dump();
  return crypto::to_hex(crypto::blake2b(crypto::as_bytes(text)));
}

std::string ledger_signed_line(nlohmann::json body, const crypto::SigningKey& key) {
  const std::string hash = ledger_body_hash(body);
  crypto::Bytes h;
  crypto::from_hex(hash, h);
  body["hash"] = hash;
  body["signature"] = crypto::to_base64(crypto::sign(key, h));
  return body.dump() + "\n";
}

nlohmann::json ledger_genesis_body(const std::string& vault_id, std::int64_t at) {
  return {{"format", kLedgerFormat}, {"vault_id", vault_id}, {"seq", 0},
          {"prev", std::string(64, '0')}, {"genesis", true}, {"at", at}};
}

Status create_ledger(Env& env, const std::filesystem::path& dir, const std::string& vault_id,
                     const crypto::SigningKey& key, std::int64_t at) {
  const auto path = dir / kLedgerFileName;
  if (env.exists(path)) return make_error(ErrorKind::Conflict, path.string() + " already exists");
  return util::write_file_atomic(env, path, ledger_signed_line(ledger_genesis_body(vault_id, at), key));
}

}  // namespace coffre::vault
