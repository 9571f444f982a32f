#include "vault/keyslots.h"

#include "coffre/i18n.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstring>

#include "util/files.h"

namespace coffre::vault {
namespace {

using nlohmann::json;
constexpr const char* kFormat = "coffre-keyslots";
constexpr int kVersion = 1;
constexpr std::size_t kMaxFileSize = 64 * 1024;

const char* type_name(SlotType t) { return t == SlotType::Passphrase ? "passphrase" : "recovery"; }

std::string slot_header(const KeySlotFile& f, const KeySlot& s) {
  return std::string("coffre-slot-v1|") + f.vault_id + "|" + std::to_string(s.id) + "|" + type_name(s.type) +
         "|argon2id13|" + std::to_string(s.kdf.ops) + "|" + std::to_string(s.kdf.mem_bytes) + "|" +
         crypto::to_hex(s.salt);
}

std::string mac_input(const KeySlotFile& f) {
  std::string m = std::string(kFormat) + "|" + std::to_string(kVersion) + "|" + f.vault_id + "|" +
                  std::to_string(f.created_at);
  if (f.anchored) m += "|anchored";
  for (const auto& s : f.slots) m += "\n" + slot_header(f, s) + "|" + crypto::to_hex(s.wrapped);
  return m;
}

Status damaged(const std::filesystem::path& file, const std::string& why) {
  return make_error(ErrorKind::Corruption, "key-slot file " + file.string() + " is damaged: " + why);
}

// Unkeyed: it finds damage, not tampering (the AEAD and the file MAC do that).
std::string slot_sum(const KeySlotFile& f, const KeySlot& s) {
  auto h = crypto::blake2b(crypto::as_bytes(slot_header(f, s) + "|" + crypto::to_hex(s.wrapped)));
  return crypto::to_hex(h);
}

constexpr char kAlphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

}  // namespace

Result<KeySlotFile> load_keyslots(Env& env, const std::filesystem::path& file) {
  auto text = util::read_small_file(env, file, kMaxFileSize);
  if (!text.ok()) {
    if (text.error().kind == ErrorKind::NotFound)
      return make_error(ErrorKind::NotFound, trf("no Coffre vault at {} (no key-slot file; create one with `coffre init`)",
                                                     {file.parent_path().string()}));
    if (text.error().kind == ErrorKind::Corruption) return damaged(file, "too large");
    return text.error();
  }
  return parse_keyslots(*text, file);
}

Result<KeySlotFile> parse_keyslots(const std::string& text, const std::filesystem::path& file) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return damaged(file, "not valid JSON");
  try {
    if (j.value("format", "") != kFormat) return damaged(file, "not a Coffre key-slot file");
    if (j.at("version").get<int>() != kVersion)
      return damaged(file, "unsupported version " + std::to_string(j.at("version").get<int>()));
    KeySlotFile f;
    f.path = file;
    f.vault_id = j.at("vault_id").get<std::string>();
    f.created_at = j.at("created_at").get<std::int64_t>();
    f.anchored = j.value("anchored", false);
    crypto::Bytes tmp;
    if (!crypto::from_hex(f.vault_id, tmp) || tmp.size() != 16) return damaged(file, "bad vault_id");
    if (!crypto::from_base64(j.at("mac").get<std::string>(), f.mac) || f.mac.size() != 32) return damaged(file, "bad mac");
    for (const auto& js : j.at("slots")) {
      KeySlot s;
      s.id = js.at("id").get<int>();
      const auto type = js.at("type").get<std::string>();
      if (type == "passphrase") s.type = SlotType::Passphrase;
      else if (type == "recovery") s.type = SlotType::Recovery;
      else return damaged(file, "slot " + std::to_string(s.id) + " has unknown type '" + type + "'");
      const auto& kdf = js.at("kdf");
      if (kdf.at("alg").get<std::string>() != "argon2id13") return damaged(file, "unknown key derivation");
      s.kdf.ops = kdf.at("ops").get<std::uint64_t>();
      s.kdf.mem_bytes = kdf.at("mem").get<std::uint64_t>();
      if (!crypto::from_base64(kdf.at("salt").get<std::string>(), s.salt) || s.salt.size() != crypto::kSaltSize)
        return damaged(file, "slot " + std::to_string(s.id) + " has a bad salt");
      if (!crypto::from_base64(js.at("wrapped").get<std::string>(), s.wrapped) ||
          s.wrapped.size() != crypto::kNonceSize + kMasterKeySize + crypto::kTagSize)
        return damaged(file, "slot " + std::to_string(s.id) + " has a bad wrapped key");
      if (js.contains("sum") && js.at("sum").get<std::string>() != slot_sum(f, s)) s.damaged = true;
      f.slots.push_back(std::move(s));
    }
    if (f.slots.empty()) return damaged(file, "no key slot");
    if (f.slots.size() > 8) return damaged(file, std::to_string(f.slots.size()) + " key slots (at most 8)");
    return f;
  } catch (const json::exception& e) {
    return damaged(file, std::string("missing or mistyped field (") + e.what() + ")");
  }
}

std::string serialize_keyslots(const KeySlotFile& f) {
  json j;
  j["format"] = kFormat;
  j["version"] = kVersion;
  j["vault_id"] = f.vault_id;
  j["created_at"] = f.created_at;
  if (f.anchored) j["anchored"] = true;
  j["slots"] = json::array();
  for (const auto& s : f.slots) {
    j["slots"].push_back({{"id", s.id},
                          {"type", type_name(s.type)},
                          {"kdf", {{"alg", "argon2id13"}, {"ops", s.kdf.ops}, {"mem", s.kdf.mem_bytes},
                                   {"salt", crypto::to_base64(s.salt)}}},
                          {"wrapped", crypto::to_base64(s.wrapped)},
                          {"sum", slot_sum(f, s)}});
  }
  j["mac"] = crypto::to_base64(f.mac);
  return j.dump(2) + "\n";
}

