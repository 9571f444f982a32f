#include "vault/audit_log.h"

#include <cstring>

namespace coffre::vault {
namespace {

void put_field(std::string& out, std::string_view v) {
  std::uint64_t n = v.size();
  out.append(reinterpret_cast<const char*>(&n), sizeof n);
  out.append(v);
}

std::array<std::uint8_t, 32> entry_hash(std::span<const std::uint8_t> prev, std::int64_t seq, std::int64_t at,
                                        std::string_view action, const std::optional<std::string>& subject,
                                        std::string_view details) {
  std::string m = "coffre-audit-v1";
  put_field(m, std::string_view(reinterpret_cast<const char*>(prev.data()), prev.size()));
  put_field(m, std::to_string(seq));
  put_field(m, std::to_string(at));
  put_field(m, action);
  put_field(m, subject ? "1" + *subject : "0");
  put_field(m, details);
  return crypto::blake2b(crypto::as_bytes(m));
}

}  // namespace

Status AuditLog::append(std::string_view action, const std::optional<std::string>& subject, std::string_view details) {
  const bool autocommit = !db_.in_transaction();
  COFFRE_ASSIGN_OR_RETURN(auto last, db_.prepare("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"));
  COFFRE_ASSIGN_OR_RETURN(bool has_last, last.step());
  std::int64_t seq = has_last ? last.column_int(0) + 1 : 1;
  std::vector<std::uint8_t> prev = has_last ? last.column_blob(1) : std::vector<std::uint8_t>(32, 0);
  const std::int64_t at = clock_.now();
  auto hash = entry_hash(prev, seq, at, action, subject, details);
  auto sig = crypto::sign(key_, hash);
  COFFRE_ASSIGN_OR_RETURN(auto ins, db_.prepare("INSERT INTO audit_log(seq, at, action, subject, details, prev_hash, "
                                                "hash, signature) VALUES(?,?,?,?,?,?,?,?)"));
  ins.bind(1, seq).bind(2, at).bind(3, action).bind(4, subject).bind(5, details);
  ins.bind_blob(6, prev.data(), prev.size()).bind_blob(7, hash.data(), hash.size()).bind_blob(8, sig.data(), sig.size());
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
  COFFRE_ASSIGN_OR_RETURN(auto st, db_.prepare("SELECT seq, at, action, subject, details, prev_hash, hash, signature "
                                              "FROM audit_log ORDER BY seq"));
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
    auto h = entry_hash(prev, seq, st.column_int(1), st.column_text(2), st.column_opt_text(3), st.column_text(4));
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

Result<std::vector<AuditEntry>> AuditLog::list(std::int64_t limit, std::optional<std::string> subject) {
  std::string sql = "SELECT seq, at, action, subject, details FROM audit_log";
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
    out.push_back({st.column_int(0), st.column_int(1), st.column_text(2), st.column_opt_text(3), st.column_text(4)});
  }
  return out;
}

}  // namespace coffre::vault
