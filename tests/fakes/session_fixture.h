// A vault created with a test clock and opened as a front end would (app::Session with the built
// plugins): the base of the application-layer suites.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>

#include "coffre/app/session.h"
#include "fakes/test_support.h"

namespace coffre::test {

class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(Vault::create(dir_, secret("pw"), fast_kdf(), with_clock(&clock_)).ok());
    auto s = app::Session::open(dir_, secret("pw"), plugins_, app::SessionOptions{&clock_});
    ASSERT_TRUE(s.ok()) << s.error().message;
    session_ = std::move(*s);
  }
  Vault& vault() { return session_->vault(); }

  TempDir tmp_;
  const std::filesystem::path dir_ = tmp_ / "v";
  FakeClock clock_;
  PluginHost plugins_{{std::filesystem::path(COFFRE_BINARY_DIR)}};
  std::unique_ptr<app::Session> session_;
};

}  // namespace coffre::test