Status store_keyslots(Env& env, const std::filesystem::path& file, const KeySlotFile& f) {
  return util::write_file_atomic(env, file, serialize_keyslots(f));
}

Result<KeySlot> make_slot(const KeySlotFile& f, int id, SlotType type, const SecretBytes& secret,
                          const KdfSettings& kdf, const SecretBytes& master_key) {
  KeySlot s;
  s.id = id;
  s.type = type;
  s.kdf = kdf;
  s.salt = crypto::random_bytes(crypto::kSaltSize);
  COFFRE_ASSIGN_OR_RETURN(SecretBytes slot_key, crypto::argon2id(secret, s.salt, kdf));
  s.wrapped = crypto::seal(slot_key, master_key.bytes(), crypto::as_bytes(slot_header(f, s)));
  return s;
}

Result<SecretBytes> unlock(const KeySlotFile& f, SlotType type, const SecretBytes& secret) {
  bool any = false;
  std::vector<int> damaged;
  // The cheapest slot first, so that a costly (or tampered, costly) slot is tried last.
  std::vector<const KeySlot*> order;
  for (const auto& s : f.slots) order.push_back(&s);
  std::stable_sort(order.begin(), order.end(),
                   [](const KeySlot* a, const KeySlot* b) { return kdf_cost_mib(a->kdf) < kdf_cost_mib(b->kdf); });
  for (const KeySlot* slot : order) {
    const KeySlot& s = *slot;
    if (s.type != type) continue;
    any = true;
    if (s.damaged) {
      damaged.push_back(s.id);
      continue;
    }
    auto slot_key = crypto::argon2id(secret, s.salt, s.kdf);
    if (!slot_key.ok()) return slot_key.error();
    auto mk = crypto::open(*slot_key, s.wrapped, crypto::as_bytes(slot_header(f, s)));
    if (mk.ok() && mk->size() == kMasterKeySize) return std::move(mk).value();
  }
  if (!any && type == SlotType::Recovery) return make_error(ErrorKind::AuthFailed, tr("this vault has no recovery slot"));
  if (!damaged.empty()) {
    std::string ids;
    for (int id : damaged) ids += (ids.empty() ? "" : ", ") + std::to_string(id);
    return make_error(ErrorKind::Corruption,
                      "key-slot file " + f.path.string() + " is damaged: its " + type_name(type) + " slot (" + ids +
                          ") no longer matches its checksum, so it cannot be opened. " +
                          (type == SlotType::Passphrase
                               ? "The recovery code may still open the vault (`coffre recover`); else restore the "
                                 "file from a backup."
                               : "The passphrase may still open the vault; else restore the file from a backup."));
  }
  return make_error(ErrorKind::AuthFailed,
                    type == SlotType::Passphrase ? tr("wrong passphrase or not a Coffre vault")
                                                 : tr("wrong recovery code or not a Coffre vault"));
}

void seal_mac(KeySlotFile& f, const SecretBytes& master_key) {
  SecretBytes k = crypto::derive_subkey(master_key, crypto::SubkeyId::KeySlotMac);
  auto m = crypto::blake2b_keyed(k, crypto::as_bytes(mac_input(f)));
  f.mac.assign(m.begin(), m.end());
}

bool mac_valid(const KeySlotFile& f, const SecretBytes& master_key) {
  SecretBytes k = crypto::derive_subkey(master_key, crypto::SubkeyId::KeySlotMac);
  auto m = crypto::blake2b_keyed(k, crypto::as_bytes(mac_input(f)));
  return crypto::constant_time_equal(m, f.mac);
}

std::string format_recovery_code(std::span<const std::uint8_t> bytes) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  int chars = 0;
  for (std::uint8_t b : bytes) {
    buffer = (buffer << 8) | b;
    bits += 8;
    while (bits >= 5) {
      if (chars && chars % 4 == 0) out += '-';
      out += kAlphabet[(buffer >> (bits - 5)) & 31];
      bits -= 5;
      ++chars;
    }
  }
  return out;
}

Result<SecretBytes> parse_recovery_code(std::string_view text) {
  SecretBytes out(20);
  std::uint32_t buffer = 0;
  int bits = 0;
  std::size_t n = 0, chars = 0;
  for (char c : text) {
    if (c == '-' || c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == 'O') c = '0';
    if (c == 'I' || c == 'L') c = '1';
    const char* p = std::strchr(kAlphabet, c);
    if (!p || c == '\0') return make_error(ErrorKind::InvalidInput, trf("the recovery code has a character that is not in it ('{}')", {std::string(1, c)}));
    ++chars;
    buffer = (buffer << 5) | static_cast<std::uint32_t>(p - kAlphabet);
    bits += 5;
    if (bits >= 8) {
      if (n >= out.size()) return make_error(ErrorKind::InvalidInput, tr("the recovery code is too long"));
      out.data()[n++] = static_cast<std::uint8_t>(buffer >> (bits - 8));
      bits -= 8;
    }
  }
  buffer = 0;
  if (chars != 32) return make_error(ErrorKind::InvalidInput, trf("a recovery code has 32 characters (8 groups of 4); this one has {}", {std::to_string(chars)}));
  return out;
}

}  // namespace coffre::vault
