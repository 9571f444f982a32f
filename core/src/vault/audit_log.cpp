#include "vault/audit_log.h"

#include <cstring>

namespace coffre::vault {
namespace {

void put_field(std::string& out, std::string_view v) {
  std::uint64_t n = v.size();
  out.append(reinterpret_cast<const char*>(&n), sizeof n);
  out.append(v);
}

std::string_view as_view(std::span<const std::uint8_t> b) {
  return std::string_view(reinterpret_cast<const char*>(b.data()), b.size());
}

// Version 1 (before migration 17): the hash covers the details themselves.
std::array<std::uint8_t, 32> entry_hash(std::span<const std::uint8_t> prev, std::int64_t seq, std::int64_t at,
                                        std::string_view action, const std::optional<std::string>& subject,
                                        std::string_view details) {
  std::string m = "coffre-audit-v1";
  put_field(m, as_view(prev));
  put_field(m, std::to_string(seq));
  put_field(m, std::to_string(at));
  put_field(m, action);
  put_field(m, subject ? "1" + *subject : "0");
  put_field(m, details);
  return crypto::blake2b(crypto::as_bytes(m));
}

// Version 2: a commitment to the details, salted so that it confirms no guess of them once they
// are gone, and the entry's hash over the commitment.
std::array<std::uint8_t, 32> payload_hash(std::span<const std::uint8_t> salt, std::string_view details) {
  std::string m = "coffre-audit-payload-v2";
  put_field(m, as_view(salt));
  put_field(m, details);
  return crypto::blake2b(crypto::as_bytes(m));
}

std::array<std::uint8_t, 32> entry_hash_v2(std::span<const std::uint8_t> prev, std::int64_t seq, std::int64_t at,
                                           std::string_view action, const std::optional<std::string>& subject,
                                           std::span<const std::uint8_t> payload) {
  std::string m = "coffre-audit-v2";
  put_field(m, as_view(prev));
  put_field(m, std::to_string(seq));
  put_field(m, std::to_string(at));
  put_field(m, action);
  put_field(m, subject ? "1" + *subject : "0");
  put_field(m, as_view(payload));
  return crypto::blake2b(crypto::as_bytes(m));
}

constexpr std::size_t kSaltSize = 32;

}  // namespace

Status AuditLog::append(std::string_view action, const std::optional<std::string>& subject, std::string_view details) {
  const bool autocommit = !db_.in_transaction();
  COFFRE_ASSIGN_OR_RETURN(auto last, db_.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
  COFFRE_ASSIGN_OR_RETURN(bool has_last, last.step());
  std::int64_t seq = has_last ? last.column_int(0) + 1 : 1;
  std::vector<std::uint8_t> prev = has_last ? last.column_blob(1) : std::vector<std::uint8_t>(32, 0);
  const std::int64_t at = clock_.now();
  const auto salt = crypto::random_bytes(kSaltSize);
  const auto payload = payload_hash(salt, details);
  auto hash = entry_hash_v2(prev, seq, at, action, subject, payload);
  auto sig = crypto::sign(key_, hash);
  COFFRE_ASSIGN_OR_RETURN(auto ins, db_.prepare("INSERT INTO audit_log(seq, at, action, subject, details, prev_hash, "
                                                "hash, signature, version, payload_salt, payload_hash) "
                                                "VALUES(?,?,?,?,?,?,?,?,2,?,?)"));
  ins.bind(1, seq).bind(2, at).bind(3, action).bind(4, subject).bind(5, details);
  ins.bind_blob(6, prev.data(), prev.size()).bind_blob(7, hash.data(), hash.size()).bind_blob(8, sig.data(), sig.size());
  ins.bind_blob(9, salt.data(), salt.size()).bind_blob(10, payload.data(), payload.size());
  COFFRE_TRY(ins.run());
  return autocommit ? db_.after_commit() : Status{};
}

Result<AuditHead> AuditLog::head() {
  COFFRE_ASSIGN_OR_RETURN(auto st, db_.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
  COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
  AuditHead h;
  if (row) {
    h.seq = st.column_int(0);
    h.hash = st.column_blob(1);
  }
  return h;
}

Result<std::optional<std::vector<std::uint8_t>>> AuditLog::hash_at(std::int64_t seq) {
  COFFRE_ASSIGN_OR_RETURN(auto st, db_.prepare("SELECT hash FROM audit_log WHERE seq = ?"));
  st.bind(1, seq);
  COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return std::optional<std::vector<std::uint8_t>>{};
  return std::optional<std::vector<std::uint8_t>>(st.column_blob(0));
}

Result<AuditVerifyReport> AuditLog::verify() {
  AuditVerifyReport r;
  COFFRE_ASSIGN_OR_RETURN(auto st, db_.prepare("SELECT seq, at, action, subject, details, prev_hash, hash, signature, "
                                              "version, payload_salt, payload_hash, redacted_at FROM audit_log "
                                              "ORDER BY seq"));
  std::vector<std::uint8_t> prev(32, 0);
  std::int64_t expected = 1;
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    ++r.entries;
    const std::int64_t seq = st.column_int(0);
    auto fail = [&](std::string why) {
      r.ok = false;
      r.first_broken = seq;
      r.reason = std::move(why);
    };
    auto stored_prev = st.column_blob(5), stored_hash = st.column_blob(6), sig = st.column_blob(7);
    if (seq != expected) {
      fail("entry " + std::to_string(expected) + " is missing");
      r.first_broken = expected;
      break;
    }
    if (!crypto::constant_time_equal(stored_prev, prev)) {
      fail("entry " + std::to_string(seq) + " does not follow the previous entry (chain broken)");
      break;
    }
    std::array<std::uint8_t, 32> h{};
    if (st.column_int(8) == 2) {
      const auto payload = st.column_blob(10);
      if (payload.size() != 32) {
        fail("entry " + std::to_string(seq) + " has no commitment to its details");
        break;
      }
      // Redacted details are gone by design; present ones must match their commitment.
      if (!st.column_opt_int(11)) {
        const auto salt = st.column_blob(9);
        if (!crypto::constant_time_equal(payload_hash(salt, st.column_text(4)), payload)) {
          fail("entry " + std::to_string(seq) + " was altered (its details do not match their commitment)");
          break;
        }
      } else if (!st.column_text(4).empty()) {
        fail("entry " + std::to_string(seq) + " is marked redacted but holds details");
        break;
      }
      h = entry_hash_v2(prev, seq, st.column_int(1), st.column_text(2), st.column_opt_text(3), payload);
    } else {
      h = entry_hash(prev, seq, st.column_int(1), st.column_text(2), st.column_opt_text(3), st.column_text(4));
    }
    if (!crypto::constant_time_equal(h, stored_hash)) {
      fail("entry " + std::to_string(seq) + " was altered (hash mismatch)");
      break;
    }
    if (!crypto::verify(key_.public_key, h, sig)) {
      fail("entry " + std::to_string(seq) + " has an invalid signature");
      break;
    }
    prev = stored_hash;
    ++expected;
  }
  return r;
}

Result<std::int64_t> AuditLog::redact_subject(const std::string& subject, const std::vector<std::string>& keep_prefixes,
                                              std::int64_t* older) {
  std::string keep;
  for (std::size_t i = 0; i < keep_prefixes.size(); ++i) keep += " AND action NOT LIKE ? || '%'";
  COFFRE_ASSIGN_OR_RETURN(auto upd, db_.prepare("UPDATE audit_log SET details = '', payload_salt = NULL, redacted_at = ? "
                                                "WHERE subject = ? AND version = 2 AND redacted_at IS NULL" +
                                                keep));
  upd.bind(1, clock_.now()).bind(2, subject);
  int i = 3;
  for (const auto& k : keep_prefixes) upd.bind(i++, k);
  COFFRE_TRY(upd.run());
  const std::int64_t redacted = db_.changes();
  if (older) {
    COFFRE_ASSIGN_OR_RETURN(auto st, db_.prepare("SELECT count(*) FROM audit_log WHERE subject = ? AND version = 1 "
                                                "AND details <> ''"));
    st.bind(1, subject);
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    *older = row ? st.column_int(0) : 0;
  }
  return redacted;
}

Result<std::vector<AuditEntry>> AuditLog::list(std::int64_t limit, std::optional<std::string> subject) {
  std::string sql = "SELECT seq, at, action, subject, details, redacted_at FROM audit_log";
  if (subject) sql += " WHERE subject = ?";
  sql += " ORDER BY seq DESC LIMIT ?";
  COFFRE_ASSIGN_OR_RETURN(auto st, db_.prepare(sql));
  int i = 1;
  if (subject) st.bind(i++, *subject);
  st.bind(i, limit);
  std::vector<AuditEntry> out;
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    out.push_back({st.column_int(0), st.column_int(1), st.column_text(2), st.column_opt_text(3), st.column_text(4),
                   st.column_opt_int(5)});
  }
  return out;
}

}  // namespace coffre::vault
