// A fresh vault per test, with a clock the test moves, and the four stores on it.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "coffre/stores.h"
#include "fakes/vault_fixture.h"

namespace coffre::test {

class ModelTest : public VaultTest {
 protected:
  Vault& vault() { return *vault_; }
  ContactStore contacts() { return ContactStore(*vault_); }
  OrganisationStore orgs() { return OrganisationStore(*vault_); }
  NoteStore notes() { return NoteStore(*vault_); }
  InteractionStore interactions() { return InteractionStore(*vault_); }

  Id add(const std::string& first, const std::string& last, std::vector<std::string> emails = {},
         std::vector<std::string> phones = {}, std::optional<std::string> org = std::nullopt) {
    NewContact c;
    c.first_name = first;
    c.last_name = last;
    for (auto& e : emails) c.emails.push_back({e, std::nullopt});
    for (auto& p : phones) c.phones.push_back({p, std::nullopt});
    c.org_name = org;
    auto id = contacts().add(c);
    EXPECT_TRUE(id.ok()) << id.error().message;
    return id.ok() ? *id : 0;
  }
};

}  // namespace coffre::test
