// Consent-capture plugins read a source of consent evidence and hand the host one record per
// decision a person made: a web form's export, a double opt-in confirmation log, a newsletter
// tool's subscriber export, a paper form's register. The proof of consent is the controller's
// burden (GDPR art. 7(1)); CNIL expects its source, date, purpose, the text shown and how it was
// given. A plugin only reads and reports what its source says. The host matches each record to a
// contact by e-mail or phone, validates the spellings below, refuses what cannot be proved (no
// date, no text shown) and stores the record with its provenance; the plugin gets no database
// handle and no key.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "coffre/plugin/abi.h"

namespace coffre::plugin {

// One decision by one person, as the source states it. Text is UTF-8, converted by the plugin
// from the source's charset. Empty means "the source does not say".
struct ConsentEvidence {
  std::uint64_t line = 0;  // where the record starts in the source (line or row), for messages
  // Who: at least one of email and phone, as written in the source (the host normalises them).
  std::string email, phone;
  std::string first_name, last_name;
  // What: the channel ("email", "sms", "phone", "post") and the purpose in the words of the
  // source ("newsletter", "offres commerciales de Dupont SARL").
  std::string channel;
  std::string purpose;
  bool granted = true;  // false: the person withdrew consent or objected
  // When, as written in the source (ISO 8601 preferred; the host parses and refuses what it
  // cannot read, naming the line).
  std::string given_at;
  // How: "web-form", "double-opt-in", "paper", "oral", "email-reply", "other".
  std::string method;
  std::string text_shown;  // the exact wording the person agreed to (or refused)
  std::string source;      // the form's address, the campaign, the trade show
  std::string proof;       // what backs it: IP and user agent, a message id, a scan's reference
  // ABI 1.2 (the host refuses a consent-capture plugin built for 1.1, whose records lack these):
  // The opt-in token or the reply code the record bears (`coffre campaign optin`), as written; the
  // host checks it (forged, expired, replayed, another person's) and takes the person, channel,
  // purpose and notice from it. Empty for sources that carry none (an unsubscribe export).
  std::string token;
  // The decision when it is more than `granted` says: "given", "refused", "withdrawn", "objected".
  // Empty: "given" when granted, else "withdrawn".
  std::string event;
  // The answer as the person wrote it ("OUI", "STOP"), for the event's note.
  std::string answer;
  // The original record as bytes (a mail message): the host keeps it encrypted as the person's
  // document, the evidence of the event. Empty when the source line is the only evidence.
  std::string evidence;
  std::string evidence_name;  // a file name for it: "reply-12.eml"
  // True when the sender's address (`email`) was read from the record itself (a mail's From:),
  // so the host must find it among the token's person's addresses.
  bool sender_must_match = false;
};

// What the host gives a consent-capture plugin. Returning false from consent() asks the plugin to
// stop.
class ConsentSink {
 public:
  virtual ~ConsentSink() = default;
  virtual bool consent(ConsentEvidence&& evidence) = 0;
  virtual void progress(std::uint64_t done, std::uint64_t total) = 0;  // bytes read of total
};

struct CaptureOptions {
  std::string path;     // the source file
  std::string charset;  // forced charset; empty to detect
};

// A failure that stops the whole capture. `line`/`column` locate it when they can (0: unknown).
struct CaptureError {
  std::string message;
  std::uint64_t line = 0;
  std::uint64_t column = 0;
  std::string field;
};

class ConsentCapture : public Plugin {
 public:
  // Lower-case names of the sources this plugin reads: {"optin-csv"}.
  virtual std::vector<std::string> sources() const = 0;
  // How sure the plugin is that it reads this file, 0 (no) to 100, from its name and first bytes.
  virtual int sniff(const std::string& path, const std::string& head) const = 0;
  // Reads the whole source, calling sink.consent() per record. False with `error` set on a
  // malformed source; the host then records nothing (all or nothing).
  virtual bool capture(const CaptureOptions& options, ConsentSink& sink, CaptureError& error) = 0;
};

}  // namespace coffre::plugin
