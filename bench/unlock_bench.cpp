// Unlock cost: Vault::open with the default key-slot parameters, against a bare Argon2id run with
// the same parameters in the same process. Goal (issue 2): open = Argon2id time + under 20 ms.
// Usage: unlock_bench [runs]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>
#include <algorithm>

#include "coffre/vault.h"
#include "crypto/crypto.h"

using namespace coffre;
using Steady = std::chrono::steady_clock;

static double ms_since(Steady::time_point t) { return std::chrono::duration<double, std::milli>(Steady::now() - t).count(); }

static double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : 5;
  if (!initialise_runtime().ok()) return 1;
  char tmpl[] = "/tmp/coffre-unlock-bench-XXXXXX";
  if (!::mkdtemp(tmpl)) return 1;
  const std::filesystem::path dir = std::filesystem::path(tmpl) / "v";
  const KdfSettings kdf;  // the defaults a user gets
  auto pass = SecretBytes::from(std::string_view("correct horse battery staple"));
  if (!Vault::create(dir, pass, kdf).ok()) return 1;

  std::vector<double> bare, open;
  auto salt = crypto::random_bytes(crypto::kSaltSize);
  for (int i = 0; i < runs; ++i) {
    auto t = Steady::now();
    auto k = crypto::argon2id(pass, salt, kdf);
    bare.push_back(ms_since(t));
    if (!k.ok()) return 1;
    t = Steady::now();
    auto v = Vault::open(dir, pass);
    open.push_back(ms_since(t));
    if (!v.ok()) return 1;
  }
  std::filesystem::remove_all(tmpl);
  const double b = median(bare), o = median(open);
  std::printf("unlock_bench: Argon2id ops=%llu mem=%llu MiB, %d runs (medians)\n",
              static_cast<unsigned long long>(kdf.ops), static_cast<unsigned long long>(kdf.mem_bytes >> 20), runs);
  std::printf("  bare argon2id      %8.1f ms\n", b);
  std::printf("  Vault::open        %8.1f ms\n", o);
  std::printf("  overhead           %8.1f ms  (goal < 20 ms)\n", o - b);
  return 0;
}
