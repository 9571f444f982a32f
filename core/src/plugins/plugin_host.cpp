// Boost.DLL over std::filesystem, so that Boost.Filesystem is not needed (docs/design.md §7).
#define BOOST_DLL_USE_STD_FS 1

#include "coffre/plugin_host.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <cstdlib>
#include <fstream>
#include <set>

#include "coffre/plugin/consent.h"
#include "coffre/plugin/exporter.h"
#include "coffre/plugin/importer.h"
#include "coffre/plugin/shredder.h"
#include "coffre/plugin_trust.h"
#include "plugins/file_checks.h"
#include "util/files.h"

namespace coffre {
namespace fs = std::filesystem;

const char* to_string(PluginLoadError e) noexcept {
  switch (e) {
    case PluginLoadError::None: return "";
    case PluginLoadError::NotFound: return "not-found";
    case PluginLoadError::UnsafePermissions: return "unsafe-permissions";
    case PluginLoadError::NotALibrary: return "not-a-library";
    case PluginLoadError::AbiMismatch: return "abi-mismatch";
    case PluginLoadError::MissingFactory: return "missing-factory";
    case PluginLoadError::SetupFailed: return "setup-failed";
    case PluginLoadError::Untrusted: return "untrusted";
    case PluginLoadError::Changed: return "changed";
  }
  return "unknown";
}

std::string abi_to_string(std::uint32_t abi) { return std::to_string(abi >> 16) + "." + std::to_string(abi & 0xffff); }

// Member order matters: `object` is destroyed before `library` is unloaded.
struct LoadedPlugin::Impl {
  boost::dll::shared_library library;
  std::unique_ptr<plugin::Plugin> object;
  PluginRecord record;
  ~Impl() { object.reset(); }
};

LoadedPlugin::LoadedPlugin(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
LoadedPlugin::~LoadedPlugin() = default;
LoadedPlugin::LoadedPlugin(LoadedPlugin&&) noexcept = default;
LoadedPlugin& LoadedPlugin::operator=(LoadedPlugin&&) noexcept = default;
const PluginRecord& LoadedPlugin::record() const { return impl_->record; }
plugin::Plugin& LoadedPlugin::plugin() const { return *impl_->object; }

namespace {

constexpr std::string_view kPrefix = "libcoffre-";
constexpr std::string_view kSuffix = ".so";

bool is_plugin_file_name(const std::string& n) {
  return n.size() > kPrefix.size() + kSuffix.size() && n.compare(0, kPrefix.size(), kPrefix) == 0 &&
         n.compare(n.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0;
}

std::string name_from_file(const fs::path& file) {
  std::string n = file.filename().string();
  if (is_plugin_file_name(n)) return n.substr(kPrefix.size(), n.size() - kPrefix.size() - kSuffix.size());
  return n;
}

// The message of whatever is being thrown, for a record's reason.
std::string describe_current_exception() {
  try {
    throw;
  } catch (const std::exception& e) {
    return std::string("threw: ") + e.what();
  } catch (...) {
    return "threw a non-standard exception";
  }
}

// Closes a descriptor when it goes.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Runs the load stages on `impl`; on failure sets the record's error and reason. A plugin of the
// user's folder (`trust_file` set) is hashed from an open descriptor and, once its hash is the
// trusted one, loaded through that same descriptor (/proc/self/fd/N), so that what runs is what
// was hashed.
void run_stages(LoadedPlugin::Impl& impl, const fs::path* trust_file) {
  PluginRecord& rec = impl.record;
  auto fail = [&](PluginLoadError e, std::string why) {
    rec.error = e;
    rec.reason = std::move(why);
  };
  if (auto c = plugins::check_location(rec.path); c.error != PluginLoadError::None) return fail(c.error, c.reason);
  if (auto c = plugins::check_elf(rec.path); c.error != PluginLoadError::None) return fail(c.error, c.reason);

  fs::path load_path = rec.path;
  Fd opened;
  if (trust_file) {
    const char* home = std::getenv("HOME");
    std::error_code canon_ec;
    fs::path real = fs::canonical(rec.path, canon_ec);
    if (canon_ec) real = rec.path;
    if (auto c = plugins::check_folders_up_to(real.parent_path(), home && *home == '/' ? fs::path(home) : fs::path("/"));
        c.error != PluginLoadError::None)
      return fail(c.error, c.reason);
    rec.trust = "untrusted";
    opened.fd = ::open(rec.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (opened.fd < 0) return fail(PluginLoadError::NotFound, "cannot open " + rec.path.string() + ": " + util::errno_message(errno));
    auto sum = sha256_of_fd(opened.fd, rec.path);
    if (!sum.ok()) return fail(PluginLoadError::NotFound, sum.error().message);
    auto trusted = load_plugin_trust(*trust_file);
    if (!trusted.ok()) return fail(PluginLoadError::Untrusted, trusted.error().message);
    auto it = trusted->find(rec.path);
    if (it == trusted->end())
      return fail(PluginLoadError::Untrusted, "a plugin in your own folder is loaded only once you trust it: `coffre "
                                              "plugins trust " + rec.path.string() + "` (SHA-256 " + *sum + ")");
    if (it->second != *sum) {
      rec.trust = "changed";
      return fail(PluginLoadError::Changed, "the file changed since you trusted it (SHA-256 was " + it->second +
                                                ", is " + *sum + "); trust it again if you replaced it yourself");
    }
    rec.trust = "trusted";
    load_path = "/proc/self/fd/" + std::to_string(opened.fd);
  }

  std::error_code ec;
  ::dlerror();
  impl.library.load(load_path, ec, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  if (ec || !impl.library.is_loaded()) {
    const char* why = ::dlerror();
    return fail(PluginLoadError::NotALibrary,
                "cannot load " + rec.path.string() + ": " + (why ? std::string(why) : ec.message()));
  }

  // The ABI version first, before any other symbol of the plugin is touched.
  if (!impl.library.has("coffre_plugin_abi"))
    return fail(PluginLoadError::AbiMismatch, "no coffre_plugin_abi symbol: not a Coffre plugin");
  try {
    rec.abi = impl.library.get_alias<std::uint32_t()>("coffre_plugin_abi")();
  } catch (...) {
    return fail(PluginLoadError::AbiMismatch, "coffre_plugin_abi " + describe_current_exception());
  }
  const std::uint32_t major = rec.abi >> 16, minor = rec.abi & 0xffff;
  if (major != COFFRE_PLUGIN_ABI_MAJOR || minor > COFFRE_PLUGIN_ABI_MINOR)
    return fail(PluginLoadError::AbiMismatch, "built for plugin ABI " + abi_to_string(rec.abi) + ", this coffre has " +
                                                  abi_to_string(COFFRE_PLUGIN_ABI_VERSION) +
                                                  (major != COFFRE_PLUGIN_ABI_MAJOR ? " (different major)" : " (newer minor)"));

  if (!impl.library.has("coffre_plugin_create"))
    return fail(PluginLoadError::MissingFactory, "no coffre_plugin_create symbol");
  try {
    impl.object.reset(impl.library.get_alias<plugin::Plugin*()>("coffre_plugin_create")());
  } catch (...) {
    return fail(PluginLoadError::MissingFactory, "coffre_plugin_create " + describe_current_exception());
  }
  if (!impl.object) return fail(PluginLoadError::MissingFactory, "coffre_plugin_create returned null");

  try {
    plugin::Info info = impl.object->info();
    if (!info.name.empty()) rec.name = info.name;
    rec.kind = info.kind;
    rec.version = info.version;
    rec.description = info.description;
  } catch (...) {
    return fail(PluginLoadError::SetupFailed, "info() " + describe_current_exception());
  }
  const bool implements = [&] {
    switch (*rec.kind) {
      case plugin::Kind::Importer: return dynamic_cast<plugin::Importer*>(impl.object.get()) != nullptr;
      case plugin::Kind::Shredder: return dynamic_cast<plugin::Shredder*>(impl.object.get()) != nullptr;
      case plugin::Kind::ConsentCapture:
        return dynamic_cast<plugin::ConsentCapture*>(impl.object.get()) != nullptr;
      case plugin::Kind::AccessExporter:
        return dynamic_cast<plugin::AccessExporter*>(impl.object.get()) != nullptr;
    }
    return false;
  }();
  // ConsentEvidence grew in 1.2: a consent-capture plugin built for 1.1 would hand the host
  // records of another layout.
  if (*rec.kind == plugin::Kind::ConsentCapture && minor < 2)
    return fail(PluginLoadError::AbiMismatch, "a consent-capture plugin needs plugin ABI 1.2 or later, it was built for " +
                                                  abi_to_string(rec.abi));
  if (!implements)
    return fail(PluginLoadError::SetupFailed,
                std::string("declares kind ") + plugin::to_string(*rec.kind) + " but does not implement its interface");
  try {
    std::string error;
    if (!impl.object->setup(error))
      return fail(PluginLoadError::SetupFailed, error.empty() ? "setup() failed without a reason" : error);
  } catch (...) {
    return fail(PluginLoadError::SetupFailed, "setup() " + describe_current_exception());
  }
  rec.enabled = true;
}

}  // namespace

namespace {

std::vector<fs::path> installed_plugin_dirs() {
  std::vector<fs::path> dirs;
  std::error_code ec;
  fs::path exe = boost::dll::program_location(ec);
  if (!ec && !exe.empty()) {
    dirs.push_back(exe.parent_path());
    // An installed coffre (PREFIX/bin/coffre) finds PREFIX/lib/coffre/plugins whatever PREFIX is:
    // the package's /usr, a `cmake --install --prefix` elsewhere, a `dpkg -x` tree.
    dirs.push_back((exe.parent_path() / ".." / "lib" / "coffre" / "plugins").lexically_normal());
  }
  dirs.emplace_back(COFFRE_INSTALL_PLUGIN_DIR);
  return dirs;
}

}  // namespace

PluginHost::PluginHost()
    : PluginHost(installed_plugin_dirs(), {default_user_plugin_dir()}, default_plugin_trust_file()) {}
PluginHost::PluginHost(std::vector<fs::path> search_dirs) : search_dirs_(std::move(search_dirs)) {}
PluginHost::PluginHost(std::vector<fs::path> installed_dirs, std::vector<fs::path> user_dirs, fs::path trust_file)
    : search_dirs_(std::move(installed_dirs)), user_dirs_(std::move(user_dirs)), trust_file_(std::move(trust_file)) {
  search_dirs_.insert(search_dirs_.end(), user_dirs_.begin(), user_dirs_.end());
}
PluginHost::~PluginHost() = default;

std::vector<fs::path> PluginHost::default_search_path() {
  std::vector<fs::path> dirs = installed_plugin_dirs();
  dirs.push_back(default_user_plugin_dir());
  return dirs;
}

void PluginHost::discover() {
  std::lock_guard lock(mu_);
  if (discovered_) return;
  discovered_ = true;
  std::set<fs::path> seen_dirs;
  std::vector<std::pair<std::string, fs::path>> seen_files;  // file name -> where it was first found
  for (const auto& dir : search_dirs_) {
    std::error_code ec;
    fs::path canon = fs::weakly_canonical(dir, ec);
    if (ec || !seen_dirs.insert(canon).second) continue;
    std::vector<fs::path> files;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
      if (is_plugin_file_name(it->path().filename().string())) files.push_back(it->path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
      const std::string fname = f.filename().string();
      auto earlier = std::find_if(seen_files.begin(), seen_files.end(), [&](const auto& s) { return s.first == fname; });
      if (earlier != seen_files.end()) {
        PluginRecord rec;
        rec.path = f;
        rec.name = name_from_file(f);
        rec.reason = "shadowed by " + earlier->second.string() + ", found earlier in the search path";
        records_.push_back(std::move(rec));
        continue;
      }
      seen_files.emplace_back(fname, f);
      (void)load_locked(f);  // a failure is recorded as a disabled plugin
    }
  }
}

Result<std::shared_ptr<LoadedPlugin>> PluginHost::load(const fs::path& file) {
  std::lock_guard lock(mu_);
  return load_locked(file);
}

Result<std::shared_ptr<LoadedPlugin>> PluginHost::load_locked(const fs::path& file) {
  std::error_code ec;
  fs::path abs = fs::absolute(file, ec);
  if (ec) abs = file;
  for (const auto& lp : loaded_)
    if (lp->record().path == abs) return lp;

  auto impl = std::make_unique<LoadedPlugin::Impl>();
  impl->record.path = abs;
  impl->record.name = name_from_file(abs);
  // A file in one of the user's folders needs the user's trust.
  bool user = false;
  {
    std::error_code canon_ec;
    const fs::path folder = fs::weakly_canonical(abs.parent_path(), canon_ec);
    for (const auto& d : user_dirs_)
      if (fs::weakly_canonical(d, canon_ec) == folder) user = true;
  }
  try {
    run_stages(*impl, user ? &trust_file_ : nullptr);
  } catch (...) {  // bad_alloc, or a Boost.DLL surprise: still never fatal
    impl->record.error = PluginLoadError::SetupFailed;
    impl->record.reason = "loading " + describe_current_exception();
  }
  PluginRecord rec = impl->record;
  records_.push_back(rec);
  if (!rec.enabled) {
    impl.reset();  // deletes any object, then unloads
    ErrorKind kind = rec.error == PluginLoadError::NotFound ? ErrorKind::NotFound : ErrorKind::PluginIncompatible;
    return make_error(kind, "plugin " + rec.path.string() + " disabled (" + to_string(rec.error) + "): " + rec.reason);
  }
  auto holder = std::make_shared<LoadedPlugin>(std::move(impl));
  loaded_.push_back(holder);
  return holder;
}

std::vector<PluginRecord> PluginHost::list() const {
  std::lock_guard lock(mu_);
  return records_;
}

template <typename T>
std::vector<std::shared_ptr<T>> PluginHost::enabled() const {
  std::lock_guard lock(mu_);
  std::vector<std::shared_ptr<T>> out;
  for (const auto& lp : loaded_)
    if (auto* p = dynamic_cast<T*>(&lp->plugin())) out.emplace_back(lp, p);
  return out;
}

namespace {

// The plugin among `plugins` whose `names` (formats(), sources()) include `name`, or nullptr.
template <typename T, typename Names>
std::shared_ptr<T> first_naming(const std::vector<std::shared_ptr<T>>& plugins, std::string_view name, const char* call,
                                Names names) {
  for (auto& p : plugins) {
    std::vector<std::string> list;
    if (!call_plugin(call, [&] { list = names(*p); }).ok()) continue;
    if (std::find(list.begin(), list.end(), name) != list.end()) return p;
  }
  return nullptr;
}

// The plugin whose sniff() scores `file` (its name and first 4 KiB) highest above 0, or nullptr.
template <typename T>
std::shared_ptr<T> best_sniff(const std::vector<std::shared_ptr<T>>& plugins, const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return nullptr;
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  std::shared_ptr<T> best;
  int best_score = 0;
  for (auto& p : plugins) {
    int score = 0;
    if (!call_plugin("sniff()", [&] { score = p->sniff(file.string(), head); }).ok()) continue;
    if (score > best_score) {
      best_score = score;
      best = p;
    }
  }
  return best;
}

}  // namespace

std::vector<std::shared_ptr<plugin::Importer>> PluginHost::importers() const { return enabled<plugin::Importer>(); }

std::shared_ptr<plugin::Importer> PluginHost::importer_for_format(std::string_view format) const {
  return first_naming(importers(), format, "formats()", [](const plugin::Importer& p) { return p.formats(); });
}

std::shared_ptr<plugin::Importer> PluginHost::importer_for_file(const fs::path& file) const {
  return best_sniff(importers(), file);
}

std::shared_ptr<plugin::Shredder> PluginHost::shredder() const {
  auto all = enabled<plugin::Shredder>();
  return all.empty() ? nullptr : all.front();
}

std::vector<std::shared_ptr<plugin::AccessExporter>> PluginHost::exporters() const {
  return enabled<plugin::AccessExporter>();
}

std::shared_ptr<plugin::AccessExporter> PluginHost::exporter_for_format(std::string_view format) const {
  return first_naming(exporters(), format, "formats()", [](const plugin::AccessExporter& p) { return p.formats(); });
}

std::vector<std::shared_ptr<plugin::ConsentCapture>> PluginHost::consent_captures() const {
  return enabled<plugin::ConsentCapture>();
}

std::shared_ptr<plugin::ConsentCapture> PluginHost::consent_capture_for_source(std::string_view source) const {
  return first_naming(consent_captures(), source, "sources()", [](const plugin::ConsentCapture& p) { return p.sources(); });
}

std::shared_ptr<plugin::ConsentCapture> PluginHost::consent_capture_for_file(const fs::path& file) const {
  return best_sniff(consent_captures(), file);
}

}  // namespace coffre
