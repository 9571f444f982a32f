// What each piece of Coffre's contact schema costs to insert (docs/performance.md, "Contacts at
// scale"): the schema of migrations 1 and 4 written by hand, with pieces taken out by environment
// variables, so that one can be compared with another in the same minute on the same machine.
//   NOFTS=1     no FTS4 search row            NOIDX=1   no secondary index
//   NOFK=1      no foreign keys               NOUNIQ=1  no UNIQUE on the pseudonym
//   NOCHECK=1   no CHECK constraints          ONETX=1   one transaction (default: commit every 10,000)
//   DROP=A,B    drop these indexes            SORTKEY=1 a BLOB sort key instead of the NOCASE name index
//   CACHE=-KiB  page cache size               REBUILD=1 recreate the DROPped indexes at the end (timed)
// Usage: schema_probe ROWS LABEL, e.g. `NOIDX=1 build/schema_probe 200000 no-indexes`.
#include <stdlib.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>

#include "coffre/vault.h"
#include "storage/database.h"
using namespace coffre;
namespace fs = std::filesystem;
using Steady = std::chrono::steady_clock;
bool on(const char* k) { return getenv(k) != nullptr; }
void must(const Status& st) {
  if (!st.ok()) {
    std::fprintf(stderr, "schema_probe: %s\n", st.message().c_str());
    std::exit(2);
  }
}
int main(int argc, char** argv) {
  const std::size_t n = std::strtoull(argv[1], nullptr, 10);
  if (!initialise_runtime().ok()) return 1;
  if (argc < 3) {
    std::fprintf(stderr, "usage: schema_probe ROWS LABEL\n");
    return 1;
  }
  char tmpl[] = "/tmp/coffre-schema-probe-XXXXXX";
  if (!::mkdtemp(tmpl)) return 1;
  fs::path p = fs::path(tmpl) / "probe.db";
  auto key = SecretBytes::random(32);
  auto dbr = storage::Database::open(p, key, true);
  auto& db = *dbr;
  std::string fk = on("NOFK") ? "" : " REFERENCES contacts(id) ON DELETE CASCADE";
  std::string sql =
      "CREATE TABLE organisations(id INTEGER PRIMARY KEY, name TEXT NOT NULL, siren TEXT, siret TEXT, sector TEXT, "
      "address TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);";
  sql += std::string("CREATE TABLE contacts(id INTEGER PRIMARY KEY, pseudonym TEXT NOT NULL") +
         (on("NOUNIQ") ? "" : " UNIQUE") + ", org_id INTEGER" +
         (on("NOFK") ? "" : " REFERENCES organisations(id) ON DELETE SET NULL") +
         ", first_name TEXT NOT NULL DEFAULT '', last_name TEXT NOT NULL DEFAULT '', role TEXT, address TEXT, kind "
         "TEXT NOT NULL DEFAULT 'b2b'" +
         (on("NOCHECK") ? "" : " CHECK(kind IN ('b2b','b2c'))") + ", category TEXT NOT NULL DEFAULT 'prospect'" +
         (on("NOCHECK") ? "" : " CHECK(category IN ('suspect','prospect','client','partner','supplier'))") +
         ", sort_key BLOB, temperature TEXT, source TEXT, collected_at INTEGER, created_at INTEGER NOT NULL, "
         "updated_at INTEGER NOT NULL, last_inbound_at INTEGER);";
  sql +=
      "CREATE TABLE contact_emails(contact_id INTEGER NOT NULL" + fk +
      ", position INTEGER NOT NULL, email TEXT NOT NULL, label TEXT, PRIMARY KEY(contact_id, position)) WITHOUT ROWID;";
  sql +=
      "CREATE TABLE contact_phones(contact_id INTEGER NOT NULL" + fk +
      ", position INTEGER NOT NULL, phone TEXT NOT NULL, label TEXT, PRIMARY KEY(contact_id, position)) WITHOUT ROWID;";
  if (!on("NOIDX"))
    sql +=
        "CREATE INDEX organisations_name ON organisations(name COLLATE NOCASE); CREATE INDEX contacts_org ON "
        "contacts(org_id); " +
        std::string(
            on("SORTKEY")
                ? "CREATE INDEX contacts_sort ON contacts(sort_key);"
                : "CREATE INDEX contacts_name ON contacts(last_name COLLATE NOCASE, first_name COLLATE NOCASE);") +
        " CREATE INDEX contact_emails_email ON contact_emails(email); CREATE INDEX contact_phones_phone ON "
        "contact_phones(phone);";
  if (!on("NOFTS"))
    sql +=
        "CREATE VIRTUAL TABLE search_index USING fts4(body, matchinfo=fts3, tokenize=unicode61 "
        "\"remove_diacritics=1\");";
  must(db.exec(sql));
  if (const char* drop = getenv("DROP")) {
    std::string names = drop;
    for (std::size_t start = 0; start <= names.size();) {
      std::size_t comma = names.find(',', start);
      if (comma == std::string::npos) comma = names.size();
      if (comma > start) must(db.exec("DROP INDEX " + names.substr(start, comma - start)));
      start = comma + 1;
    }
  }
  if (getenv("CACHE")) must(db.exec(std::string("PRAGMA cache_size=") + getenv("CACHE")));
  const char* kFirst[] = {"Hélène",   "Jean",  "Marie",  "Pierre", "Sophie", "Luc", "Camille", "Nicolas", "Élodie",
                          "François", "Chloé", "Julien", "Anaïs",  "Thomas", "Léa", "Mathieu", "Inès",    "Benoît"};
  const char* kLast[] = {"Dupont",    "Martin",  "Bernard", "Lefèvre", "Moreau", "Girard",  "Rousseau", "Fontaine",
                         "Chevalier", "Mercier", "Bonnet",  "Lambert", "Faure",  "Garnier", "Perrin",   "Brun"};
  auto t = Steady::now();
  must(db.exec("BEGIN"));
  auto org = *db.prepare("INSERT INTO organisations(id, name, created_at, updated_at) VALUES(?,?,0,0)");
  auto c = *db.prepare(
      "INSERT INTO contacts(pseudonym, org_id, first_name, last_name, role, kind, category, created_at, updated_at, "
      "sort_key) VALUES(?,?,?,?,?,'b2b','prospect',0,0,?)");
  auto e = *db.prepare("INSERT INTO contact_emails(contact_id, position, email, label) VALUES(?,0,?,'work')");
  auto ph = *db.prepare("INSERT INTO contact_phones(contact_id, position, phone, label) VALUES(?,0,?,'mobile')");
  auto fr = db.prepare("INSERT INTO search_index(docid, body) VALUES(?,?)");
  unsigned long long x = 88172645463325252ull;
  for (std::size_t i = 0; i < n; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    std::int64_t oid = (i % 20000) + 1;
    if (i < 20000) must(org.bind(1, oid).bind(2, "Societe " + std::to_string(oid)).run());
    char ps[40];
    snprintf(ps, sizeof ps, "S%016zx", i);
    std::string first = kFirst[x % 18], last = kLast[(x >> 8) % 16];
    std::string sk = last + "\x01" + first;
    if (on("SORTKEY"))
      c.bind_blob(6, sk.data(), sk.size());
    else
      c.bind_null(6);
    must(c.bind(1, ps).bind(2, oid).bind(3, first).bind(4, last).bind(5, "Gerant").run());
    auto id = db.last_insert_id();
    std::string em = "contact" + std::to_string(i) + "@entreprise" + std::to_string(i % 20000) + ".fr";
    char phone[32];
    snprintf(phone, sizeof phone, "+336%08zu", i);
    must(e.bind(1, id).bind(2, em).run());
    must(ph.bind(1, id).bind(2, std::string(phone)).run());
    if (!on("NOFTS")) must(fr->bind(1, id).bind(2, first + " " + last + "\nGerant").run());
    if (!on("ONETX") && (i + 1) % 10000 == 0) {
      must(db.exec("COMMIT"));
      must(db.exec("BEGIN"));
    }
  }
  if (on("REBUILD") && getenv("DROP")) {
    const std::string drop = getenv("DROP");
    if (drop.find("contacts_name") != std::string::npos)
      must(db.exec("CREATE INDEX contacts_name ON contacts(last_name COLLATE NOCASE, first_name COLLATE NOCASE)"));
    if (drop.find("contacts_org") != std::string::npos) must(db.exec("CREATE INDEX contacts_org ON contacts(org_id)"));
    if (drop.find("organisations_name") != std::string::npos)
      must(db.exec("CREATE INDEX organisations_name ON organisations(name COLLATE NOCASE)"));
  }
  must(db.exec("COMMIT"));
  double s = std::chrono::duration<double>(Steady::now() - t).count();
  std::printf("%-40s %.0f rows/s\n", argv[2], n / s);
  fs::remove_all(tmpl);
}
