// The agent: docs/design.md §3 ("The agent"), protocol in docs/formats.md ("Agent protocol").
#include "coffre/app/agent.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/un.h>
#include <syslog.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>

#ifdef COFFRE_HAVE_SDBUS
#include <systemd/sd-bus.h>
#endif

#include "coffre/clock.h"
#include "coffre/i18n.h"
#include "crypto/crypto.h"

namespace coffre::app {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::size_t kKeySize = 32;
constexpr std::uint32_t kMaxFrame = 64 * 1024;
constexpr int kProtocol = 1;

std::string sys_error(const std::string& what, int err) { return what + ": " + std::strerror(err); }

Status io_error(const std::string& what, int err) { return make_error(ErrorKind::IoError, sys_error(what, err)); }

bool write_all(int fd, const void* data, std::size_t n) {
  const auto* p = static_cast<const std::uint8_t*>(data);
  while (n > 0) {
    ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

bool read_all(int fd, void* data, std::size_t n) {
  auto* p = static_cast<std::uint8_t*>(data);
  while (n > 0) {
    ssize_t r = ::recv(fd, p, n, 0);
    if (r < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (r == 0) return false;
    p += r;
    n -= static_cast<std::size_t>(r);
  }
  return true;
}

// One frame: a 4-byte big-endian length, then that many bytes of JSON (docs/formats.md).
bool send_frame(int fd, const json& j) {
  const std::string body = j.dump();
  const auto n = static_cast<std::uint32_t>(body.size());
  const std::uint8_t len[4] = {static_cast<std::uint8_t>(n >> 24), static_cast<std::uint8_t>(n >> 16),
                               static_cast<std::uint8_t>(n >> 8), static_cast<std::uint8_t>(n)};
  return write_all(fd, len, 4) && write_all(fd, body.data(), body.size());
}

std::optional<json> read_frame(int fd) {
  std::uint8_t len[4];
  if (!read_all(fd, len, 4)) return std::nullopt;
  const std::uint32_t n = (std::uint32_t{len[0]} << 24) | (std::uint32_t{len[1]} << 16) | (std::uint32_t{len[2]} << 8) | len[3];
  if (n > kMaxFrame) return std::nullopt;
  std::string body(n, '\0');
  if (!read_all(fd, body.data(), n)) return std::nullopt;
  auto j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

void set_timeouts(int fd, int seconds) {
  timeval tv{seconds, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

std::optional<PeerCredentials> so_peercred(int fd) {
  ucred c{};
  socklen_t len = sizeof c;
  if (::getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &c, &len) != 0) return std::nullopt;
  return PeerCredentials{c.pid, c.uid, c.gid};
}

Result<sockaddr_un> unix_address(const fs::path& path) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.native().size() >= sizeof addr.sun_path)
    return make_error(ErrorKind::IoError, trf("the agent socket path {} is too long for a Unix socket", {path.string()}));
  std::memcpy(addr.sun_path, path.c_str(), path.native().size() + 1);
  return addr;
}

std::string canonical_vault(const fs::path& dir) {
  std::error_code ec;
  auto c = fs::weakly_canonical(fs::absolute(dir, ec), ec);
  return (ec ? fs::absolute(dir) : c).lexically_normal().string();
}

// Connects to the agent and checks that it runs as us: a key is never sent to, or taken from,
// another user's process.
Result<int> connect_agent(const fs::path& socket_path) {
  COFFRE_ASSIGN_OR_RETURN(sockaddr_un addr, unix_address(socket_path));
  int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return io_error("cannot create a socket", errno);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    int err = errno;
    ::close(fd);
    if (err == ENOENT || err == ECONNREFUSED) return make_error(ErrorKind::NotFound, tr("no agent runs for this vault"));
    return io_error("cannot reach the agent at " + socket_path.string(), err);
  }
  auto peer = so_peercred(fd);
  if (!peer || peer->uid != ::getuid()) {
    ::close(fd);
    return make_error(ErrorKind::IoError, trf("the agent socket {} belongs to a process of another user: refusing to use it",
                                           {socket_path.string()}));
  }
  set_timeouts(fd, 5);
  return fd;
}

struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

Result<json> call(const fs::path& socket_path, json request, const SecretBytes* key_out_payload = nullptr,
                  SecretBytes* key_in = nullptr) {
  COFFRE_ASSIGN_OR_RETURN(int raw, connect_agent(socket_path));
  Fd fd(raw);
  request["coffre_agent"] = kProtocol;
  if (!send_frame(fd.fd, request) ||
      (key_out_payload && !write_all(fd.fd, key_out_payload->data(), key_out_payload->size())))
    return io_error("cannot talk to the agent at " + socket_path.string(), errno);
  auto reply = read_frame(fd.fd);
  if (!reply) return make_error(ErrorKind::IoError, trf("the agent at {} gave no valid answer", {socket_path.string()}));
  if (key_in && reply->value("ok", false) && reply->value("key_bytes", 0) == static_cast<int>(kKeySize)) {
    SecretBytes key(kKeySize);
    if (!read_all(fd.fd, key.data(), key.size()))
      return make_error(ErrorKind::IoError, trf("the agent at {} sent a short key", {socket_path.string()}));
    *key_in = std::move(key);
  }
  return *reply;
}

AgentState state_from_json(const json& j) {
  AgentState s;
  s.pid = j.value("pid", 0);
  s.vault = j.value("vault", "");
  s.vault_id = j.value("vault_id", "");
  s.unlocked = j.value("unlocked", false);
  s.idle_timeout_s = j.value("idle_timeout_s", std::int64_t{0});
  if (j.contains("idle_left_s") && j["idle_left_s"].is_number()) s.idle_left_s = j["idle_left_s"].get<std::int64_t>();
  if (j.contains("forgot_because") && j["forgot_because"].is_string()) s.forgot_because = j["forgot_because"];
  s.started_at = j.value("started_at", std::int64_t{0});
  s.unlocked_at = j.value("unlocked_at", std::int64_t{0});
  s.refused_peers = j.value("refused_peers", std::int64_t{0});
  s.suspend_watch = j.value("suspend_watch", false);
  s.suspend_note = j.value("suspend_note", "");
  return s;
}

std::int64_t boot_ms() {
  timespec ts{};
  ::clock_gettime(CLOCK_BOOTTIME, &ts);
  return std::int64_t{ts.tv_sec} * 1000 + ts.tv_nsec / 1000000;
}

int g_signal_pipe = -1;
void on_signal(int) {
  if (g_signal_pipe >= 0) {
    const char c = 's';
    (void)!::write(g_signal_pipe, &c, 1);
  }
}

}  // namespace

// ---- paths ----------------------------------------------------------------------------------

Result<fs::path> agent_runtime_dir() {
  fs::path dir;
  if (const char* x = std::getenv("XDG_RUNTIME_DIR"); x && *x && x[0] == '/') dir = fs::path(x) / "coffre";
  else dir = fs::path("/tmp") / ("coffre-" + std::to_string(::getuid()));
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return io_error("cannot create the agent folder " + dir.string(), errno);
  struct stat st{};
  if (::lstat(dir.c_str(), &st) != 0) return io_error("cannot read the agent folder " + dir.string(), errno);
  if (!S_ISDIR(st.st_mode) || st.st_uid != ::getuid() || (st.st_mode & 077) != 0)
    return make_error(ErrorKind::IoError, trf("the agent folder {} is not private (it must be a folder of yours, mode 0700, "
                                           "not a link): refusing to put a key behind it",
                                           {dir.string()}));
  return dir;
}

std::string vault_folder_id(const fs::path& vault_dir) {
  const std::string c = canonical_vault(vault_dir);
  auto h = crypto::blake2b(crypto::as_bytes(c));
  return crypto::to_hex(crypto::ByteView(h.data(), 8));
}

Result<fs::path> agent_socket_path(const fs::path& vault_dir) {
  COFFRE_ASSIGN_OR_RETURN(fs::path dir, agent_runtime_dir());
  return dir / ("agent-" + vault_folder_id(vault_dir) + ".sock");
}

Result<std::chrono::seconds> parse_idle_timeout(std::string_view text, std::string_view option) {
  auto bad = [&] {
    return make_error(ErrorKind::Usage,
                      trf("{0} \"{1}\" is not a duration such as 90s, 15m, 2h or 1d (at least 1s, at most 7d)",
                          {option, text}));
  };
  if (text.size() < 2) return bad();
  std::int64_t n = 0;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9' || n > 100000000) return bad();
    n = n * 10 + (text[i] - '0');
  }
  std::int64_t unit = 0;
  switch (text.back()) {
    case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    default: return bad();
  }
  const std::int64_t s = n * unit;
  if (s < 1 || s > 7 * 86400) return bad();
  return std::chrono::seconds(s);
}

// ---- the server -----------------------------------------------------------------------------

struct AgentServer::Impl {
  fs::path socket_path;
  std::string vault;
  std::string vault_id;
  std::optional<SecretBytes> key;
  AgentOptions options;
  int listen_fd = -1;
  int stop_pipe[2] = {-1, -1};
  int timer_fd = -1;
  std::int64_t last_use = 0;  // CLOCK_BOOTTIME milliseconds: a suspend counts as idle time
  std::int64_t started_at = 0, unlocked_at = 0;
  std::string forgot_because;
  std::int64_t refused = 0;
  bool suspend_watch = false;
  std::string suspend_note = "not built with libsystemd: suspend is not watched";
  bool owner = true;  // removes the socket when done
#ifdef COFFRE_HAVE_SDBUS
  sd_bus* bus = nullptr;
  sd_bus_slot* slot = nullptr;
#endif

