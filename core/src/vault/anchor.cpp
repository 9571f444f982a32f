#include "vault/anchor.h"

#include <nlohmann/json.hpp>

#include "crypto/crypto.h"
#include "util/files.h"
#include "vault/context.h"

namespace coffre::vault {
namespace {

using nlohmann::json;
constexpr const char* kFormat = "coffre-anchor";
constexpr int kVersion = 1;
constexpr std::size_t kMaxFileSize = 4096;

std::array<std::uint8_t, 32> anchor_mac(const std::string& vault_id, const Anchor& a, const SecretBytes& key) {
  const std::string m = std::string(kFormat) + "|" + std::to_string(kVersion) + "|" + vault_id + "|" +
                        std::to_string(a.seq) + "|" + crypto::to_hex(a.hash);
  return crypto::blake2b_keyed(key, crypto::as_bytes(m));
}

Status damaged(const std::filesystem::path& file, const std::string& why) {
  return make_error(ErrorKind::Corruption, "the vault's anchor " + file.string() + " is damaged: " + why);
}

std::string recovery_hint() {
  return " Put the whole vault folder back from a backup taken after that entry; `coffre check` shows what "
         "the database still holds, and `coffre check --accept-loss` keeps working with it (the lost changes "
         "stay lost).";
}

}  // namespace

Result<std::optional<Anchor>> load_anchor(Env& env, const std::filesystem::path& file, const std::string& vault_id,
                                          const SecretBytes& mac_key) {
  auto text = util::read_small_file(env, file, kMaxFileSize);
  if (!text.ok()) {
    if (text.error().kind == ErrorKind::NotFound) return std::optional<Anchor>{};
    if (text.error().kind == ErrorKind::Corruption) return damaged(file, "too large");
    return text.error();
  }
  json j = json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return damaged(file, "not valid JSON");
  Anchor a;
  crypto::Bytes mac;
  try {
    if (j.value("format", "") != kFormat) return damaged(file, "not a Coffre anchor file");
    if (j.at("version").get<int>() != kVersion) return damaged(file, "unsupported version");
    if (j.at("vault_id").get<std::string>() != vault_id) return damaged(file, "it belongs to another vault");
    a.seq = j.at("seq").get<std::int64_t>();
    if (!crypto::from_hex(j.at("hash").get<std::string>(), a.hash) || a.hash.size() != 32)
      return damaged(file, "bad hash");
    if (!crypto::from_base64(j.at("mac").get<std::string>(), mac) || mac.size() != 32)
      return damaged(file, "bad mac");
  } catch (const json::exception& e) {
    return damaged(file, std::string("missing or mistyped field (") + e.what() + ")");
  }
  if (a.seq < 0) return damaged(file, "negative sequence number");
  if (!crypto::constant_time_equal(anchor_mac(vault_id, a, mac_key), mac))
    return make_error(ErrorKind::Corruption,
                      "the vault's anchor " + file.string() + " was altered: its integrity code does not match");
  return std::optional<Anchor>(std::move(a));
}

Status store_anchor(Env& env, const std::filesystem::path& file, const std::string& vault_id, const Anchor& anchor,
                    const SecretBytes& mac_key) {
  json j;
  j["format"] = kFormat;
  j["version"] = kVersion;
  j["vault_id"] = vault_id;
  j["seq"] = anchor.seq;
  j["hash"] = crypto::to_hex(anchor.hash);
  j["mac"] = crypto::to_base64(anchor_mac(vault_id, anchor, mac_key));
  return util::write_file_atomic(env, file, j.dump(2) + "\n");
}

Status verify_anchor(detail::VaultContext& ctx) {
  const auto file = ctx.dir / kAnchorFileName;
  COFFRE_ASSIGN_OR_RETURN(auto anchor, load_anchor(*ctx.env, file, ctx.slots.vault_id, ctx.anchor_key));
  if (!anchor) {
    if (!ctx.slots.anchored) return {};  // a vault made before anchors: the first open writes it
    return make_error(ErrorKind::Corruption,
                      "the vault's anchor " + file.string() +
                          " is missing, although the key-slot file says it was written: it was removed, or a key-slot "
                          "file of another copy of this vault was put back. The latest changes cannot be vouched for." +
                          recovery_hint());
  }
  COFFRE_ASSIGN_OR_RETURN(auto head, ctx.audit->head());
  if (head.seq < anchor->seq)
    return make_error(ErrorKind::Corruption,
                      "the vault lost committed changes: damaged write-ahead log or an older database put back "
                      "(the database's last audit entry is #" + std::to_string(head.seq) + ", the anchor " +
                          file.string() + " records #" + std::to_string(anchor->seq) + ")." + recovery_hint());
  if (anchor->seq == 0) return {};
  COFFRE_ASSIGN_OR_RETURN(auto hash, ctx.audit->hash_at(anchor->seq));
  if (!hash || !crypto::constant_time_equal(*hash, anchor->hash))
    return make_error(ErrorKind::Corruption,
                      "the vault lost committed changes: damaged write-ahead log or an older database put back "
                      "(the database's audit entry #" + std::to_string(anchor->seq) + " is not the one the anchor " +
                          file.string() + " records; its last entry is #" + std::to_string(head.seq) + ")." +
                          recovery_hint());
  return {};
}

namespace {

Status write_head(detail::VaultContext& ctx, bool only_forward) {
  util::FileLock lock;
  COFFRE_TRY(lock.acquire(*ctx.env, ctx.dir / kAnchorLockName, util::FileLock::Mode::Exclusive, /*wait=*/true,
                          "the vault's anchor is busy"));
  const auto file = ctx.dir / kAnchorFileName;
  COFFRE_ASSIGN_OR_RETURN(auto head, ctx.audit->head());
  if (only_forward) {
    COFFRE_ASSIGN_OR_RETURN(auto current, load_anchor(*ctx.env, file, ctx.slots.vault_id, ctx.anchor_key));
    if (current && current->seq >= head.seq) return {};
  }
  return store_anchor(*ctx.env, file, ctx.slots.vault_id, Anchor{head.seq, head.hash}, ctx.anchor_key);
}

}  // namespace

Status advance_anchor(detail::VaultContext& ctx) {
  if (!ctx.anchor_problem.empty()) return {};
  auto s = write_head(ctx, true);
  if (!s.ok())
    return make_error(s.kind(), "the change was saved, but the vault's anchor could not be advanced (the next open "
                                "retries): " + s.message());
  return {};
}

Status reset_anchor(detail::VaultContext& ctx) {
  COFFRE_TRY(write_head(ctx, false));
  ctx.anchor_problem.clear();
  return {};
}

}  // namespace coffre::vault
