// The register of data-subject requests (issue 14): when a person asks to see, correct, erase,
// restrict, carry away their data or objects, the controller answers "without undue delay and in
// any event within one month of receipt", extendable "by two further months where necessary", the
// person being told within the first month (GDPR art. 12(3)); a refusal tells them they may
// complain to a supervisory authority (art. 12(4)), the CNIL in France.
//
// Storage (migration 12, docs/data-map.md): `subject_requests` keeps what proves compliance — the
// person's pseudonym, type, channel, dates, extension, status and answer kind — and outlives the
// person's erasure; `subject_request_answers` the evidence of each answer (an erasure
// certificate's SHA-256, an access export's SHA-256, the names of the rectified fields); the
// person's own words (the note, the reasons given, the close note) and the evidence file (one of
// their documents, encrypted under their key) are in `subject_request_texts` and go with them.
// Every change is audited under the pseudonym, with no free text.
//
// Dates are calendar days ("YYYY-MM-DD"); "today" is the vault clock's day in Europe/Paris.
// Use cases run on a Session from one thread.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "coffre/access.h"
#include "coffre/app/session.h"
#include "coffre/erasure.h"
#include "coffre/model.h"
#include "coffre/progress.h"
#include "coffre/stores.h"

namespace coffre::app {

// A calendar day.
struct Date {
  int year = 0, month = 0, day = 0;
  friend auto operator<=>(const Date&, const Date&) = default;
};
// "YYYY-MM-DD", a real day of the Gregorian calendar; nullopt otherwise.
std::optional<Date> parse_date(std::string_view text);
std::string to_string(const Date& d);
// `d` plus `months` months counted as Regulation (EEC, Euratom) No 1182/71 art. 3(2)(c): the
// period ends on the day of the last month with the same number as the day it started from, or,
// when that month has no such day, on the month's last day (31 January + 1 month = 28 February,
// 29 in a leap year). Periods are counted from the receipt date (art. 12(3)), each from the
// start, never month by month (31 January + 2 months is 31 March, not 28 March).
Date add_months(const Date& d, int months);
// Days from `a` to `b` (negative when `b` is before `a`).
int days_between(const Date& a, const Date& b);
// The vault clock's day in Europe/Paris.
Date today(Session& session);

enum class RequestType { Access, Rectification, Erasure, Restriction, Portability, Objection };
enum class RequestStatus { Open, Closed, Refused };
std::string_view to_string(RequestType t);
std::string_view to_string(RequestStatus s);
std::optional<RequestType> parse_request_type(std::string_view s);

// What was done in answer, recorded by `erase`, `access export` and `contact edit --request`.
struct RequestAnswer {
  std::string kind;      // "erasure", "access-export", "rectification"
  std::string evidence;  // the certificate's SHA-256, the export's SHA-256, or the field names
  std::string at;        // UTC, format_utc
};

struct SubjectRequest {
  Id id = 0;
  std::string subject;              // the person's pseudonym
  std::optional<Id> contact_id;     // absent once the person is erased
  RequestType type = RequestType::Access;
  std::optional<std::string> via;   // email, post, phone, in-person
  Date received, first_due, due;    // due = first_due + the extension
  int extended_months = 0;
  bool person_told = false;         // the extension was recorded as told to the person
  RequestStatus status = RequestStatus::Open;
  std::optional<std::string> answered_at;  // UTC, when closed or refused
  bool subject_erased = false;
  std::vector<RequestAnswer> answers;
  // The person's own texts: empty once they are erased.
  std::optional<std::string> note, extension_reason, refusal_reason, close_note;
  std::optional<Id> evidence_document_id;
  // Derived from `today`.
  bool overdue = false;
  int days_left = 0;  // negative when overdue
};

struct OpenRequest {
  Id contact_id = 0;
  std::string type;      // access, rectification, erasure, restriction, portability, objection
  std::string received;  // YYYY-MM-DD, not in the future
  std::string via;       // empty, or email, post, phone, in-person
  std::filesystem::path evidence;  // empty, or stored as the person's document, encrypted
  std::string note;
};
// InvalidInput naming the option for a bad type, date or channel, or a date after today; NotFound
// for an unknown contact or evidence file. Audited ("request.open").
Result<SubjectRequest> open_request(Session& session, const OpenRequest& request, Progress& progress);

// Extends the deadline by 1 or 2 months, at most 2 in all, only while the first deadline has not
// passed (art. 12(3): the person is told of the extension and its reasons within the first month);
// records that the person must be told. InvalidInput for another count or an empty reason;
// Conflict after the first deadline, beyond 2 months in all, or on a closed request.
Result<SubjectRequest> extend_request(Session& session, Id id, int months, const std::string& reason);
// Refuses the request; `reason` is kept with the person. The returned text is the answer to send:
// the reason and the right to complain to the CNIL and to seek a judicial remedy (art. 12(4)).
// Conflict when the request is not open.
struct RefusalAnswer {
  SubjectRequest request;
  std::string text;
};
Result<RefusalAnswer> refuse_request(Session& session, Id id, const std::string& reason);
// Closes an open request, keeping the answers recorded on it. A note is refused (InvalidInput)
// once the person is erased: it would be their data kept after their erasure.
Result<SubjectRequest> close_request(Session& session, Id id, const std::string& note);

struct RequestFilter {
  bool open_only = false;
  bool overdue_only = false;
};
Result<std::vector<SubjectRequest>> list_requests(Session& session, const RequestFilter& filter = {});
Result<SubjectRequest> show_request(Session& session, Id id);  // NotFound naming the id

// Records an answer on an open request of `contact_id`'s (or of the erased person `subject`).
// NotFound for an unknown request; Conflict when the request is someone else's or not open.
// check_request_for runs the same checks without writing, so a front end can refuse before acting.
Status check_request_for(Session& session, Id request_id, Id contact_id);
Status record_answer(Session& session, Id request_id, const std::string& subject, const std::string& kind,
                     const std::string& evidence);

// The SHA-256 (hex) of a file, for the evidence of an access export.
Result<std::string> file_sha256(const std::filesystem::path& file);

// What `erase`, `access export` and `contact edit` record with --request: the SHA-256 of the
// erasure certificate (the certificate itself stays in the erasure journal), the SHA-256 of the
// export file, the names (never the values) of the fields changed.
Status record_erasure(Session& session, Id request_id, const ErasureProof& proof);
Status record_access_export(Session& session, Id request_id, const AccessExportResult& result);
Status record_rectification(Session& session, Id request_id, Id contact_id, const ContactPatch& patch);

// Requests not answered whose deadline is within `days` days or past, soonest first: what a front
// end reminds the user of when it unlocks the vault.
Result<std::vector<SubjectRequest>> requests_due(Session& session, int days = 7);

}  // namespace coffre::app
