// `coffre import` of a generated CSV (';', Windows-1252, realistic French prospect data) against a
// bare SQLCipher insert of the same rows, in the same run.
//
// The import runs as the real CLI (the binary next to this one, with its plugins) in a child
// process, so its peak RSS is the child's ru_maxrss from wait4(). It parses, converts the charset,
// maps headers, normalises (libphonenumber), checks duplicates against the database, writes
// contacts, organisations, notes, the full-text index, provenance and audit entries, all in one
// transaction. The baseline opens a SQLCipher database with the vault's settings (raw key, 4 KiB
// pages, WAL) and, in one transaction with prepared statements, inserts the same rows already
// normalised into tables shaped like the vault's contacts, contact_emails and contact_phones:
// the floor of writing this data encrypted, with no parsing and no checks.
// Goal (issue 3): import >= 0.5x the bare insert's rows/s; peak RSS < 200 MB.
// Usage: import_bench [rows=1000000]; COFFRE_BENCH_KEEP=1 keeps the CSV, passphrase and vault.
#include <fcntl.h>
#include <iconv.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "coffre/model.h"
#include "coffre/stores.h"
#include "coffre/vault.h"
#include "crypto/crypto.h"
#include "storage/database.h"
#include "vault/context.h"

using namespace coffre;
namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;