  void forget(const char* why) {
    if (!key) return;
    key.reset();  // sodium_free wipes it
    forgot_because = why;
    ::syslog(LOG_AUTHPRIV | LOG_NOTICE, "coffre agent for %s: key forgotten (%s)", vault.c_str(), why);
    arm_timer();
  }

  std::int64_t idle_ms() const { return std::int64_t{options.idle_timeout.count()} * 1000; }

  void touch() {
    last_use = boot_ms();
    arm_timer();
  }

  void arm_timer() {
    itimerspec its{};
    if (key) {
      const std::int64_t left = std::max<std::int64_t>(1, last_use + idle_ms() - boot_ms());
      its.it_value.tv_sec = left / 1000;
      its.it_value.tv_nsec = (left % 1000) * 1000000;
    }
    ::timerfd_settime(timer_fd, 0, &its, nullptr);
  }

  void check_idle() {
    if (key && boot_ms() - last_use >= idle_ms()) forget("idle-timeout");
    else arm_timer();
  }

  AgentState state() const {
    AgentState s;
    s.pid = ::getpid();
    s.vault = vault;
    s.vault_id = vault_id;
    s.unlocked = key.has_value();
    s.idle_timeout_s = options.idle_timeout.count();
    if (key) s.idle_left_s = std::max<std::int64_t>(0, (last_use + idle_ms() - boot_ms()) / 1000);
    s.forgot_because = forgot_because;
    s.started_at = started_at;
    s.unlocked_at = unlocked_at;
    s.refused_peers = refused;
    s.suspend_watch = suspend_watch;
    s.suspend_note = suspend_note;
    return s;
  }

