// One person's access pack in a large vault (issue 14), against a baseline measured in the same
// run: unlocking the vault (Vault::open with the default key-slot parameters, Argon2id 4 passes
// over 256 MiB), which every command pays anyway. The vault is filled by direct SQL: N contacts
// with an e-mail and a phone, M interactions each, and one audit entry per contact and per
// interaction (placeholder hashes and signatures: nothing here verifies them), so that the
// person's history is found among N x (M + 1) entries as in a real vault. The person has no
// documents (the goal excludes them). The pack is then written with the audit log's subject index
// (migration 14) and again with the index dropped, to show what the index is for.
// Usage: pack_bench [contacts=100000] [interactions_per_contact=3] [runs=5]
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "coffre/app/pack.h"
#include "coffre/app/register.h"
#include "coffre/app/session.h"
#include "coffre/vault.h"
#include "storage/database.h"
#include "vault/context.h"

using namespace coffre;
using Steady = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

double ms_since(Steady::time_point t) { return std::chrono::duration<double, std::milli>(Steady::now() - t).count(); }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int fill(storage::Database& db, std::size_t n, std::size_t per) {
  storage::Transaction tx(db);
  if (!tx.begin().ok()) return 1;
  auto c = db.prepare("INSERT INTO contacts(id, pseudonym, first_name, last_name, kind, category, created_at, "
                      "updated_at) VALUES(?,?,?,?,'b2b','prospect',0,0)");
  auto e = db.prepare("INSERT INTO contact_emails(contact_id, position, email) VALUES(?,0,?)");
  auto p = db.prepare("INSERT INTO contact_phones(contact_id, position, phone) VALUES(?,0,?)");
  auto in = db.prepare("INSERT INTO interactions(contact_id, kind, direction, occurred_at, outcome, summary, "
                       "created_at) VALUES(?,'call','outbound',?,'call-back','Rappeler après le salon',?)");
  auto au = db.prepare("INSERT INTO audit_log(at, action, subject, details, prev_hash, hash, signature) "
                       "VALUES(?,?,?,'kind=call',zeroblob(32),zeroblob(32),zeroblob(64))");
  if (!c.ok() || !e.ok() || !p.ok() || !in.ok() || !au.ok()) return 1;
  for (std::size_t i = 1; i <= n; ++i) {
    const auto id = static_cast<std::int64_t>(i);
    char pseudo[32], buf[64];
    std::snprintf(pseudo, sizeof pseudo, "S%016zx", i);
    c->reset();
    if (!c->bind(1, id).bind(2, std::string(pseudo)).bind(3, "Hélène").bind(4, "Dupont").run().ok()) return 1;
    std::snprintf(buf, sizeof buf, "p%zu@exemple.fr", i);
    e->reset();
    if (!e->bind(1, id).bind(2, std::string(buf)).run().ok()) return 1;
    std::snprintf(buf, sizeof buf, "+3361%08zu", i % 100000000);
    p->reset();
    if (!p->bind(1, id).bind(2, std::string(buf)).run().ok()) return 1;
    au->reset();
    if (!au->bind(1, std::int64_t{1760000000}).bind(2, "contact.add").bind(3, std::string(pseudo)).run().ok()) return 1;
    for (std::size_t k = 0; k < per; ++k) {
      const std::int64_t at = 1760000000 + static_cast<std::int64_t>(k * 86400);
      in->reset();
      if (!in->bind(1, id).bind(2, at).bind(3, at).run().ok()) return 1;
      au->reset();
      if (!au->bind(1, at).bind(2, "interaction.add").bind(3, std::string(pseudo)).run().ok()) return 1;
    }
  }
  return tx.commit().ok() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
  const std::size_t per = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 3;
  const int runs = argc > 3 ? std::atoi(argv[3]) : 5;
  if (!initialise_runtime().ok()) return 1;
  char tmpl[] = "/tmp/coffre-pack-bench-XXXXXX";
  if (!::mkdtemp(tmpl)) return 1;
  const fs::path root = tmpl;
  const auto pass = SecretBytes::from(std::string_view("bench"));
  const fs::path vdir = root / "vault";
  if (!Vault::create(vdir, pass, KdfSettings{}).ok()) return 1;  // the default key-slot parameters
  {
    auto v = Vault::open(vdir, pass);
    if (!v.ok()) return 1;
    const auto t = Steady::now();
    if (fill((*v)->context().db, n, per) != 0) {
      std::fprintf(stderr, "fill failed\n");
      return 1;
    }
    std::printf("filled %zu contacts, %zu interactions, %zu audit entries in %.1f s\n", n, n * per, n * (per + 1),
                ms_since(t) / 1000);
  }
  // The plugins next to this program (the build folder's parent holds them).
  char exe[4096];
  const ssize_t len = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (len <= 0) return 1;
  exe[len] = 0;
  const fs::path here = fs::path(exe).parent_path();
  PluginHost plugins{std::vector<fs::path>{here, here.parent_path()}};

  std::vector<double> unlock, pack, pack_noindex;
  std::unique_ptr<app::Session> session;
  for (int r = 0; r < runs; ++r) {
    session.reset();
    const auto t = Steady::now();
    auto s = app::Session::open(vdir, pass, plugins);
    unlock.push_back(ms_since(t));
    if (!s.ok()) {
      std::fprintf(stderr, "open: %s\n", s.error().message.c_str());
      return 1;
    }
    session = std::move(*s);
  }
  if (!app::set_register_fields(*session, {{"controller.name", "Bench"},
                                           {"controller.address", "1 rue X, Lyon"},
                                           {"controller.email", "b@exemple.fr"}})
           .ok())
    return 1;
  auto run_pack = [&](std::vector<double>& into, const char* name) {
    for (int r = 0; r < runs; ++r) {
      app::PackOptions o;
      o.contact_id = static_cast<Id>(n / 2 + static_cast<std::size_t>(r));
      o.output = root / (std::string(name) + std::to_string(r) + ".zip");
      const auto t = Steady::now();
      auto p = app::write_access_pack(*session, o, NullProgress::instance());
      into.push_back(ms_since(t));
      if (!p.ok()) {
        std::fprintf(stderr, "pack: %s\n", p.error().message.c_str());
        return false;
      }
    }
    return true;
  };
  if (!run_pack(pack, "p")) return 1;
  if (!session->vault().context().db.exec("DROP INDEX audit_log_subject_seq").ok()) return 1;
  if (!run_pack(pack_noindex, "q")) return 1;

  const double u = median(unlock), p = median(pack), q = median(pack_noindex);
  std::printf("baseline unlock (Session::open, Argon2id 4 x 256 MiB): median %.1f ms over %d runs\n", u, runs);
  std::printf("one person's pack (%zu interactions, no documents): median %.1f ms = %.2fx the unlock\n", per, p, p / u);
  std::printf("the same without the audit log's subject index: median %.1f ms = %.2fx the unlock\n", q, q / u);
  std::error_code ec;
  fs::remove_all(root, ec);
  return 0;
}
