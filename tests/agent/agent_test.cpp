// The agent in process (coffre/app/agent.h): another uid is refused, the key is forgotten at the idle
// timeout and on lock, and the state is read through `status` as `coffre agent status` reads it.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <thread>

#include "coffre/app/agent.h"
#include "coffre/app/schedule.h"
#include "coffre/vault.h"
#include "fakes/test_support.h"

namespace coffre {
namespace {
using namespace std::chrono_literals;

SecretBytes test_key(std::uint8_t fill) {
  SecretBytes k(32);
  for (std::size_t i = 0; i < k.size(); ++i) k.data()[i] = static_cast<std::uint8_t>(fill + i);
  return k;
}

// A server on a thread, for one test.
class AgentTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(initialise_runtime().ok()); }
  void TearDown() override { stop(); }
  void start(app::AgentOptions options, std::uint8_t fill = 7) {
    auto s = app::AgentServer::bind(socket(), vault(), "vault-id-1", test_key(fill), std::move(options));
    ASSERT_TRUE(s.ok()) << s.error().message;
    server_ = std::move(*s);
    thread_ = std::thread([this] { (void)server_->serve(); });
  }
  void stop() {
    if (server_) server_->request_stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
  }
  app::AgentOptions options(std::chrono::seconds idle = 60s) {
    app::AgentOptions o;
    o.idle_timeout = idle;
    o.allowed_uid = ::getuid();
    o.watch_suspend = false;
    return o;
  }
  std::filesystem::path socket() const { return tmp_ / "a.sock"; }
  std::filesystem::path vault() const { return tmp_ / "vault"; }
  test::TempDir tmp_;
  std::unique_ptr<app::AgentServer> server_;
  std::thread thread_;
};

