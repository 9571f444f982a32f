// Contacts at scale, against baselines measured in the same run (issue 2, docs/performance.md):
//   A/B. plain SQLite / bare SQLCipher: the same values (names, role, email, phone, company) into
//      one flat table, one transaction, one prepared statement;
//   C/D. plain SQLite / bare SQLCipher: the same rows as Coffre stores them (contact, email, phone,
//      organisation) into the same four tables with only their primary keys;
//   E. bare SQLCipher: Coffre's real schema (secondary indexes, FTS4) written by hand;
//   Coffre: ContactStore::add_batch in batches of 10,000 (contacts, emails, phones,
//      organisations found or created, the FTS4 search index, the audit entry).
// Then `contact show` on the full vault: ContactStore::get of random ids after unlock.
// Usage: vault_bench [contacts=1000000]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "coffre/stores.h"
#include "coffre/vault.h"
#include "crypto/crypto.h"
#include "storage/database.h"
#include "storage/migrations.h"

using namespace coffre;
using Steady = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

double secs_since(Steady::time_point t) { return std::chrono::duration<double>(Steady::now() - t).count(); }

const char* kFirst[] = {"Hélène", "Jean", "Marie", "Pierre", "Sophie", "Luc", "Camille", "Nicolas", "Élodie",
                        "François", "Chloé", "Julien", "Anaïs", "Thomas", "Léa", "Mathieu", "Inès", "Benoît"};
const char* kLast[] = {"Dupont", "Martin", "Bernard", "Lefèvre", "Moreau", "Girard", "Rousseau", "Fontaine",
                       "Chevalier", "Mercier", "Bonnet", "Lambert", "Faure", "Garnier", "Perrin", "Brun"};
const char* kRoles[] = {"Gérant", "Directrice commerciale", "Responsable achats", "DAF", "Assistante", "DSI"};

struct Row {
  std::string first, last, role, email, phone, org;
};

std::vector<Row> make_rows(std::size_t n) {
  std::mt19937_64 rng(2026);
  std::vector<Row> rows;
  rows.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    Row r;
    r.first = kFirst[rng() % std::size(kFirst)];
    r.last = kLast[rng() % std::size(kLast)];
    r.role = kRoles[rng() % std::size(kRoles)];
    r.email = "contact" + std::to_string(i) + "@entreprise" + std::to_string(i % 20000) + ".fr";
    char phone[32];
    std::snprintf(phone, sizeof phone, "+336%08zu", i);
    r.phone = phone;
    r.org = "Société " + std::to_string(i % 20000);
    rows.push_back(std::move(r));
  }
  return rows;
}

double bare_insert(storage::Database& db, const std::vector<Row>& rows) {
  auto t = Steady::now();
  if (!db.exec("CREATE TABLE c(id INTEGER PRIMARY KEY, first TEXT, last TEXT, role TEXT, email TEXT, phone TEXT, "
               "org TEXT); BEGIN")
           .ok())
    std::exit(1);
  auto st = db.prepare("INSERT INTO c(first, last, role, email, phone, org) VALUES(?,?,?,?,?,?)");
  for (const auto& r : rows) {
    st->bind(1, r.first).bind(2, r.last).bind(3, r.role).bind(4, r.email).bind(5, r.phone).bind(6, r.org);
    if (!st->run().ok()) std::exit(1);
  }
  if (!db.exec("COMMIT").ok()) std::exit(1);
  return secs_since(t);
}

// The same rows as Coffre stores them (a contact row, an email row, a phone row, one row per
// company), into the same four tables with only their primary keys: no secondary index, no
// full-text index, no code. What SQLCipher alone costs to store these rows as rows.
double bare_same_tables(storage::Database& db, const std::vector<Row>& rows) {
  auto t = Steady::now();
  if (!db.exec("CREATE TABLE organisations(id INTEGER PRIMARY KEY, name TEXT NOT NULL, created_at INTEGER, "
               "updated_at INTEGER);"
               "CREATE TABLE contacts(id INTEGER PRIMARY KEY, pseudonym TEXT NOT NULL, org_id INTEGER, first_name TEXT, "
               "last_name TEXT, role TEXT, created_at INTEGER, updated_at INTEGER);"
               "CREATE TABLE contact_emails(contact_id INTEGER NOT NULL, position INTEGER NOT NULL, email TEXT NOT NULL, "
               "label TEXT, PRIMARY KEY(contact_id, position)) WITHOUT ROWID;"
               "CREATE TABLE contact_phones(contact_id INTEGER NOT NULL, position INTEGER NOT NULL, phone TEXT NOT NULL, "
               "label TEXT, PRIMARY KEY(contact_id, position)) WITHOUT ROWID; BEGIN")
           .ok())
    std::exit(1);
  auto org = db.prepare("INSERT INTO organisations(id, name, created_at, updated_at) VALUES(?,?,0,0)");
  auto c = db.prepare("INSERT INTO contacts(pseudonym, org_id, first_name, last_name, role, created_at, updated_at) "
                      "VALUES(?,?,?,?,?,0,0)");
  auto e = db.prepare("INSERT INTO contact_emails(contact_id, position, email, label) VALUES(?,0,?,'work')");
  auto p = db.prepare("INSERT INTO contact_phones(contact_id, position, phone, label) VALUES(?,0,?,'mobile')");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    const std::int64_t org_id = static_cast<std::int64_t>(i % 20000) + 1;
    if (i < 20000 && !org->bind(1, org_id).bind(2, r.org).run().ok()) std::exit(1);
    if (!c->bind(1, "S" + std::to_string(i)).bind(2, org_id).bind(3, r.first).bind(4, r.last).bind(5, r.role).run().ok())
      std::exit(1);
    const std::int64_t id = db.last_insert_id();
    if (!e->bind(1, id).bind(2, r.email).run().ok() || !p->bind(1, id).bind(2, r.phone).run().ok()) std::exit(1);
  }
  if (!db.exec("COMMIT").ok()) std::exit(1);
  return secs_since(t);
}

