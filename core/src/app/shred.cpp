#include "coffre/app/shred.h"

#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <nlohmann/json.hpp>

#include "coffre/audit.h"
#include "coffre/certificate.h"
#include "coffre/model.h"
#include "util/files.h"
#include "coffre/i18n.h"

namespace coffre::app {
namespace {

using plugin::ShredOutcome;

constexpr const char* kCertificateFormat = "coffre-shred-certificate/1";

// Collects results and turns byte counts into progress.
class Collector final : public plugin::ShredObserver {
 public:
  Collector(ShredReport& report, Progress& progress) : report_(report), progress_(progress) {}
  void start(std::uint64_t total) override { progress_.start(tr("Shredding"), total); }
  void progress(std::uint64_t done) override { progress_.advance(done); }
  void file(const plugin::ShredFileResult& r) override {
    report_.files.push_back(r);
    if (r.result == ShredOutcome::Error) ++report_.errors;
  }

 private:
  ShredReport& report_;
  Progress& progress_;
};

// Length of the valid UTF-8 sequence starting at s[i], or 0 (overlongs, surrogates and code
// points past U+10FFFF are invalid).
std::size_t utf8_sequence(const std::string& s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return 1;
  std::size_t n;
  unsigned cp;
  if (c >= 0xC2 && c <= 0xDF) n = 2, cp = c & 0x1F;
  else if (c >= 0xE0 && c <= 0xEF) n = 3, cp = c & 0x0F;
  else if (c >= 0xF0 && c <= 0xF4) n = 4, cp = c & 0x07;
  else return 0;
  if (i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

class PluginBlobShredder final : public BlobShredder {
 public:
  explicit PluginBlobShredder(std::shared_ptr<plugin::Shredder> s) : shredder_(std::move(s)) {}
  Status shred(const std::filesystem::path& file) override {
    struct stat st {};
    if (::lstat(file.c_str(), &st) != 0 && errno == ENOENT) return {};
    ShredReport report;
    Collector collector(report, NullProgress::instance());
    plugin::ShredOptions options;
    COFFRE_TRY(call_plugin("shred-file shred()", [&] { shredder_->shred({file.string()}, options, collector); }));
    for (const auto& r : report.files)
      if (r.result == ShredOutcome::Error) return make_error(ErrorKind::IoError, trf("cannot shred {0}: {1}", {file.string(), r.note}));
    if (report.files.empty()) return make_error(ErrorKind::Internal, "the shredder reported nothing for " + file.string());
    return {};
  }

 private:
  std::shared_ptr<plugin::Shredder> shredder_;
};

nlohmann::json report_json(const ShredReport& report, const plugin::ShredOptions& options) {
  nlohmann::json files = nlohmann::json::array();
  std::uint64_t bytes = 0, counts[4] = {0, 0, 0, 0};
  for (const auto& f : report.files) {
    std::string hex;
    nlohmann::json j{{"path", json_path(f.path, &hex)},
                     {"bytes", f.bytes},
                     {"result", plugin::to_string(f.result)},
                     {"verified", f.verified},
                     {"note", json_path(f.note)}};
    if (!hex.empty()) j["path_hex"] = hex;
    if (f.directory) j["directory"] = true;
    files.push_back(std::move(j));
    bytes += f.bytes;
    ++counts[static_cast<int>(f.result)];
  }
  return {{"files", files},
          {"method", plugin::to_string(options.method)},
          {"passes", options.passes},
          {"verify", options.verify},
          {"dry_run", options.dry_run},
          {"totals",
           {{"entries", report.files.size()},
            {"bytes", bytes},
            {"overwritten", counts[static_cast<int>(ShredOutcome::Overwritten)]},
            {"logical", counts[static_cast<int>(ShredOutcome::Logical)]},
            {"link_removed", counts[static_cast<int>(ShredOutcome::LinkRemoved)]},
            {"errors", counts[static_cast<int>(ShredOutcome::Error)]}}},
          {"seconds", report.seconds}};
}

}  // namespace

Result<std::shared_ptr<plugin::Shredder>> shredder_plugin(PluginHost& plugins) {
  plugins.discover();
  if (auto s = plugins.shredder()) return s;
  for (const auto& r : plugins.list())
    if (r.kind == plugin::Kind::Shredder || r.path.filename() == "libcoffre-shred-file.so")
      return make_error(ErrorKind::PluginIncompatible,
                        trf("the shredder plugin {0} is disabled: {1}", {r.path.string(), r.reason}));
  return make_error(ErrorKind::NotFound, tr("no shredder plugin found (libcoffre-shred-file.so); see `coffre plugins list`"));
}

std::shared_ptr<BlobShredder> make_plugin_blob_shredder(std::shared_ptr<plugin::Shredder> shredder) {
  return std::make_shared<PluginBlobShredder>(std::move(shredder));
}

Result<ShredReport> shred_files(PluginHost& plugins, const std::vector<std::string>& paths,
                                const plugin::ShredOptions& options, Progress& progress) {
  COFFRE_ASSIGN_OR_RETURN(auto shredder, shredder_plugin(plugins));
  ShredReport report;
  Collector collector(report, progress);
  const auto t0 = std::chrono::steady_clock::now();
  Status s = call_plugin("shred-file shred()", [&] { shredder->shred(paths, options, collector); });
  progress.finish();
  COFFRE_TRY(s);
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return report;
}

Result<ShredReport> shred_files_with_certificate(Session& session, const std::vector<std::string>& paths,
                                                 const plugin::ShredOptions& options,
                                                 const std::filesystem::path& certificate, Progress& progress) {
  if (options.dry_run) return make_error(ErrorKind::Usage, tr("--certificate makes no sense with --dry-run"));
  // Created before anything is destroyed: files must never be shredded without their proof.
  COFFRE_ASSIGN_OR_RETURN(auto out, util::PrivateOutput::create(session.vault().env(), certificate, /*overwrite=*/false));
  COFFRE_ASSIGN_OR_RETURN(auto report, shred_files(session.plugins(), paths, options, progress));
  nlohmann::json body = report_json(report, options);
  body["shredded_at"] = format_utc(session.vault().clock().now());
  COFFRE_ASSIGN_OR_RETURN(std::string cert, sign_certificate(session.vault(), kCertificateFormat, body.dump()));
  COFFRE_TRY(out.write(cert + "\n"));
  COFFRE_TRY(out.commit());
  // The audit entry counts; the certificate (the user's file) names the paths.
  COFFRE_TRY(audit_append(session.vault(), "shred.run", std::nullopt,
                          "files=" + std::to_string(report.files.size()) + " errors=" + std::to_string(report.errors)));
  return report;
}

Result<plugin::ShredFileResult> shred_file(PluginHost& plugins, const std::string& path) {
  COFFRE_ASSIGN_OR_RETURN(auto report, shred_files(plugins, {path}, plugin::ShredOptions{}, NullProgress::instance()));
  if (report.files.size() != 1)
    return make_error(ErrorKind::Internal, "the shredder reported " + std::to_string(report.files.size()) + " results for " + path);
  const auto& r = report.files.front();
  if (r.result == ShredOutcome::Error) return make_error(ErrorKind::IoError, trf("cannot shred {0}: {1}", {path, r.note}));
  return r;
}

std::string shred_report_json(const ShredReport& report, const plugin::ShredOptions& options) {
  return report_json(report, options).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string json_path(const std::string& raw, std::string* exact_hex) {
  bool valid = true;
  for (std::size_t i = 0; i < raw.size() && valid;) {
    std::size_t n = utf8_sequence(raw, i);
    valid = n != 0;
    i += n;
  }
  if (valid) return raw;
  static const char kHex[] = "0123456789abcdef";
  std::string out, hex;
  for (std::size_t i = 0; i < raw.size();) {
    if (std::size_t n = utf8_sequence(raw, i)) {
      if (raw[i] == '\\') out += "\\\\";
      else out.append(raw, i, n);
      i += n;
    } else {
      const auto c = static_cast<unsigned char>(raw[i++]);
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  if (exact_hex) {
    for (unsigned char c : raw) {
      hex += kHex[c >> 4];
      hex += kHex[c & 15];
    }
    *exact_hex = hex;
  }
  return out;
}

}  // namespace coffre::app
