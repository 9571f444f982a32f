// Search and erasure at scale, as deltas over the unlock measured in the same run (issue 9, item
// 9; docs/performance.md): a vault of N contacts (the rows of vault_bench: a surname among 16, so
// "dupont" matches one contact in 16; a company among 20,000; every tenth contact with a note)
// is filled through ContactStore::add_batch and closed. Then, alternating, round after round:
//   unlock   Vault::open (a light KDF) and close: the baseline;
//   search   the same, plus search_page(q, 100) for a common surname, two words, a phone's end;
//   erase    the same, plus erase_contact of one random person (rows, index scrub, WAL, certificate).
// Medians of the rounds. Usage: search_bench [contacts=100000] [rounds=5]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "coffre/erasure.h"
#include "coffre/stores.h"
#include "coffre/vault.h"

using namespace coffre;
using Steady = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

double ms_since(Steady::time_point t) { return std::chrono::duration<double, std::milli>(Steady::now() - t).count(); }

// CPU time (user + system) of this process, in ms: less noisy than wall time on a loaded machine,
// but blind to the time spent waiting for fsync.
double cpu_ms() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return (u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

const char* kFirst[] = {"Hélène", "Jean", "Marie", "Pierre", "Sophie", "Luc", "Camille", "Nicolas", "Élodie",
                        "François", "Chloé", "Julien", "Anaïs", "Thomas", "Léa", "Mathieu", "Inès", "Benoît"};
const char* kLast[] = {"Dupont", "Martin", "Bernard", "Lefèvre", "Moreau", "Girard", "Rousseau", "Fontaine",
                       "Chevalier", "Mercier", "Bonnet", "Lambert", "Faure", "Garnier", "Perrin", "Brun"};
const char* kRoles[] = {"Gérant", "Directrice commerciale", "Responsable achats", "DAF", "Assistante", "DSI"};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
  if (!initialise_runtime().ok()) return 1;
  char tmpl[] = "/tmp/coffre-search-bench-XXXXXX";
  if (!::mkdtemp(tmpl)) return 1;
  const fs::path root = tmpl;
  const auto pass = SecretBytes::from(std::string_view("bench"));
  const fs::path vdir = root / "vault";
  if (!Vault::create(vdir, pass, {1, 8ull << 20}).ok()) return 1;
  auto t_fill = Steady::now();
  {
    auto v = Vault::open(vdir, pass);
    if (!v.ok()) return 1;
    ContactStore store(**v);
    std::mt19937_64 rng(2026);
    std::vector<NewContact> batch;
    for (std::size_t i = 0; i < n;) {
      batch.clear();
      for (; i < n && batch.size() < 10000; ++i) {
        NewContact c;
        c.first_name = kFirst[rng() % std::size(kFirst)];
        c.last_name = kLast[rng() % std::size(kLast)];
        c.role = kRoles[rng() % std::size(kRoles)];
        c.emails = {{"contact" + std::to_string(i) + "@entreprise" + std::to_string(i % 20000) + ".fr", "work"}};
        char phone[32];
        std::snprintf(phone, sizeof phone, "+336%08zu", i);
        c.phones = {{phone, "mobile"}};
        c.org_name = "Société " + std::to_string(i % 20000);
        if (i % 10 == 0) c.notes = {"Rencontré au salon " + std::to_string(i % 97) + ", rappeler en mars"};
        batch.push_back(std::move(c));
      }
      if (auto r = store.add_batch(batch, NullProgress::instance()); !r.ok()) {
        std::fprintf(stderr, "add_batch: %s\n", r.error().message.c_str());
        return 1;
      }
    }
  }
  const double fill_s = ms_since(t_fill) / 1000;
  const std::vector<std::string> queries = {"dupont", "helene dupont", "00012345"};
  std::vector<double> unlock, erase, unlock_cpu, erase_cpu;
  std::vector<std::vector<double>> search(queries.size()), search_cpu(queries.size());
  std::vector<std::int64_t> totals(queries.size()), shown(queries.size());
  std::vector<bool> estimated(queries.size());
  std::mt19937_64 rng(7);
  for (int r = 0; r < rounds; ++r) {
    {
      auto t = Steady::now();
      const double c = cpu_ms();
      auto v = Vault::open(vdir, pass);
      if (!v.ok()) return 1;
      v->reset();
      unlock.push_back(ms_since(t));
      unlock_cpu.push_back(cpu_ms() - c);
    }
    for (std::size_t q = 0; q < queries.size(); ++q) {
      auto t = Steady::now();
      const double c = cpu_ms();
      auto v = Vault::open(vdir, pass);
      if (!v.ok()) return 1;
      auto page = ContactStore(**v).search_page(queries[q], 100);
      if (!page.ok()) {
        std::fprintf(stderr, "search: %s\n", page.error().message.c_str());
        return 1;
      }
      totals[q] = page->total;
      shown[q] = static_cast<std::int64_t>(page->contacts.size());
      estimated[q] = page->total_estimated;
      v->reset();
      search[q].push_back(ms_since(t));
      search_cpu[q].push_back(cpu_ms() - c);
    }
    {
      const Id id = static_cast<Id>(rng() % n) + 1;
      auto t = Steady::now();
      const double c = cpu_ms();
      auto v = Vault::open(vdir, pass);
      if (!v.ok()) return 1;
      auto proof = erase_contact(**v, id, ErasureReason::Manual);
      if (!proof.ok()) {
        std::fprintf(stderr, "erase %lld: %s\n", static_cast<long long>(id), proof.error().message.c_str());
        return 1;
      }
      v->reset();
      erase.push_back(ms_since(t));
      erase_cpu.push_back(cpu_ms() - c);
    }
  }
  std::uintmax_t db_size = fs::file_size(vdir / "vault.db");
  fs::remove_all(root);
  const double base = median(unlock), base_cpu = median(unlock_cpu);
  std::printf("search_bench: %zu contacts (filled in %.1f s), vault.db %.1f MiB, %d rounds, medians\n", n, fill_s,
              static_cast<double>(db_size) / (1 << 20), rounds);
  std::printf("  wall time; in [] the CPU time (user + system) over the unlock's\n");
  std::printf("  unlock (light KDF) and close              %8.1f ms  (baseline) [%.1f ms CPU]\n", base, base_cpu);
  for (std::size_t q = 0; q < queries.size(); ++q)
    std::printf("  + search \"%s\" (%lld shown of %s%lld)%*s%8.1f ms  (+%.1f ms)\n", queries[q].c_str(),
                static_cast<long long>(shown[q]), estimated[q] ? "about " : "", static_cast<long long>(totals[q]),
                std::max(0, 12 - static_cast<int>(queries[q].size())), "", median(search[q]),
                median(search[q]) - base);
  for (std::size_t q = 0; q < queries.size(); ++q)
    std::printf("    [CPU: search \"%s\" +%.1f ms]\n", queries[q].c_str(), median(search_cpu[q]) - base_cpu);
  std::printf("  + erase one person                        %8.1f ms  (+%.1f ms) [CPU +%.1f ms]\n", median(erase),
              median(erase) - base, median(erase_cpu) - base_cpu);
  return 0;
}
