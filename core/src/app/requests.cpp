// The register of data-subject requests (coffre/app/requests.h), on migration 12's tables.
#include "coffre/app/requests.h"

#include "coffre/i18n.h"

#include <array>
#include <fstream>

#include "coffre/clock.h"
#include "coffre/contact_rule.h"
#include "coffre/documents.h"
#include "crypto/crypto.h"
#include "model/store_support.h"
#include "storage/database.h"
#include "vault/context.h"

namespace coffre::app {
namespace {

constexpr std::array<std::string_view, 6> kTypes = {"access",      "rectification", "erasure",
                                                     "restriction", "portability",   "objection"};
constexpr std::array<std::string_view, 3> kStatuses = {"open", "closed", "refused"};
constexpr std::array<std::string_view, 4> kVias = {"email", "post", "phone", "in-person"};

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int month_days(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && leap(y) ? 29 : kDays[m - 1];
}
// Days since 1970-01-01 (H. Hinnant's days_from_civil).
long days_from_civil(const Date& d) {
  int y = d.year - (d.month <= 2 ? 1 : 0);
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned m = static_cast<unsigned>(d.month);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + static_cast<unsigned>(d.day) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

detail::VaultContext& ctx_of(Session& s) { return s.vault().context(); }

constexpr const char* kSelect =
    "SELECT id, subject, contact_id, type, via, received_on, first_due_on, extended_months, person_told, status, "
    "answered_at, subject_erased FROM subject_requests ";

Result<SubjectRequest> read_row(const storage::Statement& st, const Date& now) {
  SubjectRequest r;
  r.id = st.column_int(0);
  r.subject = st.column_text(1);
  r.contact_id = st.column_opt_int(2);
  auto type = parse_request_type(st.column_text(3));
  auto received = parse_date(st.column_text(5));
  auto first_due = parse_date(st.column_text(6));
  if (!type || !received || !first_due)
    return make_error(ErrorKind::Corruption, "subject request " + std::to_string(r.id) + " is unreadable");
  r.type = *type;
  r.via = st.column_opt_text(4);
  r.received = *received;
  r.first_due = *first_due;
  r.extended_months = static_cast<int>(st.column_int(7));
  r.due = add_months(r.received, 1 + r.extended_months);
  r.person_told = st.column_int(8) != 0;
  const std::string status = st.column_text(9);
  r.status = status == "closed" ? RequestStatus::Closed : status == "refused" ? RequestStatus::Refused : RequestStatus::Open;
  if (auto at = st.column_opt_int(10)) r.answered_at = format_utc(*at);
  r.subject_erased = st.column_int(11) != 0;
  r.days_left = days_between(now, r.due);
  r.overdue = r.status == RequestStatus::Open && r.days_left < 0;
  return r;
}

Status load_details(storage::Database& db, SubjectRequest& r) {
  COFFRE_ASSIGN_OR_RETURN(auto a, db.prepare("SELECT kind, evidence, at FROM subject_request_answers WHERE request_id = ? "
                                             "ORDER BY id"));
  a.bind(1, r.id);
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, a.step());
    if (!row) break;
    r.answers.push_back(RequestAnswer{a.column_text(0), a.column_text(1), format_utc(a.column_int(2))});
  }
  COFFRE_ASSIGN_OR_RETURN(auto t, db.prepare("SELECT kind, text, document_id FROM subject_request_texts WHERE "
                                             "request_id = ? ORDER BY id"));
  t.bind(1, r.id);
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, t.step());
    if (!row) break;
    const std::string kind = t.column_text(0);
    auto text = t.column_opt_text(1);
    if (kind == "note") r.note = text;
    else if (kind == "extension-reason") r.extension_reason = r.extension_reason ? *r.extension_reason + "\n" + text.value_or("") : text;
    else if (kind == "refusal-reason") r.refusal_reason = text;
    else if (kind == "close-note") r.close_note = text;
    else if (kind == "evidence") r.evidence_document_id = t.column_opt_int(2);
  }
  return {};
}

Result<SubjectRequest> load(Session& session, Id id) {
  auto& db = ctx_of(session).db;
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare(std::string(kSelect) + "WHERE id = ?"));
  st.bind(1, id);
  COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row) return make_error(ErrorKind::NotFound, trf("no request with id {}", {std::to_string(id)}));
  COFFRE_ASSIGN_OR_RETURN(auto r, read_row(st, today(session)));
  COFFRE_TRY(load_details(db, r));
  return r;
}

