// Consent use cases (coffre/app/consent.h): notices, recording, history, the rule.
#include "coffre/app/consent.h"

#include "coffre/i18n.h"

#include "app/consent_args.h"
#include "coffre/documents.h"
#include "util/files.h"

namespace coffre::app {
namespace {

constexpr std::uintmax_t kMaxNoticeFile = 1 << 20;

}  // namespace

Result<Channel> channel_arg(const std::string& text) {
  auto c = parse_channel(text);
  if (!c) return make_error(ErrorKind::InvalidInput, trf("--channel: unknown channel \"{}\" (email, sms, phone, post)", {text}));
  return *c;
}

Result<Notice> add_notice(Session& session, const std::string& version, const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    return make_error(ErrorKind::NotFound, trf("no such file: {}", {file.string()}));
  const auto size = std::filesystem::file_size(file, ec);
  if (ec) return make_error(ErrorKind::IoError, file.string() + ": " + ec.message());
  if (size > kMaxNoticeFile) return make_error(ErrorKind::InvalidInput, trf("{}: a notice is at most 1 MiB", {file.string()}));
  COFFRE_ASSIGN_OR_RETURN(std::string text, util::read_small_file(session.vault().env(), file, kMaxNoticeFile));
  return ConsentStore(session.vault()).add_notice(version, text);
}

Result<std::vector<Notice>> list_notices(Session& session) { return ConsentStore(session.vault()).notices(); }

Status add_purpose(Session& session, const std::string& name, const std::string& description) {
  return ConsentStore(session.vault()).add_purpose(name, description);
}

Result<std::vector<std::string>> list_purposes(Session& session) { return ConsentStore(session.vault()).purposes(); }

Result<RecordConsentResult> record_consent(Session& session, const RecordConsentRequest& r, Progress& progress) {
  NewConsentEvent e;
  e.contact_id = r.contact_id;
  COFFRE_ASSIGN_OR_RETURN(e.channel, channel_arg(r.channel));
  auto ev = parse_consent_event(r.event);
  if (!ev)
    return make_error(ErrorKind::InvalidInput,
                      trf("--event: unknown event \"{}\" (given, refused, withdrawn, objected)", {r.event}));
  e.event = *ev;
  e.purpose = r.purpose.empty() ? std::string(kDefaultPurpose) : r.purpose;
  if (!r.method.empty()) {
    e.method = parse_consent_method(r.method);
    if (!e.method)
      return make_error(ErrorKind::InvalidInput, trf("--method: unknown method \"{}\" (web-form, double-opt-in, email-reply, oral, "
                                                         "paper, in-person, import)",
                                                         {r.method}));
  }
  if (!r.notice_version.empty()) e.notice_version = r.notice_version;
  e.occurred_at = r.at;
  if (!r.note.empty()) e.note = r.note;
  if (!r.source.empty()) e.source = r.source;
  ConsentStore store(session.vault());
  // Checked before the evidence is stored, so that a typo leaves no orphan document.
  COFFRE_TRY(store.check(e));
  RecordConsentResult out;
  if (!r.evidence.empty()) {
    // The evidence is one of the person's documents: encrypted under their own key, shredded
    // with them.
    COFFRE_ASSIGN_OR_RETURN(Id doc, DocumentStore(session.vault()).add(r.contact_id, r.evidence, progress));
    e.evidence_document_id = doc;
    out.evidence_document_id = doc;
  }
  COFFRE_ASSIGN_OR_RETURN(out.id, store.record(e));
  return out;
}

Result<ConsentHistory> consent_history(Session& session, Id contact_id) {
  ConsentHistory h;
  COFFRE_ASSIGN_OR_RETURN(h.events, ConsentStore(session.vault()).history(contact_id));
  h.state = consent_states(h.events);
  return h;
}

Result<ContactDecision> can_contact(Session& session, const CanContactRequest& r) {
  COFFRE_ASSIGN_OR_RETURN(Channel ch, channel_arg(r.channel));
  const std::string purpose = r.purpose.empty() ? std::string(kDefaultPurpose) : r.purpose;
  COFFRE_TRY(ConsentStore(session.vault()).check_purpose(purpose));
  return coffre::can_contact(session.vault(), r.contact_id, ch, purpose, r.at.value_or(session.vault().clock().now()));
}

}  // namespace coffre::app