  json state_json() const {
    AgentState s = state();
    return {{"ok", true},
            {"pid", s.pid},
            {"vault", s.vault},
            {"vault_id", s.vault_id},
            {"unlocked", s.unlocked},
            {"idle_timeout_s", s.idle_timeout_s},
            {"idle_left_s", s.idle_left_s ? json(*s.idle_left_s) : json(nullptr)},
            {"forgot_because", s.forgot_because.empty() ? json(nullptr) : json(s.forgot_because)},
            {"started_at", s.started_at},
            {"unlocked_at", s.unlocked_at},
            {"refused_peers", s.refused_peers},
            {"suspend_watch", s.suspend_watch},
            {"suspend_note", s.suspend_note}};
  }

  void start_suspend_watch() {
#ifdef COFFRE_HAVE_SDBUS
    if (!options.watch_suspend) {
      suspend_note = "not asked to watch suspend";
      return;
    }
    int r = sd_bus_open_system(&bus);
    if (r < 0) {
      suspend_note = sys_error("the system bus is not reachable, suspend is not watched", -r);
      bus = nullptr;
      return;
    }
    r = sd_bus_match_signal(
        bus, &slot, "org.freedesktop.login1", "/org/freedesktop/login1", "org.freedesktop.login1.Manager",
        "PrepareForSleep",
        [](sd_bus_message* m, void* self, sd_bus_error*) -> int {
          int going = 0;
          if (sd_bus_message_read(m, "b", &going) >= 0 && going) static_cast<Impl*>(self)->forget("suspend");
          return 0;
        },
        this);
    if (r < 0) {
      suspend_note = sys_error("cannot listen to logind, suspend is not watched", -r);
      bus = sd_bus_flush_close_unref(bus);
      return;
    }
    suspend_watch = true;
    suspend_note.clear();
#else
    suspend_note = options.watch_suspend ? "not built with libsystemd: suspend is not watched" : "not asked to watch suspend";
#endif
  }