Status add_text(storage::Database& db, Id request, Id contact, std::string_view kind,
                const std::optional<std::string>& text, std::optional<std::int64_t> document, Time now) {
  COFFRE_ASSIGN_OR_RETURN(auto ins, db.prepare("INSERT INTO subject_request_texts(request_id, contact_id, kind, text, "
                                               "document_id, at) VALUES(?,?,?,?,?,?)"));
  return ins.bind(1, request).bind(2, contact).bind(3, kind).bind(4, text).bind(5, document).bind(6, now).run();
}

Status must_be_open(const SubjectRequest& r, std::string_view what) {
  // `what` is marked N_ where it is given: "extend", "refuse", "close", "answer".
  const std::string id = std::to_string(r.id), verb = tr(std::string(what).c_str());
  if (r.status == RequestStatus::Closed)
    return make_error(ErrorKind::Conflict, trf("request {0} is closed: cannot {1} it", {id, verb}));
  if (r.status != RequestStatus::Open)
    return make_error(ErrorKind::Conflict, trf("request {0} is refused: cannot {1} it", {id, verb}));
  return {};
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t')) ++i;
  return s.substr(i);
}

}  // namespace

std::optional<Date> parse_date(std::string_view t) {
  if (t.size() != 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
    if (t[i] < '0' || t[i] > '9') return std::nullopt;
  auto num = [&](std::size_t at, std::size_t n) {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) v = v * 10 + (t[i] - '0');
    return v;
  };
  Date d{num(0, 4), num(5, 2), num(8, 2)};
  if (d.year < 1900 || d.month < 1 || d.month > 12 || d.day < 1 || d.day > month_days(d.year, d.month))
    return std::nullopt;
  return d;
}

std::string to_string(const Date& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buf;
}

Date add_months(const Date& d, int months) {
  const int index = d.year * 12 + (d.month - 1) + months;
  Date out{index / 12, index % 12 + 1, 0};
  out.day = std::min(d.day, month_days(out.year, out.month));
  return out;
}

int days_between(const Date& a, const Date& b) { return static_cast<int>(days_from_civil(b) - days_from_civil(a)); }

Date today(Session& session) {
  const Time now = session.vault().clock().now();
  if (auto lt = local_time(now, "Europe/Paris"); lt.ok()) return Date{lt->year, lt->month, lt->day};
  // No zone data: the UTC day (at most a day off around midnight).
  auto d = parse_date(format_utc(now).substr(0, 10));
  return d.value_or(Date{1970, 1, 1});
}

std::string_view to_string(RequestType t) { return kTypes[static_cast<std::size_t>(t)]; }
std::string_view to_string(RequestStatus s) { return kStatuses[static_cast<std::size_t>(s)]; }
std::optional<RequestType> parse_request_type(std::string_view s) {
  for (std::size_t i = 0; i < kTypes.size(); ++i)
    if (kTypes[i] == s) return static_cast<RequestType>(i);
  return std::nullopt;
}

