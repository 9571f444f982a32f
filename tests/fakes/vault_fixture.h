// A fresh vault per test, opened: fast KDF, a clock the test moves, a temporary folder removed
// afterwards. The base of the suites' fixtures (model, import, documents, erasure).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "coffre/erasure.h"
#include "coffre/vault.h"
#include "fakes/test_support.h"

namespace coffre::test {

class VaultTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(initialise_runtime().ok());
    auto created = Vault::create(dir_, secret("pw"), fast_kdf(), with_clock(&clock_));
    ASSERT_TRUE(created.ok()) << created.error().message;
    reopen();
  }
  // Closes the vault and opens it again as the application layer does (app::Session::open):
  // migrations, then the erasures a crash left unfinished are finished. `shredder` (the core's
  // default when null) shreds the vault's blob files.
  void reopen(std::shared_ptr<BlobShredder> shredder = nullptr) {
    vault_.reset();
    VaultOptions options = with_clock(&clock_);
    options.blob_shredder = std::move(shredder);
    auto v = Vault::open(dir_, secret("pw"), options);
    ASSERT_TRUE(v.ok()) << v.error().message;
    vault_ = std::move(*v);
    (void)finish_interrupted_erasures(*vault_);
  }

  TempDir tmp_;
  const std::filesystem::path dir_ = tmp_ / "v";  // the vault folder
  FakeClock clock_;
  std::unique_ptr<Vault> vault_;
};

}  // namespace coffre::test