  void stop_suspend_watch() {
#ifdef COFFRE_HAVE_SDBUS
    if (slot) slot = sd_bus_slot_unref(slot);
    if (bus) bus = sd_bus_flush_close_unref(bus);
#endif
  }

  // One connection: one request, one reply. Returns false when the agent must stop.
  bool handle(int fd) {
    set_timeouts(fd, 2);  // a stalled client cannot hold the agent
    auto peer = options.peer_credentials ? options.peer_credentials(fd) : so_peercred(fd);
    if (!peer || peer->uid != options.allowed_uid) {
      ++refused;
      ::syslog(LOG_AUTHPRIV | LOG_WARNING, "coffre agent for %s: refused a connection from uid %ld pid %ld",
               vault.c_str(), peer ? static_cast<long>(peer->uid) : -1L, peer ? static_cast<long>(peer->pid) : -1L);
      send_frame(fd, {{"ok", false}, {"error", "refused"}});
      // Closing with the client's request unread would make the kernel reset the connection, and
      // the client could lose the answer: say we are done, then discard (never parse) what it sent.
      ::shutdown(fd, SHUT_WR);
      char sink[4096];
      for (std::size_t drained = 0; drained < kMaxFrame + 8;) {
        const ssize_t n = ::read(fd, sink, sizeof sink);
        if (n <= 0) break;
        drained += static_cast<std::size_t>(n);
      }
      return true;
    }
    auto req = read_frame(fd);
    if (!req || req->value("coffre_agent", 0) != kProtocol || !(*req)["op"].is_string()) {
      send_frame(fd, {{"ok", false}, {"error", "bad-request"}});
      return true;
    }
    const std::string op = (*req)["op"];
    if (op == "status") {
      send_frame(fd, state_json());
    } else if (op == "get-key") {
      if (req->value("vault", "") != vault) send_frame(fd, {{"ok", false}, {"error", "wrong-vault"}});
      else if (!key) send_frame(fd, {{"ok", false}, {"error", "locked"}});
      else {
        touch();
        if (send_frame(fd, {{"ok", true}, {"vault_id", vault_id}, {"key_bytes", kKeySize}}))
          write_all(fd, key->data(), key->size());
      }
    } else if (op == "put-key") {
      if (req->value("vault", "") != vault || req->value("key_bytes", 0) != static_cast<int>(kKeySize)) {
        send_frame(fd, {{"ok", false}, {"error", "wrong-vault"}});
        return true;
      }
      SecretBytes k(kKeySize);
      if (!read_all(fd, k.data(), k.size())) return true;
      key = std::move(k);
      vault_id = req->value("vault_id", vault_id);
      forgot_because.clear();
      unlocked_at = SystemClock::instance().now();
      touch();
      send_frame(fd, {{"ok", true}});
    } else if (op == "lock") {
      forget("lock");
      send_frame(fd, {{"ok", true}});
    } else if (op == "stop") {
      forget("lock");
      send_frame(fd, {{"ok", true}});
      return false;
    } else {
      send_frame(fd, {{"ok", false}, {"error", "unknown-op"}});
    }
    return true;
  }

