// `coffre sensitive redact --all` at the scale of issue 9, item 10: a vault of N contacts
// (default 100,000), M of them (default 10,000) with a note holding special-category data next to
// an ordinary sentence, and as many ordinary notes. Measures the vault-wide scan and the redaction
// of every hit (one transaction, one audit entry per note, one index merge and WAL truncation),
// after unlock, against the unlock alone. Goal: under a minute. Usage: sensitive_bench [N] [M]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "coffre/app/sensitive.h"
#include "coffre/stores.h"
#include "coffre/vault.h"

using namespace coffre;
using Steady = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {
double secs_since(Steady::time_point t) { return std::chrono::duration<double>(Steady::now() - t).count(); }
}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
  const std::size_t m = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 10000;
  if (!initialise_runtime().ok()) return 1;
  char tmpl[] = "/tmp/coffre-sensitive-bench-XXXXXX";
  if (!::mkdtemp(tmpl)) return 1;
  const fs::path root = tmpl;
  const auto pass = SecretBytes::from(std::string_view("bench"));
  const fs::path vdir = root / "vault";
  if (!Vault::create(vdir, pass, {1, 8ull << 20}).ok()) return 1;
  const std::size_t every = m ? std::max<std::size_t>(1, n / m) : n + 1;
  {
    auto v = Vault::open(vdir, pass);
    if (!v.ok()) return 1;
    ContactStore store(**v);
    std::vector<NewContact> batch;
    for (std::size_t i = 0; i < n;) {
      batch.clear();
      for (; i < n && batch.size() < 10000; ++i) {
        NewContact c;
        c.first_name = "Prénom" + std::to_string(i % 977);
        c.last_name = "Nom" + std::to_string(i);
        c.emails = {{"p" + std::to_string(i) + "@exemple.fr", std::nullopt}};
        c.org_name = "Société " + std::to_string(i % 20000);
        if (i % every == 0)
          c.notes = {"Intéressée par le devis " + std::to_string(i) + ". En arrêt maladie jusqu'en juin, rappeler après."};
        else if (i % every == 1)
          c.notes = {"Rappeler en mars " + std::to_string(i)};
        batch.push_back(std::move(c));
      }
      if (auto r = store.add_batch(batch, NullProgress::instance()); !r.ok()) return 1;
    }
  }
  PluginHost none(std::vector<fs::path>{});
  auto t0 = Steady::now();
  auto v = Vault::open(vdir, pass);
  if (!v.ok()) return 1;
  const double unlock = secs_since(t0);
  auto session = app::Session::adopt(std::move(*v), none);
  auto t1 = Steady::now();
  auto found = app::scan_vault(*session, NullProgress::instance());
  const double scan = secs_since(t1);
  if (!found.ok()) return 1;
  auto t2 = Steady::now();
  auto r = app::redact_all(*session, NullProgress::instance());
  const double redact = secs_since(t2);
  if (!r.ok()) {
    std::fprintf(stderr, "redact: %s\n", r.error().message.c_str());
    return 1;
  }
  session.reset();
  fs::remove_all(root);
  std::printf("sensitive_bench: %zu contacts, %zu notes with special-category data\n", n, m);
  std::printf("  unlock (light KDF)                 %8.2f s\n", unlock);
  std::printf("  sensitive scan (%zu hits)          %8.2f s\n", found->size(), scan);
  std::printf("  sensitive redact --all             %8.2f s  (%lld notes rewritten, %lld audit entries)\n", redact,
              static_cast<long long>(r->notes_rewritten), static_cast<long long>(r->notes_rewritten + r->notes_removed));
  std::printf("  scan + redact                      %8.2f s  (goal: < 60 s)\n", scan + redact);
  return 0;
}