TEST_F(AgentTest, ServesItsKeyToTheSameUidOnlyForItsVault) {
  start(options());
  auto key = app::agent_get_key(socket(), vault());
  ASSERT_TRUE(key.ok()) << key.error().message;
  ASSERT_TRUE(key->has_value());
  EXPECT_TRUE((*key)->equals(test_key(7)));
  // Another vault folder: no key.
  auto other = app::agent_get_key(socket(), tmp_ / "other-vault");
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->has_value());
  // The socket is 0600.
  struct stat st{};
  ASSERT_EQ(::stat(socket().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

// The SO_PEERCRED check with an injected credential: the first connection claims another uid.
TEST_F(AgentTest, AnotherUidIsRefusedInjectedCredential) {
  auto o = options();
  auto calls = std::make_shared<int>(0);
  o.peer_credentials = [calls](int) -> std::optional<app::PeerCredentials> {
    if ((*calls)++ == 0) return app::PeerCredentials{4242, ::getuid() + 1, ::getgid()};
    return app::PeerCredentials{::getpid(), ::getuid(), ::getgid()};
  };
  start(o);
  auto refused = app::agent_get_key(socket(), vault());
  ASSERT_TRUE(refused.ok());
  EXPECT_FALSE(refused->has_value()) << "a key went to another uid";
  auto st = app::agent_status(socket());
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(st->refused_peers, 1);
  EXPECT_TRUE(st->unlocked);
}

// A real process of another uid (as root: a child that drops to nobody). The socket is made
// reachable on purpose so that SO_PEERCRED, not the folder's mode, is what refuses it.
TEST_F(AgentTest, AProcessOfAnotherUidIsRefusedBySoPeercred) {
  if (::geteuid() != 0) GTEST_SKIP() << "needs root to run a child under another uid (the injected-credential test covers the check)";
  start(options());
  ::chmod(tmp_.path().c_str(), 0711);
  ::chmod(socket().c_str(), 0666);
  int pipefd[2];
  ASSERT_EQ(::pipe(pipefd), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(pipefd[0]);
    ::signal(SIGPIPE, SIG_IGN);  // the agent may close before reading the request
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(3);
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, socket().c_str(), sizeof addr.sun_path - 1);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) ::_exit(4);
    // A well-formed get-key request.
    const std::string body = std::string("{\"coffre_agent\":1,\"op\":\"get-key\",\"vault\":\"") + vault().string() + "\"}";
    const std::uint32_t n = static_cast<std::uint32_t>(body.size());
    const unsigned char len[4] = {static_cast<unsigned char>(n >> 24), static_cast<unsigned char>(n >> 16),
                                  static_cast<unsigned char>(n >> 8), static_cast<unsigned char>(n)};
    (void)!::write(fd, len, 4);
    (void)!::write(fd, body.data(), body.size());
    char buf[512];
    ssize_t total = 0, r;
    while ((r = ::read(fd, buf + total, sizeof buf - 1 - static_cast<std::size_t>(total))) > 0) total += r;
    (void)!::write(pipefd[1], buf, static_cast<std::size_t>(total));
    ::_exit(0);
  }
  ::close(pipefd[1]);
  std::string reply;
  char buf[512];
  ssize_t r;
  while ((r = ::read(pipefd[0], buf, sizeof buf)) > 0) reply.append(buf, static_cast<std::size_t>(r));
  ::close(pipefd[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  ASSERT_EQ(WEXITSTATUS(status), 0);
  EXPECT_NE(reply.find("refused"), std::string::npos) << reply;
  EXPECT_EQ(reply.find("key_bytes"), std::string::npos) << "another uid got a key: " << reply;
  auto st = app::agent_status(socket());
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->refused_peers, 1);
}

TEST_F(AgentTest, ForgetsTheKeyAtTheIdleTimeout) {
  start(options(1s));
  auto st = app::agent_status(socket());
  ASSERT_TRUE(st.ok());
  EXPECT_TRUE(st->unlocked);
  EXPECT_EQ(st->idle_timeout_s, 1);
  std::this_thread::sleep_for(2500ms);
  st = app::agent_status(socket());
  ASSERT_TRUE(st.ok());
  EXPECT_FALSE(st->unlocked);
  EXPECT_EQ(st->forgot_because, "idle-timeout");
  EXPECT_FALSE(st->idle_left_s.has_value());
  auto key = app::agent_get_key(socket(), vault());
  ASSERT_TRUE(key.ok());
  EXPECT_FALSE(key->has_value());
}

TEST_F(AgentTest, LockForgetsAndPutKeyGivesItBack) {
  start(options());
  ASSERT_TRUE(app::agent_lock(socket()).ok());
  auto st = app::agent_status(socket());
  ASSERT_TRUE(st.ok());
  EXPECT_FALSE(st->unlocked);
  EXPECT_EQ(st->forgot_because, "lock");
  ASSERT_TRUE(app::agent_put_key(socket(), vault(), "vault-id-1", test_key(9)).ok());
  auto key = app::agent_get_key(socket(), vault());
  ASSERT_TRUE(key.ok() && key->has_value());
  EXPECT_TRUE((*key)->equals(test_key(9)));
  ASSERT_TRUE(app::agent_stop(socket()).ok());
  if (thread_.joinable()) thread_.join();
  EXPECT_FALSE(std::filesystem::exists(socket())) << "a stopped agent removes its socket";
  EXPECT_EQ(app::agent_status(socket()).error().kind, ErrorKind::NotFound);
}

TEST_F(AgentTest, ASecondAgentForTheSameVaultIsRefusedAStaleSocketIsReplaced) {
  start(options());
  auto second = app::AgentServer::bind(socket(), vault(), "x", test_key(1), options());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().kind, ErrorKind::Conflict);
  stop();
  // A socket file nobody listens on (a killed agent's) is replaced.
  int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, socket().c_str(), sizeof addr.sun_path - 1);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  ::close(fd);
  auto third = app::AgentServer::bind(socket(), vault(), "x", test_key(1), options());
  EXPECT_TRUE(third.ok()) << third.error().message;
}

