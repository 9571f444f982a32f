// The access pack (coffre/app/pack.h): the views laid out by the exporter plugins, the signed
// manifest, the zip written into its destination; and its check.
#include "coffre/app/pack.h"

#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "app/pack_internal.h"
#include "coffre/app/register.h"
#include "coffre/app/requests.h"
#include "coffre/audit.h"
#include "coffre/certificate.h"
#include "coffre/clock.h"
#include "coffre/documents.h"
#include "coffre/i18n.h"
#include "coffre/stores.h"
#include "crypto/crypto.h"

namespace coffre::app {
namespace {

using pack_detail::PackFile;

constexpr const char* kManifestFormat = "coffre-access-pack";
constexpr const char* kManifest = "manifest.json";

class StringTarget final : public plugin::ExportTarget {
 public:
  bool write(std::string_view bytes) override {
    out.append(bytes);
    return true;
  }
  std::string out;
};

std::string sha256_hex(std::string_view bytes) {
  crypto::Sha256 h;
  h.update(crypto::as_bytes(bytes));
  auto d = h.finish();
  return crypto::to_hex(crypto::ByteView(d.data(), d.size()));
}

// Lays `view` out in `format` through the enabled exporter that writes it.
Result<std::string> lay_out(PluginHost& host, const plugin::SubjectView& view, const std::string& format) {
  auto exporter = host.exporter_for_format(format);
  if (!exporter)
    return make_error(ErrorKind::NotFound,
                      trf("no access exporter writes \"{}\", which the pack needs (coffre plugins list)", {format}));
  StringTarget target;
  std::string error;
  bool ok = false;
  plugin::ExportOptions options;
  options.format = format;
  COFFRE_TRY(call_plugin("exporter write()", [&] { ok = exporter->write(view, options, target, error); }));
  if (!ok)
    return make_error(ErrorKind::Internal, "the " + format + " exporter failed: " +
                                               (error.empty() ? std::string("no reason given") : error));
  return std::move(target.out);
}

}  // namespace

Result<PackResult> write_access_pack(Session& session, const PackOptions& options, Progress& progress) {
  if (options.language != "fr" && options.language != "en")
    return make_error(ErrorKind::InvalidInput, trf("unknown language '{}' (en, fr)", {options.language}));
  if (options.password && options.password->size() == 0)
    return make_error(ErrorKind::InvalidInput, tr("the pack's password is empty"));
  if (options.output.empty()) return make_error(ErrorKind::InvalidInput, tr("the pack needs an output file (-o FILE.zip)"));
  Vault& vault = session.vault();
  COFFRE_ASSIGN_OR_RETURN(auto contact, ContactStore(vault).get(options.contact_id));
  if (options.request) COFFRE_TRY(check_request_for(session, *options.request, options.contact_id));
  COFFRE_ASSIGN_OR_RETURN(auto reg, read_register(session, options.language));
  if (options.kind == PackKind::Access) COFFRE_TRY(check_register_for_pack(reg));
  session.plugins().discover();

  std::vector<Document> docs;
  COFFRE_ASSIGN_OR_RETURN(auto view, pack_detail::pack_view(session, options.contact_id, options.language, reg, docs));
  std::vector<PackFile> files;
  auto add = [&](std::string path, std::string bytes) {
    PackFile f;
    f.path = std::move(path);
    f.size = bytes.size();
    f.bytes = std::move(bytes);
    files.push_back(std::move(f));
  };
  PackResult result;
  result.subject = contact.pseudonym;
  const auto portable = pack_detail::portability_view(view);
  if (options.kind == PackKind::Access) {
    COFFRE_ASSIGN_OR_RETURN(auto html, lay_out(session.plugins(), pack_detail::display_view(view, options.language), "html"));
    add("index.html", std::move(html));
    COFFRE_ASSIGN_OR_RETURN(auto json, lay_out(session.plugins(), view, "json"));
    add("data.json", std::move(json));
    for (const auto& s : view.sections) {
      plugin::SubjectView one = view;
      one.sections = {s};
      COFFRE_ASSIGN_OR_RETURN(auto csv, lay_out(session.plugins(), one, "csv"));
      add("csv/" + s.name + ".csv", std::move(csv));
      result.items += static_cast<std::int64_t>(s.items.size());
    }
    COFFRE_ASSIGN_OR_RETURN(auto vcf, lay_out(session.plugins(), portable, "vcard"));
    add("contact.vcf", std::move(vcf));
    for (const auto& d : docs) {
      PackFile f;
      f.path = pack_detail::document_entry(d);
      f.document = d.id;
      f.size = static_cast<std::uint64_t>(d.size);
      f.compress = false;
      files.push_back(std::move(f));
    }
  } else {
    COFFRE_ASSIGN_OR_RETURN(auto vcf, lay_out(session.plugins(), portable, "vcard"));
    add("contact.vcf", std::move(vcf));
    COFFRE_ASSIGN_OR_RETURN(auto csv, lay_out(session.plugins(), portable, "csv"));
    add("contact.csv", std::move(csv));
    for (const auto& s : portable.sections) result.items += static_cast<std::int64_t>(s.items.size());
  }

  // The manifest: every file's SHA-256 (documents: the hash checked when they are decrypted into
  // the zip, so a document that does not match fails the write) and size, signed.
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  std::map<Id, std::string> doc_sha;
  for (const auto& d : docs) doc_sha[d.id] = d.sha256;
  for (const auto& f : files)
    list.push_back({{"path", f.path}, {"sha256", f.document ? doc_sha[*f.document] : sha256_hex(f.bytes)}, {"size", f.size}});
  nlohmann::ordered_json body = {{"kind", options.kind == PackKind::Access ? "access" : "portability"},
                                 {"subject", contact.pseudonym},
                                 {"generated_at", format_utc(vault.clock().now())},
                                 {"language", options.language},
                                 {"data_schema", "coffre-access-export/1"},
                                 {"encrypted", options.password != nullptr},
                                 {"files", list}};
  COFFRE_ASSIGN_OR_RETURN(auto manifest, sign_certificate(vault, kManifestFormat, body.dump()));
  result.manifest_sha256 = sha256_hex(manifest);
  add(kManifest, std::move(manifest));

  COFFRE_ASSIGN_OR_RETURN(auto out, util::PrivateOutput::create(vault.env(), options.output, options.overwrite));
  DocumentStore store(vault);
  auto read_document = [&](Id id, const std::function<Status(std::string_view)>& sink) {
    return store.read(id, sink, NullProgress::instance());
  };
  COFFRE_TRY(pack_detail::write_zip(out, files, options.password, vault.clock().now(), read_document, progress));
  COFFRE_TRY(out.commit());
  result.path = options.output;
  result.bytes = out.written();
  result.files = static_cast<std::int64_t>(files.size());
  result.documents = options.kind == PackKind::Access ? static_cast<std::int64_t>(docs.size()) : 0;
  result.encrypted = options.password != nullptr;
  COFFRE_TRY(audit_append(vault, "access.pack", contact.pseudonym,
                          std::string("kind=") + (options.kind == PackKind::Access ? "access" : "portability") +
                              " files=" + std::to_string(result.files) + " manifest-sha256=" + result.manifest_sha256));
  if (options.request)
    COFFRE_TRY(record_answer(session, *options.request, contact.pseudonym, "access-export",
                             "pack-manifest-sha256:" + result.manifest_sha256));
  return result;
}

Result<PackCheck> verify_access_pack(Session& session, const std::filesystem::path& pack, const SecretBytes* password) {
  struct Seen {
    std::string sha256;
    std::uint64_t size = 0;
  };
  std::map<std::string, Seen> seen;
  std::string manifest;
  std::string current;
  std::unique_ptr<crypto::Sha256> hash;
  std::uint64_t size = 0;
  pack_detail::ZipEntryReader reader;
  reader.begin = [&](const std::string& name) {
    current = name;
    hash = std::make_unique<crypto::Sha256>();
    size = 0;
  };
  reader.data = [&](std::string_view b) {
    hash->update(crypto::as_bytes(b));
    size += b.size();
    if (current == kManifest && manifest.size() < (8u << 20)) manifest.append(b);
  };
  reader.end = [&] {
    auto d = hash->finish();
    seen[current] = Seen{crypto::to_hex(crypto::ByteView(d.data(), d.size())), size};
  };
  COFFRE_TRY(pack_detail::read_zip(pack, password, reader));
  if (!seen.count(kManifest)) return make_error(ErrorKind::Corruption, trf("{}: no manifest.json", {pack.string()}));
  auto body_text = verify_certificate(session.vault(), kManifestFormat, manifest);
  if (!body_text.ok())
    return make_error(ErrorKind::Corruption, trf("{0}: manifest.json: {1}", {pack.string(), body_text.error().message}));
  nlohmann::json body;
  try {
    body = nlohmann::json::parse(*body_text);
  } catch (const nlohmann::json::exception&) {
    return make_error(ErrorKind::Corruption, trf("{}: manifest.json is not JSON", {pack.string()}));
  }
  PackCheck check;
  check.subject = body.value("subject", "");
  check.generated_at = body.value("generated_at", "");
  check.encrypted = body.value("encrypted", false);
  check.manifest_sha256 = seen[kManifest].sha256;
  std::vector<std::string> problems;
  std::set<std::string> listed;
  if (!body.contains("files") || !body["files"].is_array())
    return make_error(ErrorKind::Corruption, trf("{}: manifest.json lists no files", {pack.string()}));
  for (const auto& f : body["files"]) {
    const std::string path = f.value("path", "");
    listed.insert(path);
    auto it = seen.find(path);
    if (it == seen.end()) {
      problems.push_back(trf("{} is missing", {path}));
      continue;
    }
    if (it->second.sha256 != f.value("sha256", "") || it->second.size != f.value("size", std::uint64_t{0}))
      problems.push_back(trf("{} was changed (its SHA-256 differs from the manifest's)", {path}));
    else
      ++check.files;
  }
  for (const auto& [name, s] : seen)
    if (name != kManifest && !listed.count(name)) problems.push_back(trf("{} is not in the manifest", {name}));
  if (check.encrypted && !password)
    problems.push_back(tr("the manifest says the pack was encrypted, but it opened without a password"));
  if (!problems.empty()) {
    std::string msg = trf("{} fails its check:", {pack.string()});
    for (const auto& p : problems) msg += "\n  " + p;
    return make_error(ErrorKind::Corruption, msg);
  }
  return check;
}

}  // namespace coffre::app
