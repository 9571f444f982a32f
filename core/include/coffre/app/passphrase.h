// How strong a new passphrase is, before a vault is locked with it (init, passwd, recover). The
// estimate is zxcvbn's (Dropbox's estimator, the zxcvbn-c library): dictionary words, names,
// dates, keyboard patterns and substitutions count for what an attacker's guesser makes of them,
// not for their length. The floor is zxcvbn's strongest score, 10^10 guesses (33.2 bits): against
// an offline attack on a stolen vault, with Argon2id at about 0.4 s per guess per core, that is
// about 130 core-years (docs/security.md).
#pragma once

#include "coffre/secret.h"
#include "coffre/status.h"

namespace coffre::app {

struct PassphraseStrength {
  double bits = 0;           // log2 of the guesses zxcvbn estimates
  bool enough = false;       // bits >= kMinPassphraseBits
};
inline constexpr double kMinPassphraseBits = 33.2;  // 10^10 guesses

PassphraseStrength passphrase_strength(const SecretBytes& passphrase);

// InvalidInput, saying how weak and what to do, when the passphrase is below the floor and
// `allow_weak` is false (the CLI's --weak-passphrase).
Status check_new_passphrase(const SecretBytes& passphrase, bool allow_weak);

}  // namespace coffre::app
