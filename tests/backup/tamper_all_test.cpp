// The full tamper matrix (issue 15, STYLE.md 15): every single flipped byte of a small backup is
// detected, none is restored. Labelled slow (one authenticated scan per byte); backup_test.cpp
// keeps a sampled version in the fast suite.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "coffre/app/backup.h"
#include "fakes/sql_contacts.h"
#include "fakes/test_support.h"
#include "vault/context.h"

namespace coffre {
namespace {

namespace fs = std::filesystem;

TEST(BackupTamperAll, EveryFlippedByteOfASmallBackupIsDetected) {
  test::TempDir tmp;
  test::FakeClock clock;
  PluginHost plugins{{fs::path(COFFRE_BINARY_DIR)}};
  ASSERT_TRUE(Vault::create(tmp / "v", test::secret("pw"), test::fast_kdf(), test::with_clock(&clock)).ok());
  auto s = app::Session::open(tmp / "v", test::secret("pw"), plugins, app::SessionOptions{&clock});
  ASSERT_TRUE(s.ok()) << s.error().message;
  test::SqlContact c;
  c.first_name = "tamper";
  test::add_sql_contact((*s)->vault(), c);
  ASSERT_TRUE(app::create_backup(**s, tmp / "b.coffre", NullProgress::instance()).ok());
  const std::string good = test::read_file(tmp / "b.coffre");
  const SecretBytes& mk = (*s)->vault().context().master_key;
  fs::create_directories(tmp / "bad");
  const auto bad_file = tmp / "bad" / "x.coffre";
  test::write_file(bad_file, good);
  // One byte changed in place (and put back) per round: no rewrite of the whole file each time.
  const int fd = ::open(bad_file.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0);
  auto put = [&](std::size_t off, char byte) { ASSERT_EQ(::pwrite(fd, &byte, 1, static_cast<off_t>(off)), 1); };
  auto scan = [&] {
    auto l = app::list_backups(tmp / "bad", {nullptr, false, &mk}, NullProgress::instance());
    return l.ok() && l->size() == 1 && l->front().verified;
  };
  ASSERT_TRUE(scan()) << "control";
  std::size_t undetected = 0;
  for (std::size_t off = 0; off < good.size(); ++off) {
    put(off, static_cast<char>(good[off] ^ (1 << (off % 8))));
    if (scan()) {
      ++undetected;
      ADD_FAILURE() << "flip at offset " << off << " not detected";
      if (undetected > 5) break;
    }
    put(off, good[off]);
  }
  ::close(fd);
  RecordProperty("bytes", static_cast<int>(good.size()));
}

}  // namespace
}  // namespace coffre
