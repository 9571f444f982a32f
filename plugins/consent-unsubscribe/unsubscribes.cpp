// The unsubscribe-export consent-capture plugin: the unsubscribed or blocklisted contacts a mailing
// tool exports (Brevo/Sendinblue, Mailchimp...), recognised by an e-mail column and an unsubscribe
// date column. Each row is a withdrawal on e-mail; the host records it for whoever holds the
// address, or keeps a channel-scoped suppression entry for an address the vault does not hold.
#include "coffre/plugin/consent.h"
#include "csv_capture.h"
#include "coffre/plugin/i18n.h"

namespace coffre::plugin::consent_unsubscribe {
namespace {

struct Columns {
  int email = -1, date = -1, reason = -1, campaign = -1;
};

Columns columns_of(const std::vector<std::string>& h) {
  using text::find_column;
  Columns c;
  c.email = find_column(h, {"email", "email address", "e mail", "adresse e mail", "adresse email", "courriel"},
                        {"email", "e mail", "courriel"});
  c.date = find_column(h, {"unsub time", "unsubscribed at", "unsubscription date", "unsubscribe date",
                           "date de desinscription", "date desinscription", "blacklisted at", "blocklisted at",
                           "date de blocage", "optout date", "opt out date"},
                       {"unsub", "desinscri", "desabonn", "blacklist", "blocklist", "opt out"});
  c.reason = find_column(h, {"unsub reason", "reason", "raison", "motif"}, {"reason", "motif"});
  c.campaign = find_column(h, {"unsub campaign title", "campaign", "campagne"}, {"campaign title"});
  return c;
}

class Unsubscribes final : public ConsentCapture {
 public:
  Info info() const override {
    return {"consent-unsubscribe", Kind::ConsentCapture, "1.0.0",
            "unsubscribe and blocklist exports of mailing tools (Brevo/Sendinblue, Mailchimp): e-mail and date"};
  }
  bool setup(std::string&) override { return true; }
  std::vector<std::string> sources() const override { return {"unsubscribes", "brevo", "mailchimp"}; }
  int sniff(const std::string& path, const std::string& head) const override {
    if (!has_suffix_ci(path, ".csv") && !has_suffix_ci(path, ".tsv") && !has_suffix_ci(path, ".txt")) return 0;
    const Columns c = columns_of(text::sniff_headers(head));
    return c.email >= 0 && c.date >= 0 ? 90 : 0;
  }
  bool capture(const CaptureOptions& options, ConsentSink& sink, CaptureError& error) override {
    Columns c;
    auto on_header = [&](const std::vector<std::string>& h, CaptureError& err) {
      c = columns_of(h);
      if (c.email < 0) {
        err.message = tr("no e-mail column (EMAIL, Email Address): not an unsubscribe export");
        err.line = 1;
        err.field = "email";
        return false;
      }
      return true;
    };
    auto on_row = [&](const std::vector<std::string>& cells, std::uint64_t line) {
      auto cell = [&](int i) { return i >= 0 && static_cast<std::size_t>(i) < cells.size() ? cells[static_cast<std::size_t>(i)] : std::string(); };
      ConsentEvidence e;
      e.line = line;
      e.email = cell(c.email);
      e.channel = "email";
      e.granted = false;
      e.event = "withdrawn";
      e.given_at = cell(c.date);
      e.method = "import";
      if (!cell(c.campaign).empty()) e.source = cell(c.campaign);
      if (!cell(c.reason).empty()) e.proof = "reason: " + cell(c.reason);
      return sink.consent(std::move(e));
    };
    return text::read_csv(options, sink, error, on_header, on_row);
  }
};

}  // namespace
}  // namespace coffre::plugin::consent_unsubscribe

COFFRE_PLUGIN(coffre::plugin::consent_unsubscribe::Unsubscribes)
