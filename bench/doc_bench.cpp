// `doc add` of a large file against bare libsodium secretstream over the same file, and against
// `gpg --symmetric`, in the same run, alternating rounds; the median of each is reported. Also
// `doc get` against a bare secretstream decryption of the same size.
// Every contender reads the same input file and writes its output with fsync. Bare secretstream
// is the floor: read 4 MiB, push 64 KiB chunks, write, fsync, nothing else. Coffre adds the
// SHA-256 of the plaintext, a temp file + rename + folder sync, and two small transactions.
// Goal (issue 2): doc add >= 0.8x bare secretstream, and faster than gpg.
// Usage: doc_bench [MiB=512] [rounds=3] [FOLDER=$TMPDIR or /tmp] [cold: drop the input's cached
// pages before each encrypt]. On tmpfs (/dev/shm) the disk drops out and only CPU work remains.
#include <fcntl.h>
#include <sys/resource.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "coffre/documents.h"
#include "coffre/vault.h"
#include "crypto/crypto.h"
#include "vault/context.h"

using namespace coffre;
using Steady = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

double seconds_since(Steady::time_point t) { return std::chrono::duration<double>(Steady::now() - t).count(); }
// CPU seconds (user + system) used so far by this process, all threads, and by waited children.
double cpu_seconds() {
  double total = 0;
  for (int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
    rusage ru{};
    ::getrusage(who, &ru);
    total += static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
             static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
  }
  return total;
}
double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

bool cold = false;
// Before every timed run: earlier runs' dirty pages written out, so no contender pays for another's
// writeback; with `cold`, the input's pages dropped too.
void drop_cache(const fs::path& p) {
  ::sync();
  if (!cold) return;
  int fd = ::open(p.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    ::close(fd);
  }
}