TEST(AgentPaths, RuntimeFolderIsPrivateAndSocketNamedByVault) {
  test::TempDir tmp;
  const char* old = std::getenv("XDG_RUNTIME_DIR");
  std::string saved = old ? old : "";
  ::setenv("XDG_RUNTIME_DIR", tmp.path().c_str(), 1);
  auto dir = app::agent_runtime_dir();
  ASSERT_TRUE(dir.ok()) << dir.error().message;
  struct stat st{};
  ASSERT_EQ(::lstat(dir->c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  auto a = app::agent_socket_path(tmp / "v1"), b = app::agent_socket_path(tmp / "v2"),
       a2 = app::agent_socket_path(tmp.path() / "x" / ".." / "v1");
  ASSERT_TRUE(a.ok() && b.ok() && a2.ok());
  EXPECT_NE(*a, *b);
  EXPECT_EQ(*a, *a2);
  // A folder open to others is refused.
  ::chmod(dir->c_str(), 0755);
  EXPECT_FALSE(app::agent_runtime_dir().ok());
  if (old) ::setenv("XDG_RUNTIME_DIR", saved.c_str(), 1);
  else ::unsetenv("XDG_RUNTIME_DIR");
}

TEST(AgentPaths, IdleTimeoutParses) {
  EXPECT_EQ(app::parse_idle_timeout("15m", "--idle-timeout")->count(), 900);
  EXPECT_EQ(app::parse_idle_timeout("1s", "--idle-timeout")->count(), 1);
  EXPECT_EQ(app::parse_idle_timeout("2h", "--idle-timeout")->count(), 7200);
  for (const char* bad : {"", "m", "15", "0s", "8d", "-1m", "1.5h", "15 m"})
    EXPECT_FALSE(app::parse_idle_timeout(bad, "--idle-timeout").ok()) << bad;
}

// The timer and crontab texts: quoted paths, no secret, Persistent=true.
TEST(ScheduleText, UnitsQuotePathsAndHoldNoSecret) {
  const std::filesystem::path vault = "/tmp/mon coffre/100%\"v$";
  const auto service = app::systemd_service_text("/usr/bin/coffre", vault);
  EXPECT_NE(service.find("ExecStart=\"/usr/bin/coffre\" --vault \"/tmp/mon coffre/100%%\\\"v$$\" retention run --scheduled"),
            std::string::npos)
      << service;
  const auto timer = app::systemd_timer_text(vault);
  EXPECT_NE(timer.find("Persistent=true"), std::string::npos);
  EXPECT_NE(timer.find("OnCalendar=daily"), std::string::npos);
  const auto cron = app::cron_line("/usr/bin/coffre", "/tmp/it's 50%");
  EXPECT_EQ(cron, "17 3 * * * '/usr/bin/coffre' --vault '/tmp/it'\\''s 50\\%' retention run --scheduled # " +
                      app::schedule_unit_name("/tmp/it's 50%"));
  for (const auto& text : {service, timer, cron}) {
    EXPECT_EQ(text.find("passphrase"), std::string::npos);
    EXPECT_EQ(text.find("Environment"), std::string::npos);
  }
}

TEST(ScheduleState, MissedRunsAndTheNotice) {
  test::TempDir tmp;
  auto none = app::load_schedule_state(tmp.path());
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->missed_since);
  Time day1 = 0, day2 = 0;
  ASSERT_TRUE(parse_utc("2026-12-02T00:10:00Z", day1));
  ASSERT_TRUE(parse_utc("2026-12-03T00:10:00Z", day2));
  ASSERT_TRUE(app::record_missed_run(tmp.path(), day1).ok());
  ASSERT_TRUE(app::record_missed_run(tmp.path(), day2).ok());
  auto s = app::load_schedule_state(tmp.path());
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s->missed_since, day1);
  EXPECT_EQ(s->missed_runs, 2);
  struct stat st{};
  ASSERT_EQ(::stat((tmp / app::kScheduleStateFile).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  RetentionPlan plan;
  for (int i = 0; i < 3; ++i) plan.due.push_back(RetentionEntry{});
  plan.due.push_back(RetentionEntry{});
  plan.due.back().category = Category::Client;
  EXPECT_EQ(*app::overdue_notice(*s, plan), "3 prospects and 1 client past their retention date since 2026-12-02: coffre retention run");
  EXPECT_FALSE(app::overdue_notice(*s, RetentionPlan{}).has_value());
  s->scheduler = "systemd";
  EXPECT_TRUE(app::catch_up_due(*s, day2));
  ASSERT_TRUE(app::record_retention_run(tmp.path(), day2, 4, false).ok());
  s = app::load_schedule_state(tmp.path());
  EXPECT_FALSE(s->missed_since);
  EXPECT_EQ(s->last_erased, 4);
  EXPECT_FALSE(app::overdue_notice(*s, plan).has_value());
  // Garbage in the state file is named, not trusted.
  test::write_file(tmp / app::kScheduleStateFile, "not json");
  auto bad = app::load_schedule_state(tmp.path());
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("schedule.json"), std::string::npos);
}

}  // namespace
}  // namespace coffre
