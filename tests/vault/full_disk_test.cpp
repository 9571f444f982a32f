// A full disk: writes past RLIMIT_FSIZE fail with EFBIG, as they would with ENOSPC, in a forked
// child (SIGXFSZ ignored). The operation must fail with an I/O error naming what it was writing,
// and the vault, reopened by the parent, must be exactly as before: check passes, no half-added
// document, no blob or temp file left, no contact from a rolled-back batch.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "coffre/check.h"
#include "coffre/documents.h"
#include "coffre/stores.h"
#include "coffre/vault.h"
#include "fakes/test_support.h"

namespace coffre {
namespace {

using test::fast_kdf;
using test::secret;

constexpr int kFailedAsExpected = 0, kSucceeded = 1, kWrongError = 2, kCannotOpen = 3;

// Runs `body` in a child whose files may not grow past `limit` bytes; returns its exit code.
template <typename F>
int with_file_size_limit(rlim_t limit, F&& body) {
  pid_t pid = ::fork();
  if (pid == 0) {
    ::signal(SIGXFSZ, SIG_IGN);
    struct rlimit rl {limit, limit};
    ::setrlimit(RLIMIT_FSIZE, &rl);
    ::_exit(body());
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

std::size_t files_under(const std::filesystem::path& dir) {
  std::size_t n = 0;
  for (auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file()) ++n;
  return n;
}

class FullDisk : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Vault::create(dir_, secret("pw"), fast_kdf()).ok());
    auto v = Vault::open(dir_, secret("pw"));
    ASSERT_TRUE(v.ok());
    NewContact c;
    c.first_name = "Hélène";
    c.last_name = "Dupont";
    c.emails = {{"h.dupont@exemple.fr", std::nullopt}};
    auto id = ContactStore(**v).add(c);
    ASSERT_TRUE(id.ok()) << id.error().message;
    contact_ = *id;
    (void)(*v)->context();  // the vault closes (and checkpoints) here
  }

  void expect_vault_unchanged(std::int64_t contacts) {
    auto v = Vault::open(dir_, secret("pw"));
    ASSERT_TRUE(v.ok()) << v.error().message;
    auto report = check_vault(**v);
    ASSERT_TRUE(report.ok());
    for (const auto& i : report->items) EXPECT_TRUE(i.ok) << i.name << ": " << i.detail;
    auto docs = DocumentStore(**v).list(contact_);
    ASSERT_TRUE(docs.ok());
    EXPECT_TRUE(docs->empty());
    auto n = ContactStore(**v).count();
    ASSERT_TRUE(n.ok());
    EXPECT_EQ(*n, contacts);
    EXPECT_EQ(files_under(dir_ / "blobs"), 0u) << "a blob or temp file was left behind";
  }

  test::TempDir tmp_;
  std::filesystem::path dir_ = tmp_ / "v";
  Id contact_ = 0;
};

TEST_F(FullDisk, DocumentAddFailsCleanly) {
  const auto big = tmp_ / "scan.pdf";
  test::write_file(big, std::string(8 << 20, 'x'));
  const auto dir = dir_;
  const Id contact = contact_;
  int code = with_file_size_limit(4 << 20, [&] {
    auto v = Vault::open(dir, secret("pw"));
    if (!v.ok()) return kCannotOpen;
    auto r = DocumentStore(**v).add(contact, big, NullProgress::instance());
    if (r.ok()) return kSucceeded;
    const bool named = r.error().message.find("blobs") != std::string::npos;
    if (!named || r.error().kind != ErrorKind::IoError) std::fprintf(stderr, "doc add: %s: %s\n", to_string(r.error().kind), r.error().message.c_str());
    return r.error().kind == ErrorKind::IoError && named ? kFailedAsExpected : kWrongError;
  });
  ASSERT_EQ(code, kFailedAsExpected);
  expect_vault_unchanged(1);
}

TEST_F(FullDisk, BatchOfContactsRollsBackWhole) {
  const auto dir = dir_;
  int code = with_file_size_limit(1 << 20, [&] {
    auto v = Vault::open(dir, secret("pw"));
    if (!v.ok()) return kCannotOpen;
    std::vector<NewContact> batch(20000);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      batch[i].first_name = "Prénom" + std::to_string(i);
      batch[i].last_name = "Nom de famille assez long pour remplir des pages " + std::to_string(i);
      batch[i].emails = {{"contact" + std::to_string(i) + "@exemple.fr", std::nullopt}};
    }
    auto r = ContactStore(**v).add_batch(batch, NullProgress::instance());
    if (r.ok()) return kSucceeded;
    const bool named = r.error().message.find("vault.db") != std::string::npos;
    if (!named || r.error().kind != ErrorKind::IoError)
      std::fprintf(stderr, "add_batch: %s: %s\n", to_string(r.error().kind), r.error().message.c_str());
    return r.error().kind == ErrorKind::IoError && named ? kFailedAsExpected : kWrongError;
  });
  ASSERT_EQ(code, kFailedAsExpected);
  expect_vault_unchanged(1);
}

}  // namespace
}  // namespace coffre