namespace {

const char* const kFirst[] = {"Jean", "Hélène", "François", "Zoé", "Jérôme", "Noël", "Anaïs", "Gaëlle", "Benoît",
                              "Cécile", "Loïc", "Maël", "Renée", "Thérèse", "Cédric", "Léa", "Chloé", "Raphaël",
                              "Élodie", "Mathéo", "Marie", "Pierre", "Camille", "Nicolas", "Sophie", "Julien"};
const char* const kLast[] = {"Dupont", "Lefèvre", "Guérin", "Bécaud", "Martin", "Faure", "Moreau", "Girard",
                             "Rousseau", "Lemaître", "Ménard", "Boucher", "Chevalier", "Gauthier", "Fontaine",
                             "Duchêne", "Perrin", "Mercier", "Noël", "Benoît", "Bernard", "Petit", "Durand", "Leroy"};
const char* const kOrgPattern[] = {"Boulangerie %s", "Cabinet %s", "%s & Fils", "SARL %s Bâtiment", "Transports %s",
                                   "Garage %s", "Pharmacie %s", "%s Conseil", "Œnologie %s", "Menuiserie %s"};
const char* const kRole[] = {"Gérant", "Directrice commerciale", "Responsable achats", "Chargé d'affaires", "PDG",
                             "Assistante de direction", "Comptable", "Technicien", "Associée", ""};
struct Town {
  const char* city;
  const char* cp;
};
const Town kTowns[] = {{"Paris", "75002"}, {"Lyon", "69003"}, {"Marseille", "13001"}, {"Toulouse", "31000"},
                       {"Nantes", "44000"}, {"Orléans", "45000"}, {"Besançon", "25000"}, {"Nîmes", "30000"},
                       {"Sète", "34200"}, {"Angoulême", "16000"}, {"Saint-Étienne", "42000"}, {"Créteil", "94000"}};
const char* const kStreet[] = {"rue de la Paix", "avenue Foch", "quai du Châtelet", "place Saint-Étienne",
                               "boulevard Haussmann", "allée des Tilleuls", "chemin des Prés", "rue Émile Zola"};
const char* const kComment[] = {"Rappeler après le 15", "Intéressé par l'offre à 49 €", "Préfère être contacté le matin",
                                "Devis envoyé, relance prévue", "Rencontré au salon; très « chaud »",
                                "Ne pas appeler le lundi", "En arrêt maladie jusqu'à fin mai"};

struct Rng {
  std::uint64_t s;
  std::uint64_t next() {
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  template <typename T, std::size_t N>
  const T& pick(const T (&a)[N]) { return a[next() % N]; }
};

std::string ascii_lower(std::string s) {
  static const std::pair<const char*, const char*> kMap[] = {
      {"é", "e"}, {"è", "e"}, {"ê", "e"}, {"ë", "e"}, {"É", "e"}, {"à", "a"}, {"ç", "c"}, {"ï", "i"}, {"î", "i"},
      {"ô", "o"}, {"û", "u"}, {"ü", "u"}, {"Œ", "oe"}, {"œ", "oe"}, {"â", "a"}};
  for (auto [from, to] : kMap)
    for (std::size_t p; (p = s.find(from)) != std::string::npos;) s.replace(p, std::strlen(from), to);
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// One generated person: what the CSV holds, and the normalised values the baseline inserts.
struct Row {
  std::string first, last, org, role, email, phone, mobile, street, cp, city, comment;
  std::string phone_e164, mobile_e164;
};

Row make_row(Rng& rng, std::uint64_t i64) {
  const auto i = static_cast<unsigned long long>(i64);
  Row r;
  // 1% of rows repeat an earlier person (same name and e-mail, other phones): a duplicate to merge.
  unsigned long long who = (i > 100 && rng.next() % 100 == 0) ? i - 1 - rng.next() % 100 : i;
  r.first = kFirst[who % std::size(kFirst)];
  r.last = kLast[(who / 7) % std::size(kLast)];
  char buf[160];
  // About 20,000 companies for a million people, as in a real prospect base.
  unsigned long long company = (i * 7919ull + rng.next() % 3) % 20000;
  std::string org = kOrgPattern[company % std::size(kOrgPattern)];
  org.replace(org.find("%s"), 2, kLast[(company / 10) % std::size(kLast)]);
  r.org = org + " " + std::to_string(company);
  r.role = rng.pick(kRole);
  r.email = ascii_lower(r.first + "." + r.last) + "." + std::to_string(who) + "@exemple-" + std::to_string(who % 997) + ".fr";
  std::snprintf(buf, sizeof buf, "0%llu %02llu %02llu %02llu %02llu", 1 + i % 5, (i / 1000000) % 100,
                (i / 10000) % 100, (i / 100) % 100, i % 100);
  r.phone = buf;
  std::snprintf(buf, sizeof buf, "+33%llu%02llu%02llu%02llu%02llu", 1 + i % 5, (i / 1000000) % 100,
                (i / 10000) % 100, (i / 100) % 100, i % 100);
  r.phone_e164 = buf;
  std::snprintf(buf, sizeof buf, "06 %02llu %02llu %02llu %02llu", (i / 1000000) % 100 + 10, (i / 10000) % 100,
                (i / 100) % 100, i % 100);
  r.mobile = buf;
  std::snprintf(buf, sizeof buf, "+336%02llu%02llu%02llu%02llu", (i / 1000000) % 100 + 10, (i / 10000) % 100,
                (i / 100) % 100, i % 100);
  r.mobile_e164 = buf;
  const Town& t = rng.pick(kTowns);
  r.street = std::to_string(1 + rng.next() % 120) + " " + rng.pick(kStreet);
  r.cp = t.cp;
  r.city = t.city;
  if (rng.next() % 20 == 0) r.comment = rng.pick(kComment);
  return r;
}

std::string csv_cell(const std::string& v) {
  if (v.find_first_of(";\"\n") == std::string::npos) return v;
  std::string o = "\"";
  for (char c : v) o += c == '"' ? std::string("\"\"") : std::string(1, c);
  return o + "\"";
}

void generate_csv(const fs::path& path, std::uint64_t rows) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  iconv_t cd = iconv_open("WINDOWS-1252", "UTF-8");
  auto put = [&](const std::string& utf8) {
    std::string out(utf8.size(), '\0');
    char* ip = const_cast<char*>(utf8.data());
    char* op = out.data();
    std::size_t il = utf8.size(), ol = out.size();
    if (iconv(cd, &ip, &il, &op, &ol) == static_cast<std::size_t>(-1)) std::abort();
    std::fwrite(out.data(), 1, out.size() - ol, f);
  };
  put("Civilité;Prénom;Nom;Société;Fonction;E-mail;Téléphone;Portable;Adresse;CP;Ville;Commentaire\r\n");
  Rng rng{42};
  for (std::uint64_t i = 0; i < rows; ++i) {
    Row r = make_row(rng, i);
    put(std::string(i % 2 ? "M." : "Mme") + ";" + csv_cell(r.first) + ";" + csv_cell(r.last) + ";" + csv_cell(r.org) +
        ";" + csv_cell(r.role) + ";" + r.email + ";" + r.phone + ";" + r.mobile + ";" + csv_cell(r.street) + ";" + r.cp +
        ";" + csv_cell(r.city) + ";" + csv_cell(r.comment) + "\r\n");
  }
  iconv_close(cd);
  std::fclose(f);
}

double cpu_seconds(const rusage& ru) {
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

struct ChildRun {
  int status = -1;
  double seconds = 0, cpu = 0;
  long max_rss_kib = 0;
  std::string out;
};

ChildRun run_child(const std::vector<std::string>& args, const fs::path& out_file) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  auto t0 = Steady::now();
  pid_t pid = ::fork();
  if (pid == 0) {
    int o = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(o, 1);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ChildRun r;
  rusage ru{};
  ::wait4(pid, &r.status, 0, &ru);
  r.seconds = std::chrono::duration<double>(Steady::now() - t0).count();
  r.max_rss_kib = ru.ru_maxrss;
  r.cpu = cpu_seconds(ru);
  std::FILE* f = std::fopen(out_file.c_str(), "rb");
  char buf[4096];
  std::size_t n;
  while (f && (n = std::fread(buf, 1, sizeof buf, f)) > 0) r.out.append(buf, n);
  if (f) std::fclose(f);
  return r;
}

// The floor: the same rows, already normalised, into SQLCipher with the vault's settings.
// Returns wall seconds; `cpu` gets the CPU seconds (user + system) it used.
double bare_insert(const fs::path& db_path, std::uint64_t rows, double& cpu) {
  rusage ru0{};
  ::getrusage(RUSAGE_SELF, &ru0);
  SecretBytes key(32);
  crypto::random_fill({key.data(), key.size()});
  auto db = storage::Database::open(db_path, key, true);
  if (!db.ok()) std::abort();
  auto ok = [](const Status& s) {
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.message().c_str());
      std::abort();
    }
  };
  ok(db->exec("CREATE TABLE contacts(id INTEGER PRIMARY KEY, pseudonym TEXT NOT NULL UNIQUE, org TEXT, "
              "first_name TEXT NOT NULL, last_name TEXT NOT NULL, role TEXT, address TEXT, kind TEXT NOT NULL, "
              "source TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);"
              "CREATE TABLE contact_emails(contact_id INTEGER NOT NULL, position INTEGER NOT NULL, email TEXT NOT NULL, "
              "label TEXT, PRIMARY KEY(contact_id, position)) WITHOUT ROWID;"
              "CREATE INDEX contact_emails_email ON contact_emails(email);"
              "CREATE TABLE contact_phones(contact_id INTEGER NOT NULL, position INTEGER NOT NULL, phone TEXT NOT NULL, "
              "label TEXT, PRIMARY KEY(contact_id, position)) WITHOUT ROWID;"
              "CREATE INDEX contact_phones_phone ON contact_phones(phone);"));
  auto t0 = Steady::now();
  ok(db->exec("BEGIN IMMEDIATE"));
  auto c = db->prepare("INSERT INTO contacts(pseudonym, org, first_name, last_name, role, address, kind, source, "
                       "created_at, updated_at) VALUES(?,?,?,?,?,?,'b2b','bench',1,1)");
  auto e = db->prepare("INSERT INTO contact_emails VALUES(?,0,?,NULL)");
  auto p = db->prepare("INSERT INTO contact_phones VALUES(?,?,?,?)");
  Rng rng{42};
  for (std::uint64_t i = 0; i < rows; ++i) {
    Row r = make_row(rng, i);
    c->bind(1, "S" + std::to_string(i)).bind(2, r.org).bind(3, r.first).bind(4, r.last).bind(5, r.role);
    c->bind(6, r.street + ", " + r.cp + " " + r.city);
    ok(c->run());
    Id id = db->last_insert_id();
    ok(e->bind(1, id).bind(2, r.email).run());
    ok(p->bind(1, id).bind(2, 0).bind(3, r.phone_e164).bind(4, "work").run());
    ok(p->bind(1, id).bind(2, 1).bind(3, r.mobile_e164).bind(4, "mobile").run());
  }
  ok(db->exec("COMMIT"));
  double wall = std::chrono::duration<double>(Steady::now() - t0).count();
  rusage ru1{};
  ::getrusage(RUSAGE_SELF, &ru1);
  cpu = cpu_seconds(ru1) - cpu_seconds(ru0);
  return wall;
}

// A second reference: the model's own fast path, ContactStore::add_batch, given the same rows
// already normalised (no parsing, no lookups, no notes, no provenance), 10,000 at a time inside one
// transaction, as the import does. import/add_batch isolates the pipeline's own cost.
double store_batch(const fs::path& vault_dir, std::uint64_t rows, double& cpu) {
  if (!Vault::create(vault_dir, SecretBytes::from(std::string_view("pw")), {1, 8ull << 20}).ok()) std::abort();
  auto v = Vault::open(vault_dir, SecretBytes::from(std::string_view("pw")));
  if (!v.ok()) std::abort();
  rusage ru0{};
  ::getrusage(RUSAGE_SELF, &ru0);
  auto t0 = Steady::now();
  {
    storage::Transaction tx((*v)->context().db);
    if (!tx.begin().ok()) std::abort();
    ContactStore store(**v);
    Rng rng{42};
    std::vector<NewContact> chunk;
    for (std::uint64_t i = 0; i < rows; ++i) {
      Row r = make_row(rng, i);
      NewContact c;
      c.first_name = r.first;
      c.last_name = r.last;
      c.org_name = r.org;
      if (!r.role.empty()) c.role = r.role;
      c.address = r.street + ", " + r.cp + " " + r.city;
      c.source = "bench";
      c.emails = {{r.email, std::nullopt}};
      c.phones = {{r.phone_e164, "work"}, {r.mobile_e164, "mobile"}};
      chunk.push_back(std::move(c));
      if (chunk.size() == 10000 || i + 1 == rows) {
        auto ids = store.add_batch(chunk, NullProgress::instance());
        if (!ids.ok()) {
          std::fprintf(stderr, "add_batch: %s\n", ids.error().message.c_str());
          std::abort();
        }
        chunk.clear();
      }
    }
    if (!tx.commit().ok()) std::abort();
  }
  double wall = std::chrono::duration<double>(Steady::now() - t0).count();
  rusage ru1{};
  ::getrusage(RUSAGE_SELF, &ru1);
  cpu = cpu_seconds(ru1) - cpu_seconds(ru0);
  return wall;
}

}  // namespace

