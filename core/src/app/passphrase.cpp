#include "coffre/app/passphrase.h"

#include "coffre/i18n.h"

#include <zxcvbn.h>

#include <cmath>
#include <cstdio>
#include <cstring>

namespace coffre::app {

PassphraseStrength passphrase_strength(const SecretBytes& passphrase) {
  // zxcvbn reads a C string: a NUL-terminated copy in locked memory, wiped when it goes.
  SecretBytes z(passphrase.size() + 1);
  if (passphrase.size() > 0) std::memcpy(z.data(), passphrase.data(), passphrase.size());
  z.data()[passphrase.size()] = 0;
  // Words that say "this tool" are the first an attacker tries.
  const char* own_words[] = {"coffre", "coffrefort", "vault", "passphrase", "motdepasse", nullptr};
  PassphraseStrength s;
  s.bits = ZxcvbnMatch(reinterpret_cast<const char*>(z.data()), own_words, nullptr);
  s.enough = s.bits >= kMinPassphraseBits;
  return s;
}

Status check_new_passphrase(const SecretBytes& passphrase, bool allow_weak) {
  const auto s = passphrase_strength(passphrase);
  if (s.enough || allow_weak) return {};
  const double guesses = std::pow(2.0, s.bits);
  char est[64];
  std::snprintf(est, sizeof est, "%.0e", guesses);
  return make_error(ErrorKind::InvalidInput,
                    trf("this passphrase is too easy to guess (about {} guesses; at least 1e+10 are needed): use "
                        "four or five unrelated words, or add --weak-passphrase if you accept the risk",
                        {est}));
}

}  // namespace coffre::app
