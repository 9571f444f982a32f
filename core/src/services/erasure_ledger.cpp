#include "services/erasure_ledger.h"

#include <nlohmann/json.hpp>
#include <set>

#include "model/suppression_list.h"

namespace coffre::services {
namespace {

constexpr const char* kFormat = vault::kLedgerFormat;
constexpr std::size_t kMaxLedger = 256u << 20;

std::string zero_hash() { return std::string(64, '0'); }

Result<std::string> read_all(Env& env, const std::filesystem::path& path) {
  auto f = env.open(path, OpenOptions{});
  if (!f.ok()) {
    if (f.status().kind() == ErrorKind::NotFound)
      return make_error(ErrorKind::NotFound, path.string() + ": no erasure ledger (every vault has one from `init` on)");
    return f.status();
  }
  std::string out;
  std::vector<std::uint8_t> buf(1 << 16);
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(std::size_t n, (*f)->read(buf));
    if (n == 0) break;
    out.append(reinterpret_cast<const char*>(buf.data()), n);
    if (out.size() > kMaxLedger) return make_error(ErrorKind::Corruption, path.string() + ": larger than 256 MiB");
  }
  return out;
}

}  // namespace

Result<Ledger> read_ledger(Env& env, const std::filesystem::path& path, const std::string& vault_id,
                           crypto::ByteView public_key) {
  COFFRE_ASSIGN_OR_RETURN(std::string text, read_all(env, path));
  Ledger ledger;
  ledger.vault_id = vault_id;
  std::string prev = zero_hash();
  std::size_t pos = 0;
  std::int64_t line_no = 0;
  while (pos < text.size()) {
    const auto nl = text.find('\n', pos);
    if (nl == std::string::npos) {  // a write a crash cut short: never fsynced as a whole record
      ledger.torn_tail = true;
      break;
    }
    ++line_no;
    const std::string line = text.substr(pos, nl - pos);
    auto bad = [&](const std::string& why) {
      return make_error(ErrorKind::Corruption,
                        path.string() + ":" + std::to_string(line_no) + ": erasure ledger record " + why);
    };
    nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return bad("is not JSON");
    try {
      const std::string hash = j.at("hash").get<std::string>();
      const std::string sig64 = j.at("signature").get<std::string>();
      j.erase("hash");
      j.erase("signature");
      if (j.at("format").get<std::string>() != kFormat) return bad("has an unknown format");
      if (j.at("vault_id").get<std::string>() != vault_id) return bad("belongs to another vault");
      if (j.at("seq").get<std::int64_t>() != line_no - 1) return bad("is out of sequence (removed or reordered)");
      if (j.at("prev").get<std::string>() != prev) return bad("does not follow the previous one (chain broken)");
      if (vault::ledger_body_hash(j) != hash) return bad("was altered (hash mismatch)");
      crypto::Bytes sig, h;
      if (!crypto::from_base64(sig64, sig) || !crypto::from_hex(hash, h) ||
          !crypto::verify(public_key, h, sig))
        return bad("has an invalid signature");
      const bool genesis = j.value("genesis", false);
      if (genesis != (line_no == 1)) return bad(line_no == 1 ? "is not the genesis record" : "is a second genesis record");
      prev = hash;
      if (genesis) {
        ledger.genesis_hash = hash;
        ledger.created_at = j.at("at").get<Time>();
        pos = nl + 1;
        ledger.valid_bytes = pos;
        continue;
      }
      LedgerRecord r;
      r.seq = line_no - 1;
      r.subject = j.at("subject").get<std::string>();
      auto reason = parse_erasure_reason(j.at("reason").get<std::string>());
      if (!reason) return bad("has an unknown reason");
      r.reason = *reason;
      r.at = j.at("at").get<Time>();
      r.email_hashes = j.at("email_hashes").get<std::vector<std::string>>();
      r.phone_hashes = j.at("phone_hashes").get<std::vector<std::string>>();
      r.hash = hash;
      ledger.records.push_back(std::move(r));
    } catch (const nlohmann::json::exception& e) {
      return bad(std::string("has a missing or mistyped field: ") + e.what());
    }
    pos = nl + 1;
    ledger.valid_bytes = pos;
  }
  if (ledger.genesis_hash.empty())
    return make_error(ErrorKind::Corruption, path.string() + ": the erasure ledger has no genesis record (emptied or cut)");
  return ledger;
}

Status append_ledger(detail::VaultContext& ctx, const std::vector<LedgerAppend>& records) {
  if (records.empty()) return {};
  Env& env = *ctx.env;
  const auto path = ctx.dir / vault::kLedgerFileName;
  auto& tail = ctx.ledger_tail;
  std::uint64_t size_now = 0;
  if (auto st = env.stat(path, false); st.ok()) size_now = st->size;
  if (!tail.loaded || tail.size != size_now) {
    COFFRE_ASSIGN_OR_RETURN(auto ledger, read_ledger(env, path, ctx.slots.vault_id, ctx.audit_key.public_key));
    tail = {};
    tail.loaded = true;
    tail.size = ledger.valid_bytes;
    tail.seq = ledger.records.empty() ? 0 : ledger.records.back().seq;
    tail.hash = ledger.records.empty() ? ledger.genesis_hash : ledger.records.back().hash;
    for (const auto& r : ledger.records) tail.subjects.insert(r.subject);
  }
  // The new lines, chained one to the next; a pseudonym already recorded (written before a crash)
  // or twice in `records` gets one record.
  std::string lines;
  std::int64_t seq = tail.seq;
  std::string hash = tail.hash;
  std::set<std::string> added;
  for (const auto& r : records) {
    if (tail.subjects.count(r.subject) || !added.insert(r.subject).second) continue;
    nlohmann::json body = {{"format", kFormat},        {"vault_id", ctx.slots.vault_id},
                           {"seq", seq + 1},           {"prev", hash},
                           {"subject", r.subject},     {"reason", std::string(to_string(r.reason))},
                           {"at", r.at},               {"email_hashes", nlohmann::json::array()},
                           {"phone_hashes", nlohmann::json::array()}};
    for (const auto& e : r.emails)
      body["email_hashes"].push_back(crypto::to_hex(model::suppression_hash(ctx, model::SuppressionKind::Email, e)));
    for (const auto& p : r.phones)
      body["phone_hashes"].push_back(crypto::to_hex(model::suppression_hash(ctx, model::SuppressionKind::Phone, p)));
    const std::string line = vault::ledger_signed_line(body, ctx.audit_key);
    hash = nlohmann::json::parse(line).at("hash").get<std::string>();
    seq += 1;
    lines += line;
  }
  if (added.empty()) return {};
  OpenOptions o;
  o.access = OpenOptions::Access::ReadWrite;
  o.create = OpenOptions::Create::No;
  o.follow_symlinks = false;
  o.mode = 0600;
  COFFRE_ASSIGN_OR_RETURN(auto f, env.open(path, o));
  // A torn line from a crash is cut off, so the new records start a line of their own.
  if (size_now != tail.size) COFFRE_TRY(f->truncate(tail.size));
  // One write and one fsync for the whole batch: a crash inside it leaves whole lines and at most
  // one torn last line, which the next append cuts off.
  COFFRE_TRY(f->write_at(tail.size, crypto::as_bytes(lines)));
  COFFRE_TRY(f->sync());
  COFFRE_TRY(f->close());
  tail.size += lines.size();
  tail.seq = seq;
  tail.hash = hash;
  tail.subjects.merge(added);
  return {};
}

}  // namespace coffre::services