int main(int argc, char** argv) {
  if (!initialise_runtime().ok()) return 1;
  std::uint64_t rows = argc > 1 ? std::stoull(argv[1]) : 1000000;
  fs::path self = fs::read_symlink("/proc/self/exe").parent_path();
  fs::path coffre_bin = self / "coffre";
  char tmpl[] = "/tmp/coffre-import-bench-XXXXXX";
  fs::path dir = ::mkdtemp(tmpl);
  fs::path csv = dir / "prospects.csv", pass = dir / "pass", vault = dir / "vault";
  std::FILE* pf = std::fopen(pass.c_str(), "w");
  std::fputs("bench passphrase\n", pf);
  std::fclose(pf);

  auto g0 = Steady::now();
  generate_csv(csv, rows);
  std::printf("generated %llu rows, %.1f MB (Windows-1252, ';') in %.1f s\n", static_cast<unsigned long long>(rows),
              static_cast<double>(fs::file_size(csv)) / 1e6, std::chrono::duration<double>(Steady::now() - g0).count());

  auto init = run_child({coffre_bin.string(), "--vault", vault.string(), "--passphrase-file", pass.string(), "init",
                         "--kdf-ops", "1", "--kdf-mem-mib", "8", "--weak-kdf", "--weak-passphrase"},
                        dir / "init.out");
  if (init.status != 0) {
    std::fprintf(stderr, "coffre init failed\n");
    return 1;
  }
  // The bare insert first, then the import: both start from a cold database of their own.
  double bare_cpu = 0, store_cpu = 0;
  double bare_s = bare_insert(dir / "bare.db", rows, bare_cpu);
  double store_s = store_batch(dir / "store-vault", rows, store_cpu);
  auto imp = run_child({coffre_bin.string(), "--vault", vault.string(), "--passphrase-file", pass.string(), "-q",
                        "--json", "import", csv.string()},
                       dir / "import.out");
  if (!WIFEXITED(imp.status) || WEXITSTATUS(imp.status) != 0) {
    std::fprintf(stderr, "coffre import failed (status %d): %s\n", imp.status, imp.out.c_str());
    return 1;
  }
  const double n = static_cast<double>(rows);
  std::printf("bare SQLCipher insert : %7.2f s wall %7.2f s CPU  %9.0f rows/s (wall)\n", bare_s, bare_cpu, n / bare_s);
  std::printf("ContactStore::add_batch: %6.2f s wall %7.2f s CPU  %9.0f rows/s (wall; %.2fx bare)\n", store_s, store_cpu,
              n / store_s, bare_s / store_s);
  std::printf("coffre import (CLI)   : %7.2f s wall %7.2f s CPU  %9.0f rows/s (wall; includes unlocking the vault)\n",
              imp.seconds, imp.cpu, n / imp.seconds);
  std::printf("ratio import/bare     : %7.2fx wall, %.2fx CPU   (goal >= 0.5x)\n", bare_s / imp.seconds,
              bare_cpu / imp.cpu);
  std::printf("ratio import/add_batch: %7.2fx wall, %.2fx CPU   (the pipeline's own cost)\n", store_s / imp.seconds,
              store_cpu / imp.cpu);
  std::printf("import peak RSS       : %7.1f MB (goal < 200 MB)\n", static_cast<double>(imp.max_rss_kib) / 1024.0);
  // The summary's counts (its list of special-category hits is long: left out here).
  auto count = [&](const char* key) {
    auto p = imp.out.find(std::string("\"") + key + "\":");
    return p == std::string::npos ? std::string("?") : imp.out.substr(p + std::strlen(key) + 3, imp.out.find_first_of(",}", p) - p - std::strlen(key) - 3);
  };
  std::printf("import summary        : added %s, merged %s, rejected %s, sensitive %s\n", count("added").c_str(),
              count("merged").c_str(), count("rejected").c_str(), count("sensitive").c_str());
  std::error_code ec;
  if (std::getenv("COFFRE_BENCH_KEEP")) {  // to profile `coffre import` on the same file by hand
    std::printf("kept %s (prospects.csv, pass, vault)\n", dir.c_str());
  } else {
    fs::remove_all(dir, ec);
  }
  return 0;
}
