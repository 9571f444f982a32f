#include "model/removed_notes.h"

#include <string>

#include "crypto/crypto.h"
#include "model/store_support.h"

namespace coffre::model {
namespace {

std::array<std::uint8_t, 32> removed_hash(const detail::VaultContext& ctx, Id contact_id, std::string_view text) {
  const std::string input = "removed-note:" + std::to_string(contact_id) + ":" + std::string(text);
  return crypto::blake2b_keyed(ctx.suppression_key, crypto::as_bytes(input));
}

}  // namespace

Status remember_removed_note(detail::VaultContext& ctx, Id contact_id, std::string_view body, Time now) {
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("INSERT OR IGNORE INTO removed_notes(contact_id, hash, removed_at) "
                                                  "VALUES(?,?,?)"));
  auto remember = [&](std::string_view text) -> Status {
    auto cleaned = clean_note_body(text);
    if (!cleaned.ok()) return {};  // an empty line: nothing an import could bring back
    const auto h = removed_hash(ctx, contact_id, *cleaned);
    st.reset();
    return st.bind(1, contact_id).bind_blob(2, h.data(), h.size()).bind(3, now).run();
  };
  COFFRE_TRY(remember(body));
  std::size_t start = 0;
  while (start < body.size()) {
    std::size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    if (end - start < body.size()) COFFRE_TRY(remember(body.substr(start, end - start)));
    start = end + 1;
  }
  return {};
}

Result<RemovedNotes> RemovedNotes::prepare(detail::VaultContext& ctx) {
  RemovedNotes r;
  r.ctx_ = &ctx;
  COFFRE_ASSIGN_OR_RETURN(r.lookup_, ctx.db.prepare("SELECT 1 FROM removed_notes WHERE contact_id = ? AND hash = ?"));
  return r;
}

Result<bool> RemovedNotes::contains(Id contact_id, std::string_view cleaned) {
  const auto h = removed_hash(*ctx_, contact_id, cleaned);
  lookup_.reset();
  lookup_.bind(1, contact_id).bind_blob(2, h.data(), h.size());
  COFFRE_ASSIGN_OR_RETURN(bool row, lookup_.step());
  lookup_.reset();
  return row;
}

}  // namespace coffre::model
