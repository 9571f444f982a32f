// Calls, emails, meetings and letters. An inbound one (from the person) moves the contact's
// last_inbound_at, which the retention clock reads: CNIL counts three years from the prospect's
// last contact, not from our last edit (docs/design.md §6).
#include <set>

#include "coffre/stores.h"
#include "model/store_support.h"
#include "model/text.h"
#include "coffre/i18n.h"

namespace coffre {
namespace {

// An interaction dated further ahead than this is a typo; an inbound one would also push the
// retention clock into the future and keep the person's data past its time.
constexpr Time kFutureSlack = 24 * 3600;

constexpr const char* kColumns =
    "SELECT i.id, i.contact_id, i.kind, i.direction, i.occurred_at, i.outcome, i.follow_up_at, i.summary, "
    "i.created_at FROM interactions i";

Result<std::vector<Interaction>> read_all(storage::Statement& st) {
  std::vector<Interaction> out;
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    Interaction i;
    i.id = st.column_int(0);
    i.contact_id = st.column_int(1);
    const auto kind = parse_interaction_kind(st.column_text(2));
    const auto direction = parse_direction(st.column_text(3));
    if (!kind || !direction)
      return make_error(ErrorKind::Corruption, "interaction " + std::to_string(i.id) + " has an unknown kind or direction");
    i.kind = *kind;
    i.direction = *direction;
    i.occurred_at = st.column_int(4);
    if (auto o = st.column_opt_text(5)) i.outcome = parse_outcome(*o);
    i.follow_up_at = st.column_opt_int(6);
    i.summary = st.column_opt_text(7);
    i.created_at = st.column_int(8);
    out.push_back(std::move(i));
  }
  return out;
}

}  // namespace

Result<Id> InteractionStore::add(const NewInteraction& in) {
  auto& ctx = model::context_of(vault_);
  const Time now = ctx.clock->now();
  const Time at = in.occurred_at.value_or(now);
  if (at > now + kFutureSlack)
    return make_error(ErrorKind::InvalidInput,
                      trf("the interaction's date {} is in the future: record what happened, plan with a follow-up",
                          {format_utc(at)}));
  storage::Transaction tx(ctx.db);
  COFFRE_TRY(tx.begin());
  COFFRE_ASSIGN_OR_RETURN(std::string pseudonym, model::contact_pseudonym(ctx.db, in.contact_id));
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("INSERT INTO interactions(contact_id, kind, direction, occurred_at, "
                                                  "outcome, follow_up_at, summary, created_at) VALUES(?,?,?,?,?,?,?,?)"));
  st.bind(1, in.contact_id).bind(2, to_string(in.kind)).bind(3, to_string(in.direction)).bind(4, at);
  if (in.outcome) st.bind(5, to_string(*in.outcome));
  else st.bind_null(5);
  st.bind(6, in.follow_up_at).bind(7, model::clean_optional(in.summary)).bind(8, now);
  COFFRE_TRY(st.run());
  const Id id = ctx.db.last_insert_id();
  if (in.direction == Direction::Inbound) {
    // Forward only: logging an old call today must not move the clock back.
    COFFRE_ASSIGN_OR_RETURN(auto up, ctx.db.prepare("UPDATE contacts SET last_inbound_at = "
                                                    "max(coalesce(last_inbound_at, ?1), ?1) WHERE id = ?2"));
    COFFRE_TRY(up.bind(1, at).bind(2, in.contact_id).run());
  }
  // A summary is searchable like a note.
  if (in.summary) COFFRE_TRY(model::reindex_contact(ctx.db, in.contact_id));
  std::string details = "interaction=" + std::to_string(id) + " kind=" + std::string(to_string(in.kind)) +
                        " direction=" + std::string(to_string(in.direction));
  if (in.outcome) details += " outcome=" + std::string(to_string(*in.outcome));
  COFFRE_TRY(ctx.audit->append("interaction.add", pseudonym, details));
  COFFRE_TRY(tx.commit());
  return id;
}

Result<std::vector<Interaction>> InteractionStore::for_contact(Id contact_id) {
  auto& db = model::context_of(vault_).db;
  COFFRE_TRY(model::contact_pseudonym(db, contact_id).status());
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare(std::string(kColumns) +
                                              " WHERE i.contact_id = ? ORDER BY i.occurred_at, i.id"));
  st.bind(1, contact_id);
  return read_all(st);
}

Result<std::vector<Interaction>> InteractionStore::due_follow_ups(Time until) {
  // Only the latest interaction of each contact counts: a later call or email supersedes the
  // follow-up an earlier one asked for (it either was the follow-up or set its own).
  auto& db = model::context_of(vault_).db;
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare(std::string(kColumns) +
      " WHERE i.follow_up_at IS NOT NULL AND i.follow_up_at <= ?"
      " AND NOT EXISTS (SELECT 1 FROM interactions later WHERE later.contact_id = i.contact_id"
      " AND (later.occurred_at > i.occurred_at OR (later.occurred_at = i.occurred_at AND later.id > i.id)))"
      " ORDER BY i.follow_up_at, i.id"));
  st.bind(1, until);
  return read_all(st);
}

Status InteractionStore::each_with_summary(const std::function<Status(Interaction&&)>& visit) {
  auto& db = model::context_of(vault_).db;
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare(std::string(kColumns) + " WHERE i.summary IS NOT NULL ORDER BY i.id"));
  // All read first, so that the visitor may write (a redaction) as it goes.
  COFFRE_ASSIGN_OR_RETURN(auto all, read_all(st));
  for (auto& i : all) COFFRE_TRY(visit(std::move(i)));
  return {};
}

Status InteractionStore::rewrite_summaries(std::span<const SummaryChange> changes, std::string_view action,
                                           Progress& progress) {
  auto& ctx = model::context_of(vault_);
  if (changes.empty()) return {};
  progress.start(tr("Rewriting summaries"), changes.size());
  {
    storage::Transaction tx(ctx.db);
    COFFRE_TRY(tx.begin());
    COFFRE_ASSIGN_OR_RETURN(auto owner, ctx.db.prepare("SELECT contact_id FROM interactions WHERE id = ?"));
    COFFRE_ASSIGN_OR_RETURN(auto upd, ctx.db.prepare("UPDATE interactions SET summary = ? WHERE id = ?"));
    std::set<Id> contacts;
    std::uint64_t done = 0;
    for (const auto& c : changes) {
      owner.reset();
      owner.bind(1, c.id);
      COFFRE_ASSIGN_OR_RETURN(bool row, owner.step());
      if (!row) return make_error(ErrorKind::NotFound, trf("no interaction with id {}", {std::to_string(c.id)}));
      const Id contact_id = owner.column_int(0);
      owner.reset();
      COFFRE_TRY(upd.bind(1, model::clean_optional(c.summary)).bind(2, c.id).run());
      COFFRE_ASSIGN_OR_RETURN(std::string pseudonym, model::contact_pseudonym(ctx.db, contact_id));
      COFFRE_TRY(ctx.audit->append(std::string(action), pseudonym, "interaction=" + std::to_string(c.id)));
      contacts.insert(contact_id);
      if (++done % 256 == 0) progress.advance(done);
    }
    for (Id id : contacts) COFFRE_TRY(model::reindex_contact(ctx.db, id));
    COFFRE_TRY(tx.commit());
    progress.advance(done);
  }
  auto scrubbed = model::scrub_search_index(ctx.db);
  progress.finish();
  return scrubbed;
}

}  // namespace coffre