bool write_all(int fd, const unsigned char* p, std::size_t n) {
  while (n) {
    ssize_t w = ::write(fd, p, n);
    if (w <= 0) return false;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

std::size_t read_full(int fd, unsigned char* p, std::size_t n) {
  std::size_t got = 0;
  while (got < n) {
    ssize_t r = ::read(fd, p + got, n - got);
    if (r <= 0) break;
    got += static_cast<std::size_t>(r);
  }
  return got;
}

constexpr std::size_t kChunk = 64 * 1024, kBatch = 64;
constexpr std::size_t kSealed = kChunk + crypto_secretstream_xchacha20poly1305_ABYTES;

// Bare libsodium: the same chunking as the vault, nothing else.
bool bare_encrypt(const fs::path& in_path, const fs::path& out_path, const unsigned char* key) {
  int in = ::open(in_path.c_str(), O_RDONLY), out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (in < 0 || out < 0) return false;
  std::vector<unsigned char> buf(kBatch * kChunk), enc(kBatch * kSealed + 64);
  crypto_secretstream_xchacha20poly1305_state st;
  unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  crypto_secretstream_xchacha20poly1305_init_push(&st, header, key);
  bool ok = write_all(out, header, sizeof header);
  for (;;) {
    std::size_t got = read_full(in, buf.data(), buf.size());
    const bool eof = got < buf.size();
    std::size_t off = 0, o = 0;
    do {
      std::size_t n = std::min(kChunk, got - off);
      unsigned char tag = eof && off + n == got ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0;
      crypto_secretstream_xchacha20poly1305_push(&st, enc.data() + o, nullptr, buf.data() + off, n, nullptr, 0, tag);
      o += n + crypto_secretstream_xchacha20poly1305_ABYTES;
      off += n;
    } while (off < got);
    ok = ok && write_all(out, enc.data(), o);
    if (eof) break;
  }
  ok = ok && ::fsync(out) == 0;
  ::close(in);
  ::close(out);
  return ok;
}

bool bare_decrypt(const fs::path& in_path, const fs::path& out_path, const unsigned char* key) {
  int in = ::open(in_path.c_str(), O_RDONLY), out = ::open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (in < 0 || out < 0) return false;
  unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
  if (read_full(in, header, sizeof header) != sizeof header) return false;
  crypto_secretstream_xchacha20poly1305_state st;
  if (crypto_secretstream_xchacha20poly1305_init_pull(&st, header, key) != 0) return false;
  std::vector<unsigned char> buf(kBatch * kSealed), dec(kBatch * kChunk);
  bool ok = true, done = false;
  while (ok && !done) {
    std::size_t got = read_full(in, buf.data(), buf.size());
    std::size_t off = 0, o = 0;
    while (off < got) {
      std::size_t n = std::min(kSealed, got - off);
      unsigned char tag = 0;
      if (crypto_secretstream_xchacha20poly1305_pull(&st, dec.data() + o, nullptr, &tag, buf.data() + off, n, nullptr,
                                                     0) != 0)
        return false;
      o += n - crypto_secretstream_xchacha20poly1305_ABYTES;
      off += n;
      if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) done = true;
    }
    ok = write_all(out, dec.data(), o);
    if (got < buf.size()) break;
  }
  ok = ok && done && ::fsync(out) == 0;
  ::close(in);
  ::close(out);
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t mib = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 512;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 3;
  const char* tmp = std::getenv("TMPDIR");
  fs::path base = tmp && *tmp ? tmp : "/tmp";
  for (int i = 3; i < argc; ++i) {
    if (std::string(argv[i]) == "cold") cold = true;
    else base = argv[i];
  }
  if (!initialise_runtime().ok()) return 1;
  std::string dir_tmpl = (base / "coffre-doc-bench-XXXXXX").string();
  if (!::mkdtemp(dir_tmpl.data())) return 1;
  const fs::path dir = dir_tmpl;
  const fs::path input = dir / "input.bin";
  {
    std::vector<std::uint8_t> chunk = crypto::random_bytes(1u << 20);
    int fd = ::open(input.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    for (std::size_t i = 0; i < mib; ++i) {
      chunk[i] ^= 1;
      if (!write_all(fd, chunk.data(), chunk.size())) return 1;
    }
    if (::fsync(fd) != 0) return 1;
    ::close(fd);
    std::FILE* f = std::fopen((dir / "pass").c_str(), "w");
    std::fputs("bench passphrase\n", f);
    std::fclose(f);
  }
  auto created = Vault::create(dir / "vault", SecretBytes::from(std::string_view("pw")), {1, 8ull << 20});
  auto vault = Vault::open(dir / "vault", SecretBytes::from(std::string_view("pw")));
  if (!created.ok() || !vault.ok()) return 1;
  auto& ctx = (*vault)->context();
  if (!ctx.db.exec("INSERT INTO contacts(pseudonym, first_name, last_name, created_at, updated_at) "
                   "VALUES('bench', 'B', 'B', 0, 0)").ok())
    return 1;
  const Id contact = ctx.db.last_insert_id();
  DocumentStore docs(**vault);
  unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
  crypto_secretstream_xchacha20poly1305_keygen(key);
  const bool have_gpg = std::system("gpg --version >/dev/null 2>&1") == 0;
  const std::string gpg = "gpg --batch --yes --quiet --pinentry-mode loopback --passphrase-file '" +
                          (dir / "pass").string() + "' --symmetric -o '" + (dir / "out.gpg").string() + "' '" +
                          input.string() + "' && sync -f '" + (dir / "out.gpg").string() + "'";

  std::vector<double> c_bare, c_add, t_bare, t_add, t_gpg, t_bare_dec, t_get;
  Id last_doc = 0;
  for (int r = 0; r < rounds; ++r) {
    // Alternate which of the two goes first, so neither always follows the other's writeback.
    for (int k = 0; k < 2; ++k) {
      if ((k + r) % 2 == 0) {
        fs::remove(dir / "out.bare");  // a new file each time, as doc add writes a new blob
        drop_cache(input);
        auto t = Steady::now();
        const double c = cpu_seconds();
        if (!bare_encrypt(input, dir / "out.bare", key)) return 2;
        t_bare.push_back(seconds_since(t));
        c_bare.push_back(cpu_seconds() - c);
      } else {
        drop_cache(input);
        auto t = Steady::now();
        const double c = cpu_seconds();
        auto id = docs.add(contact, input, NullProgress::instance());
        if (!id.ok()) {
          std::fprintf(stderr, "doc add: %s\n", id.error().message.c_str());
          return 2;
        }
        t_add.push_back(seconds_since(t));
        c_add.push_back(cpu_seconds() - c);
        last_doc = *id;
      }
    }
    auto t0 = Steady::now();

    if (have_gpg) {
      drop_cache(input);
      t0 = Steady::now();
      if (std::system(gpg.c_str()) != 0) return 3;
      t_gpg.push_back(seconds_since(t0));
      fs::remove(dir / "out.gpg");
    }

    drop_cache(dir / "out.bare");
    t0 = Steady::now();
    if (!bare_decrypt(dir / "out.bare", dir / "dec.bare", key)) return 4;
    t_bare_dec.push_back(seconds_since(t0));
    fs::remove(dir / "dec.bare");

    fs::remove(dir / "dec.doc");
    drop_cache(dir / "out.bare");
    t0 = Steady::now();
    if (auto s = docs.get(last_doc, dir / "dec.doc", NullProgress::instance()); !s.ok()) {
      std::fprintf(stderr, "doc get: %s\n", s.message().c_str());
      return 4;
    }
    t_get.push_back(seconds_since(t0));
    fs::remove(dir / "dec.doc");
  }
  auto mibs = [&](double s) { return static_cast<double>(mib) / s; };
  const double bare = mibs(median(t_bare)), add = mibs(median(t_add));
  double load[3] = {0, 0, 0};
  ::getloadavg(load, 3);
  std::printf("doc_bench: %zu MiB file in %s, %d rounds, median, %s page cache, load average %.1f\n", mib,
              base.c_str(), rounds, cold ? "cold" : "warm", load[0]);
  std::printf("  bare secretstream encrypt+fsync  %8.0f MiB/s\n", bare);
  std::printf("  coffre doc add                   %8.0f MiB/s   %.2fx bare\n", add, add / bare);
  std::printf("  CPU time per GiB (all threads): bare %.2f s, doc add %.2f s\n", median(c_bare) * 1024 / mib,
              median(c_add) * 1024 / mib);
  if (have_gpg) {
    const double g = mibs(median(t_gpg));
    std::printf("  gpg --symmetric (defaults)       %8.0f MiB/s   doc add is %.2fx gpg\n", g, add / g);
  }
  const double bare_dec = mibs(median(t_bare_dec)), get = mibs(median(t_get));
  std::printf("  bare secretstream decrypt+fsync  %8.0f MiB/s\n", bare_dec);
  std::printf("  coffre doc get                   %8.0f MiB/s   %.2fx bare\n", get, get / bare_dec);
  vault->reset();
  fs::remove_all(dir);
  return 0;
}