// The least any full-text search over names can cost: first and last name alone into one FTS4
// table (the tokenizer Coffre uses), nothing else. An upper bound for any vault that indexes its
// contacts for search as it stores them.
double bare_fts_names(storage::Database& db, const std::vector<Row>& rows) {
  auto t = Steady::now();
  if (!db.exec("CREATE VIRTUAL TABLE f USING fts4(body, matchinfo=fts3, tokenize=unicode61 \"remove_diacritics=1\"); "
               "BEGIN")
           .ok())
    std::exit(1);
  auto st = db.prepare("INSERT INTO f(docid, body) VALUES(?, ?)");
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (!st->bind(1, static_cast<std::int64_t>(i + 1)).bind(2, rows[i].first + " " + rows[i].last).run().ok())
      std::exit(1);
  if (!db.exec("COMMIT").ok()) std::exit(1);
  return secs_since(t);
}

// The same rows written by hand into Coffre's own schema (contacts, emails, phones, organisations,
// the FTS4 index): what the schema costs, apart from what Coffre's code adds on top.
double bare_same_schema(storage::Database& db, const std::vector<Row>& rows) {
  if (!storage::migrate(db, 0).ok()) std::exit(1);
  auto t = Steady::now();
  if (!db.exec("BEGIN").ok()) std::exit(1);
  auto org = db.prepare("INSERT OR IGNORE INTO organisations(id, name, created_at, updated_at) VALUES(?,?,0,0)");
  auto c = db.prepare("INSERT INTO contacts(pseudonym, org_id, first_name, last_name, role, created_at, updated_at) "
                      "VALUES(?,?,?,?,?,0,0)");
  auto e = db.prepare("INSERT INTO contact_emails(contact_id, position, email, label) VALUES(?,0,?,'work')");
  auto p = db.prepare("INSERT INTO contact_phones(contact_id, position, phone, label) VALUES(?,0,?,'mobile')");
  auto f = db.prepare("INSERT INTO search_index(docid, body) VALUES(?,?)");
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    const std::int64_t org_id = static_cast<std::int64_t>(i % 20000) + 1;
    if (!org->bind(1, org_id).bind(2, r.org).run().ok()) std::exit(1);
    if (!c->bind(1, "S" + std::to_string(i)).bind(2, org_id).bind(3, r.first).bind(4, r.last).bind(5, r.role).run().ok())
      std::exit(1);
    const std::int64_t id = db.last_insert_id();
    if (!e->bind(1, id).bind(2, r.email).run().ok() || !p->bind(1, id).bind(2, r.phone).run().ok()) std::exit(1);
    if (!f->bind(1, id).bind(2, r.first + " " + r.last + " " + r.role + " " + r.org + " " + r.email).run().ok())
      std::exit(1);
  }
  if (!db.exec("COMMIT").ok()) std::exit(1);
  return secs_since(t);
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  if (!initialise_runtime().ok()) return 1;
  char tmpl[] = "/tmp/coffre-vault-bench-XXXXXX";
  if (!::mkdtemp(tmpl)) return 1;
  const fs::path root = tmpl;
  const auto rows = make_rows(n);

  // Each baseline in a database of its own, encrypted with a random raw key or plain.
  auto timed = [&](const char* file, bool encrypted, double (*insert)(storage::Database&, const std::vector<Row>&)) {
    auto db = encrypted ? storage::Database::open(root / file, SecretBytes::random(32), true)
                        : storage::Database::open_plain(root / file);
    if (!db.ok()) std::exit(1);
    return insert(*db, rows);
  };
  const double t_cipher = timed("bare-cipher.db", true, bare_insert);
  const double t_plain = timed("bare-plain.db", false, bare_insert);
  const double t_tables = timed("bare-tables.db", true, bare_same_tables);
  const double t_tables_plain = timed("bare-tables-plain.db", false, bare_same_tables);
  const double t_fts = timed("bare-fts.db", true, bare_fts_names);
  const double t_schema = timed("bare-schema.db", true, bare_same_schema);
  double t_coffre = 0;
  const auto pass = SecretBytes::from(std::string_view("bench"));
  const fs::path vdir = root / "vault";
  if (!Vault::create(vdir, pass, {1, 8ull << 20}).ok()) return 1;
  {
    auto v = Vault::open(vdir, pass);
    if (!v.ok()) return 1;
    ContactStore store(**v);
    std::vector<NewContact> batch;
    const std::size_t kBatch = 10000;
    auto t = Steady::now();
    for (std::size_t i = 0; i < n; i += kBatch) {
      batch.clear();
      for (std::size_t j = i; j < std::min(n, i + kBatch); ++j) {
        NewContact c;
        c.first_name = rows[j].first;
        c.last_name = rows[j].last;
        c.role = rows[j].role;
        c.emails = {{rows[j].email, "work"}};
        c.phones = {{rows[j].phone, "mobile"}};
        c.org_name = rows[j].org;
        batch.push_back(std::move(c));
      }
      auto r = store.add_batch(batch, NullProgress::instance());
      if (!r.ok()) {
        std::fprintf(stderr, "add_batch: %s\n", r.error().message.c_str());
        return 1;
      }
    }
    t_coffre = secs_since(t);
  }
  // contact show after unlock, on the full vault.
  std::vector<double> show_ms;
  double open_ms;
  {
    auto t = Steady::now();
    auto v = Vault::open(vdir, pass);
    open_ms = secs_since(t) * 1000;
    if (!v.ok()) return 1;
    ContactStore store(**v);
    std::mt19937_64 rng(7);
    for (int i = 0; i < 200; ++i) {
      Id id = static_cast<Id>(rng() % n) + 1;
      auto t2 = Steady::now();
      auto c = store.get(id);
      show_ms.push_back(secs_since(t2) * 1000);
      if (!c.ok()) return 1;
    }
  }
  // `coffre search` on the full vault: a rare name, a common one, a company, an email's beginning
  // and two words from different places (name and company).
  std::vector<std::pair<std::string, double>> search_ms;
  std::vector<std::size_t> search_found;
  {
    auto v = Vault::open(vdir, pass);
    if (!v.ok()) return 1;
    ContactStore store(**v);
    for (const char* q : {"contact123456", "dupont", "societe 4242", "benoit lambert", "contact99"}) {
      auto t2 = Steady::now();
      auto found = store.search(q, 100);
      search_ms.emplace_back(q, secs_since(t2) * 1000);
      if (!found.ok()) return 1;
      search_found.push_back(found->size());
    }
  }
  std::sort(show_ms.begin(), show_ms.end());
  struct rusage ru {};
  getrusage(RUSAGE_SELF, &ru);
  fs::remove_all(root);

  const double r_cipher = n / t_cipher, r_plain = n / t_plain, r_coffre = n / t_coffre, r_schema = n / t_schema;
  const double r_tables = n / t_tables, r_tables_plain = n / t_tables_plain, r_fts = n / t_fts;
  std::printf("vault_bench: %zu contacts (name, role, 1 email, 1 phone, company among 20,000)\n", n);
  std::printf("  baselines, one transaction, prepared statements, no code:\n");
  std::printf("  A plain SQLite, one flat table         %10.0f rows/s\n", r_plain);
  std::printf("  B bare SQLCipher, one flat table       %10.0f rows/s\n", r_cipher);
  std::printf("  C plain SQLite, the same four tables   %10.0f rows/s\n", r_tables_plain);
  std::printf("  D bare SQLCipher, the same four tables %10.0f rows/s\n", r_tables);
  std::printf("  F bare SQLCipher, FTS4 of the names alone %10.0f rows/s  (%.2fx B: a bound for any insert that also indexes names for search)\n",
              r_fts, r_fts / r_cipher);
  std::printf("  E bare SQLCipher, Coffre's schema (indexes, FTS4), by hand %10.0f rows/s\n", r_schema);
  std::printf("  Coffre add_batch, 10,000 per call      %10.0f rows/s\n", r_coffre);
  std::printf("  ratios: %.2fx B, %.2fx A (flat tables);  %.2fx D (goal 0.5x), %.2fx C (goal 0.3x);  %.2fx E\n",
              r_coffre / r_cipher, r_coffre / r_plain, r_coffre / r_tables, r_coffre / r_tables_plain,
              r_coffre / r_schema);
  std::printf("  open (fast test KDF)    %10.2f ms\n", open_ms);
  std::printf("  contact get (show)      median %.3f ms, p99 %.3f ms, max %.3f ms (goal < 50 ms)\n",
              show_ms[show_ms.size() / 2], show_ms[show_ms.size() * 99 / 100], show_ms.back());
  for (std::size_t i = 0; i < search_ms.size(); ++i)
    std::printf("  search \"%s\"%*s %8.1f ms (%zu shown, limit 100)\n", search_ms[i].first.c_str(),
                static_cast<int>(16 - search_ms[i].first.size()), "", search_ms[i].second, search_found[i]);
  std::printf("  peak RSS                %10ld MB\n", ru.ru_maxrss / 1024);
  return 0;
}