  void close_all() {
    stop_suspend_watch();
    for (int* f : {&listen_fd, &stop_pipe[0], &stop_pipe[1], &timer_fd})
      if (*f >= 0) {
        ::close(*f);
        *f = -1;
      }
  }
};

AgentServer::AgentServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

AgentServer::~AgentServer() {
  if (impl_->owner && impl_->listen_fd >= 0) ::unlink(impl_->socket_path.c_str());
  if (g_signal_pipe == impl_->stop_pipe[1]) g_signal_pipe = -1;
  impl_->close_all();
}

Result<std::unique_ptr<AgentServer>> AgentServer::bind(const fs::path& socket_path, const fs::path& vault_dir,
                                                       std::string vault_id, SecretBytes master_key,
                                                       AgentOptions options) {
  if (master_key.size() != kKeySize) return make_error(ErrorKind::Internal, "the agent takes a 32-byte master key");
  auto impl = std::make_unique<Impl>();
  impl->socket_path = socket_path;
  impl->vault = canonical_vault(vault_dir);
  impl->vault_id = std::move(vault_id);
  impl->key = std::move(master_key);
  impl->options = std::move(options);
  impl->started_at = impl->unlocked_at = SystemClock::instance().now();
  COFFRE_ASSIGN_OR_RETURN(sockaddr_un addr, unix_address(socket_path));
  for (int attempt = 0;; ++attempt) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return io_error("cannot create a socket", errno);
    const mode_t old = ::umask(077);
    int r = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    int err = errno;
    ::umask(old);
    if (r == 0) {
      ::chmod(socket_path.c_str(), 0600);
      if (::listen(fd, 16) != 0) {
        err = errno;
        ::close(fd);
        ::unlink(socket_path.c_str());
        return io_error("cannot listen on " + socket_path.string(), err);
      }
      impl->listen_fd = fd;
      break;
    }
    ::close(fd);
    if (err != EADDRINUSE || attempt > 0) return io_error("cannot bind the agent socket " + socket_path.string(), err);
    // A live agent answers; the socket of a killed one does not and is replaced.
    auto live = agent_status(socket_path);
    if (live.ok())
      return make_error(ErrorKind::Conflict, trf("an agent (pid {0}) already serves the vault {1}; `coffre agent stop` ends it",
                                               {std::to_string(live->pid), live->vault}));
    ::unlink(socket_path.c_str());
  }
  if (::pipe2(impl->stop_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return io_error("cannot create a pipe", errno);
  impl->timer_fd = ::timerfd_create(CLOCK_BOOTTIME, TFD_CLOEXEC | TFD_NONBLOCK);
  if (impl->timer_fd < 0) return io_error("cannot create a timer", errno);
  impl->touch();
  return std::unique_ptr<AgentServer>(new AgentServer(std::move(impl)));
}

void AgentServer::relock_after_fork() {
  if (impl_->key) impl_->key = SecretBytes::from(impl_->key->bytes());  // the old copy is wiped and freed
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

void AgentServer::abandon() {
  impl_->owner = false;
  impl_->key.reset();
  impl_->close_all();
}

void AgentServer::install_signal_handlers() {
  g_signal_pipe = impl_->stop_pipe[1];
  struct sigaction sa{};
  sa.sa_handler = on_signal;
  ::sigemptyset(&sa.sa_mask);
  for (int sig : {SIGTERM, SIGINT, SIGHUP}) ::sigaction(sig, &sa, nullptr);
  ::signal(SIGPIPE, SIG_IGN);
}

void AgentServer::request_stop() {
  const char c = 's';
  (void)!::write(impl_->stop_pipe[1], &c, 1);
}

AgentState AgentServer::state() const { return impl_->state(); }

Status AgentServer::serve() {
  Impl& s = *impl_;
  s.start_suspend_watch();
  ::syslog(LOG_AUTHPRIV | LOG_INFO, "coffre agent for %s started (idle timeout %llds)", s.vault.c_str(),
           static_cast<long long>(s.options.idle_timeout.count()));
  bool running = true;
  while (running) {
    pollfd fds[4] = {{s.listen_fd, POLLIN, 0}, {s.stop_pipe[0], POLLIN, 0}, {s.timer_fd, POLLIN, 0}, {-1, 0, 0}};
    nfds_t n = 3;
#ifdef COFFRE_HAVE_SDBUS
    if (s.bus) {
      fds[3].fd = sd_bus_get_fd(s.bus);
      fds[3].events = static_cast<short>(sd_bus_get_events(s.bus));
      n = 4;
    }
#endif
    int r = ::poll(fds, n, -1);
    if (r < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[1].revents) break;
    if (fds[2].revents) {
      std::uint64_t ticks = 0;
      (void)!::read(s.timer_fd, &ticks, sizeof ticks);
      s.check_idle();
    }
#ifdef COFFRE_HAVE_SDBUS
    if (n == 4 && fds[3].revents)
      while (sd_bus_process(s.bus, nullptr) > 0) {
      }
#endif
    if (fds[0].revents & POLLIN) {
      int c = ::accept4(s.listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
      if (c >= 0) {
        s.check_idle();  // a key past its time is forgotten before it is asked for
        running = s.handle(c);
        ::close(c);
      }
    }
  }
  s.key.reset();
  ::unlink(s.socket_path.c_str());
  s.close_all();
  ::syslog(LOG_AUTHPRIV | LOG_INFO, "coffre agent for %s stopped", s.vault.c_str());
  return {};
}

// ---- the client -----------------------------------------------------------------------------

Result<AgentState> agent_status(const fs::path& socket_path) {
  COFFRE_ASSIGN_OR_RETURN(json j, call(socket_path, {{"op", "status"}}));
  if (!j.value("ok", false))
    return make_error(ErrorKind::IoError, trf("the agent refused: {}", {j.value("error", std::string(tr("no reason")))}));
  return state_from_json(j);
}

Result<std::optional<SecretBytes>> agent_get_key(const fs::path& socket_path, const fs::path& vault_dir) {
  SecretBytes key;
  COFFRE_ASSIGN_OR_RETURN(json j, call(socket_path, {{"op", "get-key"}, {"vault", canonical_vault(vault_dir)}}, nullptr, &key));
  if (!j.value("ok", false) || key.size() != kKeySize) return std::optional<SecretBytes>();
  return std::optional<SecretBytes>(std::move(key));
}

Status agent_put_key(const fs::path& socket_path, const fs::path& vault_dir, const std::string& vault_id,
                     const SecretBytes& key) {
  COFFRE_ASSIGN_OR_RETURN(json j, call(socket_path,
                                       {{"op", "put-key"}, {"vault", canonical_vault(vault_dir)}, {"vault_id", vault_id},
                                        {"key_bytes", key.size()}},
                                       &key));
  if (!j.value("ok", false))
    return make_error(ErrorKind::IoError, trf("the agent did not take the key: {}", {j.value("error", std::string(tr("no reason")))}));
  return {};
}

Status agent_lock(const fs::path& socket_path) {
  COFFRE_ASSIGN_OR_RETURN(json j, call(socket_path, {{"op", "lock"}}));
  if (!j.value("ok", false)) return make_error(ErrorKind::IoError, trf("the agent refused: {}", {j.value("error", std::string())}));
  return {};
}

Status agent_stop(const fs::path& socket_path) {
  COFFRE_ASSIGN_OR_RETURN(json j, call(socket_path, {{"op", "stop"}}));
  if (!j.value("ok", false)) return make_error(ErrorKind::IoError, trf("the agent refused: {}", {j.value("error", std::string())}));
  return {};
}

Result<std::optional<std::unique_ptr<Session>>> open_session_from_agent(const fs::path& vault_dir, PluginHost& plugins,
                                                                       const SessionOptions& options) {
  using Out = std::optional<std::unique_ptr<Session>>;
  auto socket = agent_socket_path(vault_dir);
  if (!socket.ok()) return Out();
  struct stat st{};
  if (::lstat(socket->c_str(), &st) != 0 || !S_ISSOCK(st.st_mode)) return Out();  // no agent: no round trip
  auto key = agent_get_key(*socket, vault_dir);
  if (!key.ok() || !*key) return Out();
  auto session = Session::open_with_key(vault_dir, std::move(**key), plugins, options);
  if (!session.ok()) {
    if (session.error().kind == ErrorKind::AuthFailed) return Out();  // another vault at this path
    return session.error();
  }
  return Out(std::move(*session));
}

}  // namespace coffre::app
