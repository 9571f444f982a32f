// Shredding a 1 GiB file, one pass with fsync: the shred-file plugin (through the plugin host,
// exactly as `coffre shred` runs it) against GNU `shred -n 1` on a file of the same size, in the
// same run, alternating, each on a freshly written file whose pages were dropped from the cache.
// Goal (issue 4): at least 2x the throughput of `shred -n 1`.
// Usage: shred_bench [MiB=1024] [rounds=3] [folder=$TMPDIR or /tmp]
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "coffre/plugin/shredder.h"
#include "coffre/plugin_host.h"
#include "coffre/vault.h"
#include "crypto/crypto.h"

using namespace coffre;
using Steady = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

double seconds_since(Steady::time_point t) { return std::chrono::duration<double>(Steady::now() - t).count(); }

// CPU seconds (user + system) of this process (`who` RUSAGE_SELF) or of its waited-for children.
double cpu_seconds(int who) {
  struct rusage ru {};
  ::getrusage(who, &ru);
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

double load_average() {
  double l[1] = {0};
  return ::getloadavg(l, 1) == 1 ? l[0] : -1;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Writes `mib` MiB of random bytes, fsyncs, and drops the file's pages from the cache, so that
// each contender starts from the same state: allocated blocks on the device, nothing cached.
bool make_file(const fs::path& p, std::size_t mib) {
  static std::vector<std::uint8_t> chunk = crypto::random_bytes(1u << 20);
  int fd = ::open(p.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  for (std::size_t i = 0; i < mib; ++i) {
    chunk[i % chunk.size()] ^= 1;  // not all chunks identical
    if (::write(fd, chunk.data(), chunk.size()) != static_cast<ssize_t>(chunk.size())) return false;
  }
  bool ok = ::fsync(fd) == 0;
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  ::close(fd);
  return ok;
}

class Quiet final : public plugin::ShredObserver {
 public:
  void start(std::uint64_t) override {}
  void progress(std::uint64_t) override {}
  void file(const plugin::ShredFileResult& r) override { last = r; }
  plugin::ShredFileResult last;
};

}  // namespace

int main(int argc, char** argv) {
  const std::size_t mib = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 1024;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  const char* tmp = std::getenv("TMPDIR");
  const fs::path base = argc > 3 ? fs::path(argv[3]) : fs::path(tmp && *tmp ? tmp : "/tmp");
  if (!initialise_runtime().ok()) return 1;
  if (std::system("shred --version >/dev/null 2>&1") != 0) {
    std::fprintf(stderr, "GNU shred not found: no baseline\n");
    return 1;
  }
  PluginHost host;
  host.discover();
  auto shredder = host.shredder();
  if (!shredder) {
    std::fprintf(stderr, "no shredder plugin next to %s\n", argv[0]);
    return 1;
  }
  std::string dir_tmpl = (base / "coffre-shred-bench-XXXXXX").string();
  if (!::mkdtemp(dir_tmpl.data())) return 1;
  const fs::path dir = dir_tmpl;
  const double bytes_mib = static_cast<double>(mib);

  std::vector<double> ours, gnu, gnu_u, ours_cpu, gnu_cpu;
  const double load_before = load_average();
  std::string outcome;
  for (int r = 0; r < rounds; ++r) {
    const fs::path a = dir / "gnu.bin", b = dir / "ours.bin", c = dir / "gnu-u.bin";
    if (!make_file(a, mib)) return 1;
    double c0 = cpu_seconds(RUSAGE_CHILDREN);
    auto t = Steady::now();
    if (std::system(("shred -n 1 " + a.string()).c_str()) != 0) return 1;
    gnu.push_back(seconds_since(t));
    gnu_cpu.push_back(cpu_seconds(RUSAGE_CHILDREN) - c0);
    fs::remove(a);

    if (!make_file(b, mib)) return 1;
    Quiet q;
    plugin::ShredOptions opts;  // one random pass, fsync, renames, truncate, unlink
    c0 = cpu_seconds(RUSAGE_SELF);
    t = Steady::now();
    if (shredder->shred({b.string()}, opts, q) != 0) {
      std::fprintf(stderr, "shred failed: %s\n", q.last.note.c_str());
      return 1;
    }
    ours.push_back(seconds_since(t));
    ours_cpu.push_back(cpu_seconds(RUSAGE_SELF) - c0);
    outcome = plugin::to_string(q.last.result);

    if (!make_file(c, mib)) return 1;
    t = Steady::now();
    if (std::system(("shred -n 1 -u " + c.string()).c_str()) != 0) return 1;
    gnu_u.push_back(seconds_since(t));
  }
  fs::remove_all(dir);

  const double o = bytes_mib / median(ours), g = bytes_mib / median(gnu), gu = bytes_mib / median(gnu_u);
  std::printf("shred_bench: %zu MiB file, %d rounds (median), folder %s, load average %.1f -> %.1f on %u cores\n",
              mib, rounds, base.c_str(), load_before, load_average(), std::thread::hardware_concurrency());
  std::printf("  coffre shred-file, 1 random pass + fsync + rename + unlink: %8.1f MiB/s  (%s)\n", o, outcome.c_str());
  std::printf("  GNU shred -n 1 (overwrite + fsync, no unlink):             %8.1f MiB/s\n", g);
  std::printf("  GNU shred -n 1 -u (overwrite + fsync + unlink):            %8.1f MiB/s\n", gu);
  std::printf("  ratio vs shred -n 1: %.2fx   vs shred -n 1 -u: %.2fx   (goal >= 2x)\n", o / g, o / gu);
  std::printf("  CPU seconds per GiB (user+sys, this process vs the shred child; kernel writeback not counted):"
              " coffre %.2f, shred -n 1 %.2f\n",
              median(ours_cpu) * 1024 / bytes_mib, median(gnu_cpu) * 1024 / bytes_mib);
  return 0;
}
