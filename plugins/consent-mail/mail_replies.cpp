// The mail-replies consent-capture plugin: answers to an opt-in campaign sent by e-mail, read from
// an .eml file, a folder of them or an mbox with GMime 3. Per message: the token or reply code in
// the subject or the body (quoted text included: a reply usually quotes the invitation), the
// answer (the first line the person wrote, else the subject: OUI, NON, YES, NO, STOP,
// désinscription...), the sender's address, the date and the Message-ID; the original message's
// bytes go to the host, which keeps them encrypted as the evidence. The host checks that the
// sender is the address on file for the token's person.
#include <gmime/gmime.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "answer_words.h"
#include "coffre/plugin/consent.h"
#include "coffre/plugin/i18n.h"
#include "coffre/plugin/importer.h"  // has_suffix_ci

namespace coffre::plugin::consent_mail {
namespace {

namespace fs = std::filesystem;
constexpr std::uintmax_t kMaxMailbox = 1ull << 30;  // 1 GiB: read into memory

template <typename T>
struct GUnref {
  void operator()(T* p) const {
    if (p) g_object_unref(p);
  }
};
template <typename T>
using GPtr = std::unique_ptr<T, GUnref<T>>;

struct GFree {
  void operator()(char* p) const { g_free(p); }
};
using GText = std::unique_ptr<char, GFree>;

bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// The first opt-in token (32 hex digits) or reply code ("XXXX-XXXX", Crockford base32) standing
// alone in `text`; "" when none.
std::string find_token(const std::string& text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i > 0 && is_alnum(text[i - 1])) continue;
    std::size_t j = i;
    while (j < text.size() && std::isxdigit(static_cast<unsigned char>(text[j]))) ++j;
    if (j - i == 32 && (j == text.size() || !is_alnum(text[j]))) return text.substr(i, 32);
  }
  for (std::size_t i = 0; i + 9 <= text.size(); ++i) {
    if (i > 0 && is_alnum(text[i - 1])) continue;
    bool ok = text[i + 4] == '-' && (i + 9 == text.size() || !is_alnum(text[i + 9]));
    for (std::size_t k = 0; ok && k < 9; ++k)
      if (k != 4 && !is_alnum(text[i + k])) ok = false;
    if (ok) return text.substr(i, 9);
  }
  return "";
}

// The first line the person wrote: not blank, not quoted ("> "), before the quoted invitation.
std::string first_own_line(const std::string& body) {
  std::istringstream in(body);
  std::string line;
  while (std::getline(in, line)) {
    const std::string folded = text::fold_answer(line);
    if (folded.empty() || line[0] == '>') continue;
    return line;
  }
  return "";
}

// "Re: STOP" -> "STOP".
std::string strip_reply_prefix(std::string s) {
  for (;;) {
    std::size_t colon = s.find(':');
    if (colon == std::string::npos || colon > 5) return s;
    const std::string prefix = text::fold_answer(s.substr(0, colon));
    if (prefix != "re" && prefix != "fwd" && prefix != "tr" && prefix != "fw" && prefix != "aw") return s;
    s = s.substr(colon + 1);
  }
}

std::string answer_in(const std::string& line) {
  std::string ev = text::answer_event(line);
  if (!ev.empty()) return ev;
  // "Oui, avec plaisir" / "STOP merci": the first word.
  const std::string folded = text::fold_answer(line);
  const std::size_t cut = folded.find_first_of(" ,.!;");
  return cut == std::string::npos ? "" : text::answer_event(folded.substr(0, cut));
}

void collect_text(GMimeObject*, GMimeObject* part, gpointer data) {
  auto* out = static_cast<std::string*>(data);
  if (!out->empty() || !GMIME_IS_TEXT_PART(part)) return;
  GMimeContentType* type = g_mime_object_get_content_type(part);
  if (!g_mime_content_type_is_type(type, "text", "plain")) return;
  GText text(g_mime_text_part_get_text(GMIME_TEXT_PART(part)));
  if (text) *out = text.get();
}

class MailReplies final : public ConsentCapture {
 public:
  Info info() const override {
    return {"consent-mail", Kind::ConsentCapture, "1.0.0",
            "replies by e-mail to an opt-in campaign: .eml files, a folder of them, or an mbox (GMime)"};
  }
  bool setup(std::string&) override {
    g_mime_init();  // idempotent; never shut down (the library is not unloaded)
    return true;
  }
  std::vector<std::string> sources() const override { return {"mail-replies", "mail", "mbox", "eml"}; }
  int sniff(const std::string& path, const std::string& head) const override {
    std::error_code ec;
    if (fs::is_directory(path, ec)) return 80;
    if (has_suffix_ci(path, ".eml")) return 90;
    if (has_suffix_ci(path, ".mbox") || has_suffix_ci(path, ".mbx")) return 90;
    if (head.rfind("From ", 0) == 0) return 60;
    return 0;
  }
  bool capture(const CaptureOptions& options, ConsentSink& sink, CaptureError& error) override {
    std::error_code ec;
    if (fs::is_directory(options.path, ec)) {
      std::vector<fs::path> files;
      for (const auto& entry : fs::directory_iterator(options.path, ec))
        if (entry.is_regular_file() && has_suffix_ci(entry.path().string(), ".eml")) files.push_back(entry.path());
      if (ec) return fail(error, trf("cannot list {0}: {1}", {options.path, ec.message()}), 0);
      std::sort(files.begin(), files.end());
      std::uint64_t n = 0;
      for (const auto& f : files) {
        std::string bytes;
        if (!read_all(f.string(), bytes, error)) return false;
        if (!one_message(bytes, ++n, f.filename().string(), sink, error)) return false;
        sink.progress(n, files.size());
      }
      return true;
    }
    std::string bytes;
    if (!read_all(options.path, bytes, error)) return false;
    if (bytes.rfind("From ", 0) == 0) return mailbox(bytes, sink, error);
    return one_message(bytes, 1, fs::path(options.path).filename().string(), sink, error);
  }