Result<SubjectRequest> open_request(Session& session, const OpenRequest& in, Progress& progress) {
  auto type = parse_request_type(in.type);
  if (!type)
    return make_error(ErrorKind::InvalidInput, trf("--type: unknown request type \"{}\" (access, rectification, erasure, restriction, "
                                                       "portability, objection)",
                                                       {in.type}));
  auto received = parse_date(in.received);
  if (!received)
    return make_error(ErrorKind::InvalidInput, trf("--received: \"{}\" is not a date (YYYY-MM-DD)", {in.received}));
  const Date now = today(session);
  if (*received > now)
    return make_error(ErrorKind::InvalidInput, trf("--received: {0} is after today ({1})", {in.received, to_string(now)}));
  std::optional<std::string> via;
  if (!in.via.empty()) {
    if (std::find(kVias.begin(), kVias.end(), in.via) == kVias.end())
      return make_error(ErrorKind::InvalidInput, trf("--via: unknown channel \"{}\" (email, post, phone, in-person)", {in.via}));
    via = in.via;
  }
  auto& ctx = ctx_of(session);
  // Checked before the evidence is stored, so that a typo leaves no orphan document.
  COFFRE_ASSIGN_OR_RETURN(std::string subject, model::contact_pseudonym(ctx.db, in.contact_id));
  std::optional<Id> evidence;
  if (!in.evidence.empty()) {
    // The evidence (the letter, the e-mail) is one of the person's documents: encrypted under their
    // own key, shredded with them.
    COFFRE_ASSIGN_OR_RETURN(Id doc, DocumentStore(session.vault()).add(in.contact_id, in.evidence, progress));
    evidence = doc;
  }
  const Date first_due = add_months(*received, 1);
  const Time at = ctx.clock->now();
  storage::Transaction tx(ctx.db);
  COFFRE_TRY(tx.begin());
  COFFRE_ASSIGN_OR_RETURN(auto ins, ctx.db.prepare("INSERT INTO subject_requests(subject, contact_id, type, via, "
                                                   "received_on, first_due_on, opened_at) VALUES(?,?,?,?,?,?,?)"));
  COFFRE_TRY(ins.bind(1, subject).bind(2, in.contact_id).bind(3, to_string(*type)).bind(4, via)
                 .bind(5, to_string(*received)).bind(6, to_string(first_due)).bind(7, at).run());
  const Id id = ctx.db.last_insert_id();
  const std::string note = trimmed(in.note);
  if (!note.empty()) COFFRE_TRY(add_text(ctx.db, id, in.contact_id, "note", note, std::nullopt, at));
  if (evidence) COFFRE_TRY(add_text(ctx.db, id, in.contact_id, "evidence", std::nullopt, *evidence, at));
  // No free text in the audit log: the note is the person's and goes with them.
  COFFRE_TRY(ctx.audit->append("request.open", subject,
                               "id=" + std::to_string(id) + " type=" + std::string(to_string(*type)) + " received=" +
                                   to_string(*received) + " due=" + to_string(first_due) + " via=" + via.value_or("-") +
                                   " evidence=" + (evidence ? "document:" + std::to_string(*evidence) : "none") +
                                   " note=" + (note.empty() ? "no" : "yes")));
  COFFRE_TRY(tx.commit());
  return load(session, id);
}

Result<SubjectRequest> extend_request(Session& session, Id id, int months, const std::string& reason_in) {
  if (months != 1 && months != 2)
    return make_error(ErrorKind::InvalidInput, trf("--months: {} (1 or 2: art. 12(3) allows two further months at most)",
                                                   {std::to_string(months)}));
  const std::string reason = trimmed(reason_in);
  if (reason.empty())
    return make_error(ErrorKind::InvalidInput, tr("--reason: say why the extension is necessary (the person is told)"));
  COFFRE_ASSIGN_OR_RETURN(auto r, load(session, id));
  COFFRE_TRY(must_be_open(r, N_("extend")));
  if (!r.contact_id) return make_error(ErrorKind::Conflict, trf("request {}: the person is erased", {std::to_string(id)}));
  const Date now = today(session);
  if (now > r.first_due)
    return make_error(ErrorKind::Conflict, trf("request {0}: the first deadline ({1}) has passed; art. 12(3) allows an extension only "
                                                   "within the first month, the person being told then",
                                                   {std::to_string(id), to_string(r.first_due)}));
  if (r.extended_months + months > 2)
    return make_error(ErrorKind::Conflict, trf("request {0} is already extended by {1} month(s): at most two further months in all (three "
                                                   "from receipt), art. 12(3)",
                                                   {std::to_string(id), std::to_string(r.extended_months)}));
  auto& ctx = ctx_of(session);
  const Time at = ctx.clock->now();
  const int total = r.extended_months + months;
  storage::Transaction tx(ctx.db);
  COFFRE_TRY(tx.begin());
  COFFRE_ASSIGN_OR_RETURN(auto upd, ctx.db.prepare("UPDATE subject_requests SET extended_months = ?, person_told = 1 "
                                                   "WHERE id = ?"));
  COFFRE_TRY(upd.bind(1, total).bind(2, id).run());
  COFFRE_TRY(add_text(ctx.db, id, *r.contact_id, "extension-reason", reason, std::nullopt, at));
  COFFRE_TRY(ctx.audit->append("request.extend", r.subject,
                               "id=" + std::to_string(id) + " months=" + std::to_string(months) + " total=" +
                                   std::to_string(total) + " due=" + to_string(add_months(r.received, 1 + total)) +
                                   " tell_person_by=" + to_string(r.first_due)));
  COFFRE_TRY(tx.commit());
  return load(session, id);
}

