// Campaign export and can-contact at scale (issue 12), against a baseline measured in the same run:
//   baseline: a bare SQLCipher query of the same rows through the same connection (every contact
//     with its first e-mail, left-joined to its consent events, in id order), stepping every row;
//   Coffre: app::export_campaign for e-mail (the rule per person, suppression checks, the CSV with
//     tokens, the campaign record) and app::can_contact on random ids after unlock.
// The vault is filled by direct SQL (contacts, e-mails, phones, events; half B2C), since the
// insert path is measured by vault_bench; events carry a placeholder hash (nothing here reads it).
// Usage: consent_bench [contacts=1000000] [events_per_contact=3]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "bench_support.h"
#include "coffre/app/consent.h"
#include "coffre/app/session.h"
#include "coffre/vault.h"
#include "storage/database.h"
#include "vault/context.h"

using namespace coffre;
using bench::Steady;
namespace fs = std::filesystem;

namespace {

int fill(storage::Database& db, std::size_t n, std::size_t per) {
  std::mt19937_64 rng(42);
  storage::Transaction tx(db);
  if (!tx.begin().ok()) return 1;
  auto c = db.prepare("INSERT INTO contacts(id, pseudonym, first_name, last_name, kind, category, created_at, "
                      "updated_at) VALUES(?,?,?,?,?,?,0,0)");
  auto e = db.prepare("INSERT INTO contact_emails(contact_id, position, email) VALUES(?,0,?)");
  auto p = db.prepare("INSERT INTO contact_phones(contact_id, position, phone) VALUES(?,0,?)");
  auto ev = db.prepare("INSERT INTO consent_events(contact_id, event, channel, purpose, method, occurred_at, "
                       "recorded_at, hash) VALUES(?,?,?,'prospecting','web-form',?,?,'x')");
  if (!c.ok() || !e.ok() || !p.ok() || !ev.ok()) return 1;
  const char* events[] = {"given", "given", "refused", "withdrawn", "objected"};
  const char* channels[] = {"email", "sms", "phone", "post"};
  for (std::size_t i = 1; i <= n; ++i) {
    const auto id = static_cast<std::int64_t>(i);
    char buf[64];
    std::snprintf(buf, sizeof buf, "S%016zx", i);
    c->reset();
    if (!c->bind(1, id).bind(2, std::string(buf)).bind(3, "Hélène").bind(4, "Dupont").bind(5, i % 2 ? "b2c" : "b2b")
             .bind(6, i % 10 == 0 ? "client" : "prospect").run().ok())
      return 1;
    std::snprintf(buf, sizeof buf, "p%zu@exemple.fr", i);
    e->reset();
    if (!e->bind(1, id).bind(2, std::string(buf)).run().ok()) return 1;
    std::snprintf(buf, sizeof buf, "+3361%08zu", i % 100000000);
    p->reset();
    if (!p->bind(1, id).bind(2, std::string(buf)).run().ok()) return 1;
    for (std::size_t k = 0; k < per; ++k) {
      ev->reset();
      const std::int64_t at = 1760000000 + static_cast<std::int64_t>(rng() % 30000000);
      if (!ev->bind(1, id).bind(2, events[rng() % 5]).bind(3, channels[rng() % 4]).bind(4, at).bind(5, at).run().ok())
        return 1;
    }
  }
  return tx.commit().ok() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const std::size_t per = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 3;
  if (!initialise_runtime().ok()) return 1;
  bench::Scratch scratch("consent-bench");
  if (!scratch.ok()) return 1;
  const fs::path& root = scratch.root();
  bench::FixedClock clock;
  VaultOptions options;
  options.clock = &clock;
  auto v = scratch.create_vault(options);
  if (!v) return 1;
  auto t = Steady::now();
  if (fill(v->context().db, n, per) != 0) {
    std::fprintf(stderr, "fill failed\n");
    return 1;
  }
  std::printf("filled %zu contacts, %zu events in %.1f s\n", n, n * per, bench::seconds_since(t));
  PluginHost plugins{std::vector<fs::path>{}};
  auto session = app::Session::adopt(std::move(v), plugins);
  auto& db = session->vault().context().db;

  // Baseline: the same rows, one query, stepped to the end.
  t = Steady::now();
  std::size_t rows = 0;
  {
    auto st = db.prepare("SELECT c.id, c.pseudonym, c.first_name, c.last_name, c.kind, c.category, "
                         "(SELECT email FROM contact_emails m WHERE m.contact_id = c.id ORDER BY position LIMIT 1), "
                         "e.event, e.channel, e.purpose, e.occurred_at FROM contacts c "
                         "LEFT JOIN consent_events e ON e.contact_id = c.id ORDER BY c.id");
    if (!st.ok()) return 1;
    for (;;) {
      auto row = st->step();
      if (!row.ok() || !*row) break;
      ++rows;
      (void)st->column_text(2);
    }
  }
  const double t_base = bench::seconds_since(t);

  app::CampaignExportRequest req;
  req.channel = "email";
  req.output = root / "campaign.csv";
  t = Steady::now();
  auto r = app::export_campaign(*session, req, NullProgress::instance());
  const double t_export = bench::seconds_since(t);
  if (!r.ok()) {
    std::fprintf(stderr, "export: %s\n", r.error().message.c_str());
    return 1;
  }

  std::mt19937_64 rng(7);
  std::vector<double> ms;
  for (int i = 0; i < 2000; ++i) {
    app::CanContactRequest q;
    q.contact_id = static_cast<Id>(1 + rng() % n);
    q.channel = i % 2 ? "email" : "phone";
    auto t1 = Steady::now();
    auto d = app::can_contact(*session, q);
    ms.push_back(bench::seconds_since(t1) * 1000);
    if (!d.ok()) return 1;
  }
  std::sort(ms.begin(), ms.end());
  std::printf("baseline bare SQLCipher query: %zu rows in %.2f s\n", rows, t_base);
  std::printf("campaign export (email): %.2f s, exported %lld, excluded %lld: %.1fx the baseline\n", t_export,
              static_cast<long long>(r->exported), static_cast<long long>(r->excluded), t_export / t_base);
  std::printf("can-contact after unlock: median %.3f ms, p99 %.3f ms, max %.3f ms (2000 calls)\n", ms[ms.size() / 2],
              ms[ms.size() * 99 / 100], ms.back());
  return 0;
}