 private:
  static bool fail(CaptureError& error, std::string message, std::uint64_t line) {
    error.message = std::move(message);
    error.line = line;
    return false;
  }

  static bool read_all(const std::string& path, std::string& out, CaptureError& error) {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) return fail(error, trf("cannot read {0}: {1}", {path, ec.message()}), 0);
    if (size > kMaxMailbox) return fail(error, trf("{} is over 1 GiB: split the mailbox", {path}), 0);
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(error, trf("cannot open {}", {path}), 0);
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return true;
  }

  // Each message of an mbox; its line is the line of its "From " separator, its bytes run from its
  // headers to the next separator.
  bool mailbox(const std::string& bytes, ConsentSink& sink, CaptureError& error) {
    GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
    GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    g_mime_parser_set_format(parser.get(), GMIME_FORMAT_MBOX);
    struct Parsed {
      GPtr<GMimeMessage> msg;
      gint64 marker, begin;
    };
    std::vector<Parsed> all;
    while (!g_mime_parser_eos(parser.get())) {
      GPtr<GMimeMessage> msg(g_mime_parser_construct_message(parser.get(), nullptr));
      if (!msg) {
        if (g_mime_parser_eos(parser.get())) break;
        return fail(error, trf("malformed mbox: message {} could not be read", {std::to_string(all.size() + 1)}), 0);
      }
      const gint64 marker = g_mime_parser_get_mbox_marker_offset(parser.get());
      const gint64 begin = g_mime_parser_get_headers_begin(parser.get());
      if (marker < 0 || begin < marker || static_cast<std::uint64_t>(begin) > bytes.size())
        return fail(error, trf("malformed mbox: cannot locate message {}", {std::to_string(all.size() + 1)}), 0);
      all.push_back({std::move(msg), marker, begin});
    }
    std::uint64_t line = 1;
    std::size_t counted_to = 0;
    for (std::size_t i = 0; i < all.size(); ++i) {
      const auto marker = static_cast<std::size_t>(all[i].marker);
      line += static_cast<std::uint64_t>(std::count(bytes.begin() + static_cast<std::ptrdiff_t>(counted_to),
                                                    bytes.begin() + static_cast<std::ptrdiff_t>(marker), '\n'));
      counted_to = marker;
      const auto begin = static_cast<std::size_t>(all[i].begin);
      const std::size_t end = i + 1 < all.size() ? static_cast<std::size_t>(all[i + 1].marker) : bytes.size();
      std::string raw = bytes.substr(begin, end > begin ? end - begin : 0);
      if (!evidence_of(all[i].msg.get(), std::move(raw), line, "message at line " + std::to_string(line), sink))
        return true;
      sink.progress(end, bytes.size());
    }
    return true;
  }

  bool one_message(const std::string& bytes, std::uint64_t line, const std::string& name, ConsentSink& sink,
                   CaptureError& error) {
    GPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(bytes.data(), bytes.size()));
    GPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
    GPtr<GMimeMessage> msg(g_mime_parser_construct_message(parser.get(), nullptr));
    if (!msg) return fail(error, trf("{}: not an e-mail message", {name}), line);
    evidence_of(msg.get(), bytes, line, name, sink);
    return true;
  }

  static bool evidence_of(GMimeMessage* msg, std::string raw, std::uint64_t line, const std::string& name,
                          ConsentSink& sink) {
    ConsentEvidence e;
    e.line = line;
    e.channel = "email";
    e.method = "email-reply";
    e.sender_must_match = true;
    if (InternetAddressList* from = g_mime_message_get_from(msg); from && internet_address_list_length(from) > 0) {
      InternetAddress* a = internet_address_list_get_address(from, 0);
      if (INTERNET_ADDRESS_IS_MAILBOX(a)) e.email = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(a));
    }
    if (GDateTime* d = g_mime_message_get_date(msg)) {
      GDateTime* utc = g_date_time_to_utc(d);
      GText s(g_date_time_format(utc, "%Y-%m-%dT%H:%M:%SZ"));
      g_date_time_unref(utc);
      if (s) e.given_at = s.get();
    }
    const char* subject_c = g_mime_message_get_subject(msg);
    const std::string subject = subject_c ? subject_c : "";
    std::string body;
    g_mime_message_foreach(msg, collect_text, &body);
    e.token = find_token(subject);
    if (e.token.empty()) e.token = find_token(body);
    const std::string own = first_own_line(body);
    e.event = answer_in(own);
    e.answer = own;
    if (e.event.empty()) {
      e.answer = strip_reply_prefix(subject);
      e.event = answer_in(e.answer);
    }
    if (e.event.empty()) e.event = "unknown";
    if (e.answer.size() > 200) e.answer = e.answer.substr(0, 200) + "...";
    e.granted = e.event == "given";
    const char* id = g_mime_message_get_message_id(msg);
    if (id) e.proof = std::string("Message-ID <") + id + ">";
    e.source = name;
    e.evidence = std::move(raw);
    e.evidence_name = "reply-" + std::to_string(line) + ".eml";
    return sink.consent(std::move(e));
  }
};

}  // namespace
}  // namespace coffre::plugin::consent_mail

COFFRE_PLUGIN(coffre::plugin::consent_mail::MailReplies)