Result<RefusalAnswer> refuse_request(Session& session, Id id, const std::string& reason_in) {
  const std::string reason = trimmed(reason_in);
  if (reason.empty())
    return make_error(ErrorKind::InvalidInput, tr("--reason: say why the request is refused (art. 12(4): the person is told)"));
  COFFRE_ASSIGN_OR_RETURN(auto r, load(session, id));
  COFFRE_TRY(must_be_open(r, N_("refuse")));
  if (!r.contact_id) return make_error(ErrorKind::Conflict, trf("request {}: the person is erased", {std::to_string(id)}));
  auto& ctx = ctx_of(session);
  const Time at = ctx.clock->now();
  storage::Transaction tx(ctx.db);
  COFFRE_TRY(tx.begin());
  COFFRE_ASSIGN_OR_RETURN(auto upd, ctx.db.prepare("UPDATE subject_requests SET status = 'refused', answered_at = ? "
                                                   "WHERE id = ?"));
  COFFRE_TRY(upd.bind(1, at).bind(2, id).run());
  COFFRE_TRY(add_text(ctx.db, id, *r.contact_id, "refusal-reason", reason, std::nullopt, at));
  COFFRE_TRY(ctx.audit->append("request.refuse", r.subject, "id=" + std::to_string(id) + " complaint_right=cnil"));
  COFFRE_TRY(tx.commit());
  RefusalAnswer out;
  COFFRE_ASSIGN_OR_RETURN(out.request, load(session, id));
  // The answer to send (art. 12(4)): the reason, the right to complain to the CNIL and to go to court.
  out.text = "Votre demande (" + std::string(to_string(r.type)) + ") reçue le " + to_string(r.received) +
             " ne peut pas être satisfaite, pour la raison suivante : " + reason +
             "\nVous pouvez introduire une réclamation auprès de la Commission nationale de l'informatique et des "
             "libertés (CNIL, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, www.cnil.fr/plaintes) et "
             "former un recours juridictionnel (RGPD art. 12(4)).\n";
  return out;
}

Result<SubjectRequest> close_request(Session& session, Id id, const std::string& note_in) {
  const std::string note = trimmed(note_in);
  COFFRE_ASSIGN_OR_RETURN(auto r, load(session, id));
  COFFRE_TRY(must_be_open(r, N_("close")));
  if (!note.empty() && !r.contact_id)
    return make_error(ErrorKind::InvalidInput, trf("--note: the person of request {} is erased; a note would keep their data after their erasure",
                                                   {std::to_string(id)}));
  auto& ctx = ctx_of(session);
  const Time at = ctx.clock->now();
  std::string answers;
  for (const auto& a : r.answers) answers += (answers.empty() ? "" : ",") + a.kind;
  storage::Transaction tx(ctx.db);
  COFFRE_TRY(tx.begin());
  COFFRE_ASSIGN_OR_RETURN(auto upd, ctx.db.prepare("UPDATE subject_requests SET status = 'closed', answered_at = ? "
                                                   "WHERE id = ?"));
  COFFRE_TRY(upd.bind(1, at).bind(2, id).run());
  if (!note.empty()) COFFRE_TRY(add_text(ctx.db, id, *r.contact_id, "close-note", note, std::nullopt, at));
  COFFRE_TRY(ctx.audit->append("request.close", r.subject,
                               "id=" + std::to_string(id) + " answers=" + (answers.empty() ? "none" : answers) +
                                   " on_time=" + (r.days_left >= 0 ? "yes" : "no")));
  COFFRE_TRY(tx.commit());
  return load(session, id);
}

Result<std::vector<SubjectRequest>> list_requests(Session& session, const RequestFilter& filter) {
  auto& db = ctx_of(session).db;
  const Date now = today(session);
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare(std::string(kSelect) + (filter.open_only || filter.overdue_only
                                                                          ? "WHERE status = 'open' "
                                                                          : "") +
                                              "ORDER BY id"));
  std::vector<SubjectRequest> out;
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
    if (!row) break;
    COFFRE_ASSIGN_OR_RETURN(auto r, read_row(st, now));
    if (filter.overdue_only && !r.overdue) continue;
    COFFRE_TRY(load_details(db, r));
    out.push_back(std::move(r));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.due < b.due; });
  return out;
}

