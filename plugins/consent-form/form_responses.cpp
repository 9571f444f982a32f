// The form-responses consent-capture plugin: the CSV export of a form that asked people to confirm
// (Google Forms, Tally, Framaforms, a website's own form), recognised by its headers: the opt-in
// token, the answer and the submission time, and where present the respondent's e-mail, IP address
// and user agent. One ConsentEvidence per row; the host checks the token and records the answer.
#include "answer_words.h"
#include "coffre/plugin/consent.h"
#include "coffre/plugin/i18n.h"
#include "csv_capture.h"

namespace coffre::plugin::consent_form {
namespace {

struct Columns {
  int token = -1, answer = -1, submitted = -1, email = -1, ip = -1, agent = -1, id = -1;
};

Columns columns_of(const std::vector<std::string>& h) {
  using text::find_column;
  Columns c;
  c.token = find_column(h, {"token", "jeton", "optin token", "opt in token", "code", "consent token"}, {"token", "jeton"});
  c.answer = find_column(h, {"answer", "reponse", "consent", "consentement", "choice", "choix"},
                         {"answer", "reponse", "consent", "j'accepte", "acceptez", "i agree", "do you agree"});
  c.submitted = find_column(h, {"timestamp", "horodateur", "submitted at", "submitted", "date de soumission",
                                "submission date", "date", "created at", "soumis le", "completed"},
                            {"submitted", "soumis", "horodat", "timestamp"});
  c.email = find_column(h, {"email", "e mail", "email address", "adresse e mail", "adresse email", "courriel"},
                        {"email", "e mail", "courriel"});
  c.ip = find_column(h, {"ip", "ip address", "adresse ip", "remote ip", "ip adresse"}, {"ip address", "adresse ip"});
  c.agent = find_column(h, {"user agent", "useragent", "navigateur", "browser"}, {"user agent"});
  c.id = find_column(h, {"submission id", "response id", "id de soumission", "sid", "respondent id"});
  return c;
}

class FormResponses final : public ConsentCapture {
 public:
  Info info() const override {
    return {"consent-form", Kind::ConsentCapture, "1.0.0",
            "form responses (CSV export of Google Forms, Tally, Framaforms, a website): token, answer, "
            "submitted-at, optional e-mail, IP, user agent"};
  }
  bool setup(std::string&) override { return true; }
  std::vector<std::string> sources() const override { return {"form-responses", "form"}; }
  int sniff(const std::string& path, const std::string& head) const override {
    if (!has_suffix_ci(path, ".csv") && !has_suffix_ci(path, ".tsv") && !has_suffix_ci(path, ".txt")) return 0;
    const Columns c = columns_of(text::sniff_headers(head));
    return c.token >= 0 && c.answer >= 0 ? 95 : 0;
  }
  bool capture(const CaptureOptions& options, ConsentSink& sink, CaptureError& error) override {
    Columns c;
    auto on_header = [&](const std::vector<std::string>& h, CaptureError& err) {
      c = columns_of(h);
      const char* missing = c.token < 0 ? "token (token, jeton)" : c.answer < 0 ? "answer (answer, réponse, consent)"
                            : c.submitted < 0 ? "submitted-at (Timestamp, Horodateur, Submitted at, date)" : nullptr;
      if (missing) {
        err.message = trf("no {} column: not a form's responses export", {missing});
        err.line = 1;
        err.field = missing;
        return false;
      }
      return true;
    };
    auto on_row = [&](const std::vector<std::string>& cells, std::uint64_t line) {
      auto cell = [&](int i) { return i >= 0 && static_cast<std::size_t>(i) < cells.size() ? cells[static_cast<std::size_t>(i)] : std::string(); };
      ConsentEvidence e;
      e.line = line;
      e.token = cell(c.token);
      e.answer = cell(c.answer);
      e.event = text::answer_event(e.answer);
      if (e.event.empty()) e.event = "unknown";
      e.granted = e.event == "given";
      e.given_at = cell(c.submitted);
      e.email = cell(c.email);
      e.method = "double-opt-in";
      std::string proof;
      if (!cell(c.id).empty()) proof = "submission " + cell(c.id);
      if (!cell(c.ip).empty()) proof += (proof.empty() ? "" : "; ") + std::string("IP ") + cell(c.ip);
      if (!cell(c.agent).empty()) proof += (proof.empty() ? "" : "; ") + std::string("user agent ") + cell(c.agent);
      e.proof = proof;
      return sink.consent(std::move(e));
    };
    return text::read_csv(options, sink, error, on_header, on_row);
  }
};

}  // namespace
}  // namespace coffre::plugin::consent_form

COFFRE_PLUGIN(coffre::plugin::consent_form::FormResponses)