Result<SubjectRequest> show_request(Session& session, Id id) { return load(session, id); }

Status check_request_for(Session& session, Id request_id, Id contact_id) {
  COFFRE_ASSIGN_OR_RETURN(auto r, load(session, request_id));
  COFFRE_TRY(must_be_open(r, N_("answer")));
  if (r.contact_id != contact_id)
    return make_error(ErrorKind::Conflict, trf("request {0} is not contact {1}'s: nothing was done",
                                                   {std::to_string(request_id), std::to_string(contact_id)}));
  return {};
}

Status record_answer(Session& session, Id request_id, const std::string& subject, const std::string& kind,
                     const std::string& evidence) {
  COFFRE_ASSIGN_OR_RETURN(auto r, load(session, request_id));
  COFFRE_TRY(must_be_open(r, N_("answer")));
  if (r.subject != subject)
    return make_error(ErrorKind::Conflict, trf("request {} is another person's", {std::to_string(request_id)}));
  auto& ctx = ctx_of(session);
  storage::Transaction tx(ctx.db);
  COFFRE_TRY(tx.begin());
  COFFRE_ASSIGN_OR_RETURN(auto ins, ctx.db.prepare("INSERT INTO subject_request_answers(request_id, kind, evidence, at) "
                                                   "VALUES(?,?,?,?)"));
  COFFRE_TRY(ins.bind(1, request_id).bind(2, kind).bind(3, evidence).bind(4, ctx.clock->now()).run());
  COFFRE_TRY(ctx.audit->append("request.answer", subject,
                               "id=" + std::to_string(request_id) + " kind=" + kind + " evidence=" + evidence));
  return tx.commit();
}

Result<std::string> file_sha256(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return make_error(ErrorKind::NotFound, trf("cannot open {}", {file.string()}));
  crypto::Sha256 h;
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const auto n = in.gcount();
    if (n > 0) h.update(crypto::ByteView(reinterpret_cast<const std::uint8_t*>(buf.data()), static_cast<std::size_t>(n)));
  }
  if (in.bad()) return make_error(ErrorKind::IoError, trf("cannot read {}", {file.string()}));
  auto d = h.finish();
  return crypto::to_hex(crypto::ByteView(d.data(), d.size()));
}

Status record_erasure(Session& session, Id request_id, const ErasureProof& proof) {
  crypto::Sha256 h;
  h.update(crypto::as_bytes(proof.certificate));
  auto d = h.finish();
  return record_answer(session, request_id, proof.subject, "erasure",
                       "certificate-sha256:" + crypto::to_hex(crypto::ByteView(d.data(), d.size())));
}

Status record_access_export(Session& session, Id request_id, const AccessExportResult& result) {
  COFFRE_ASSIGN_OR_RETURN(std::string sha, file_sha256(result.path));
  return record_answer(session, request_id, result.subject, "access-export",
                       "sha256:" + sha + " format:" + result.format);
}

Status record_rectification(Session& session, Id request_id, Id contact_id, const ContactPatch& p) {
  std::string fields;
  auto add = [&](bool set, const char* name) {
    if (set) fields += (fields.empty() ? "" : ",") + std::string(name);
  };
  add(p.first_name.has_value(), "first_name");
  add(p.last_name.has_value(), "last_name");
  add(p.role.has_value(), "role");
  add(p.address.has_value(), "address");
  add(p.source.has_value(), "source");
  add(p.org_name.has_value(), "organisation");
  add(p.kind.has_value(), "kind");
  add(p.category.has_value(), "category");
  add(p.temperature.has_value(), "temperature");
  add(p.emails.has_value(), "emails");
  add(p.phones.has_value(), "phones");
  COFFRE_ASSIGN_OR_RETURN(std::string subject, model::contact_pseudonym(ctx_of(session).db, contact_id));
  return record_answer(session, request_id, subject, "rectification", "fields:" + fields);
}

Result<std::vector<SubjectRequest>> requests_due(Session& session, int days) {
  COFFRE_ASSIGN_OR_RETURN(auto open, list_requests(session, RequestFilter{true, false}));
  std::vector<SubjectRequest> out;
  for (auto& r : open)
    if (r.days_left <= days) out.push_back(std::move(r));
  return out;
}

}  // namespace coffre::app
