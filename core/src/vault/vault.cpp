#include "coffre/vault.h"

#include "coffre/i18n.h"

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstdlib>

#include "storage/migrations.h"
#include "util/files.h"
#include "storage/shred.h"
#include "vault/anchor.h"
#include "vault/ledger_file.h"
#include "vault/context.h"

namespace coffre {
namespace fs = std::filesystem;

Status initialise_runtime() {
  // No core dump may ever hold a key or a passphrase.
  struct rlimit none {0, 0};
  ::setrlimit(RLIMIT_CORE, &none);
  ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
  COFFRE_TRY(crypto::init());
  return storage::check_sqlcipher_linkage();
}

fs::path default_vault_dir() {
  if (const char* v = std::getenv("COFFRE_VAULT"); v && *v) return v;
  if (const char* x = std::getenv("XDG_DATA_HOME"); x && *x) return fs::path(x) / "coffre" / "vault";
  const char* home = std::getenv("HOME");
  return fs::path(home && *home ? home : ".") / ".local" / "share" / "coffre" / "vault";
}

namespace {

Status check_meta(storage::Database& db, const std::string& vault_id) {
  COFFRE_ASSIGN_OR_RETURN(auto st, db.prepare("SELECT value FROM vault_meta WHERE key = 'vault_id'"));
  COFFRE_ASSIGN_OR_RETURN(bool row, st.step());
  if (!row || st.column_text(0) != vault_id)
    return make_error(ErrorKind::Corruption, "the vault database " + db.path().string() +
                                                 " does not belong to this key-slot file (vault id mismatch)");
  return {};
}


// Checks the database against its anchor, then advances the anchor (a crash after a commit may
// have left it behind) and hooks it to every later commit. A vault made before anchors gets one
// here, and its key-slot file then says so, so that removing the anchor is noticed.
Status open_anchor(detail::VaultContext& ctx, const VaultOptions& options) {
  if (auto s = vault::verify_anchor(ctx); !s.ok()) {
    if (!options.open_behind_anchor) return s;
    ctx.anchor_problem = s.message();
  }
  COFFRE_TRY(vault::advance_anchor(ctx));
  // A change that committed stays reported as done even when its anchor update fails (full disk,
  // I/O error): the anchor is then behind, which is safe, and the next commit or open moves it.
  ctx.db.set_after_commit([&ctx] {
    (void)vault::advance_anchor(ctx);
    return Status{};
  });
  if (ctx.slots.anchored || !ctx.anchor_problem.empty()) return {};
  // Under DIR/lock, as passwd; when another process holds it the next open does this.
  util::FileLock lock;
  if (!lock.acquire(*ctx.env, ctx.dir / "lock", util::FileLock::Mode::Exclusive, /*wait=*/false, "busy").ok()) return {};
  COFFRE_ASSIGN_OR_RETURN(auto slots, vault::load_keyslots(*ctx.env, ctx.slots_path()));
  if (!vault::mac_valid(slots, ctx.master_key))
    return make_error(ErrorKind::Corruption, "key-slot file " + ctx.slots_path().string() + " was altered");
  slots.anchored = true;
  vault::seal_mac(slots, ctx.master_key);
  COFFRE_TRY(vault::store_keyslots(*ctx.env, ctx.slots_path(), slots));
  ctx.slots = std::move(slots);
  return {};
}

// Every vault has an erasure ledger (vault/ledger_file.h). A vault made before ledgers gets one
// here, and its database then says so, so that a removed ledger is noticed: without it, a backup
// restored later could not replay the erasures made since, and erased people would come back.
Status open_ledger(detail::VaultContext& ctx) {
  COFFRE_ASSIGN_OR_RETURN(auto st, ctx.db.prepare("SELECT value FROM vault_meta WHERE key = ?"));
  st.bind(1, vault::kLedgerMetaKey);
  COFFRE_ASSIGN_OR_RETURN(bool known, st.step());
  const auto path = ctx.dir / vault::kLedgerFileName;
  const bool present = ctx.env->exists(path);
  if (!present && known)
    return make_error(ErrorKind::Corruption, "the erasure ledger " + path.string() +
                                                 " is missing: without it a restored backup would bring back the people "
                                                 "erased since; put it back from the newest backup (its "
                                                 "erasure-ledger) or a copy before using this vault");
  if (!present) COFFRE_TRY(vault::create_ledger(*ctx.env, ctx.dir, ctx.slots.vault_id, ctx.audit_key, ctx.clock->now()));
  if (!known) {
    COFFRE_ASSIGN_OR_RETURN(auto ins, ctx.db.prepare("INSERT INTO vault_meta(key, value) VALUES(?, ?)"));
    COFFRE_TRY(ins.bind(1, vault::kLedgerMetaKey).bind(2, std::to_string(ctx.clock->now())).run());
  }
  return {};
}

}  // namespace

const std::string& Vault::anchor_problem() const { return ctx_->anchor_problem; }

Status Vault::accept_loss() {
  if (ctx_->anchor_problem.empty()) return {};
  auto anchor = vault::load_anchor(*ctx_->env, ctx_->dir / vault::kAnchorFileName, ctx_->slots.vault_id,
                                   ctx_->anchor_key);
  const std::string was = !anchor.ok() ? "damaged" : *anchor ? std::to_string((*anchor)->seq) : "missing";
  COFFRE_ASSIGN_OR_RETURN(auto head, ctx_->audit->head());
  COFFRE_TRY(vault::reset_anchor(*ctx_));
  return ctx_->audit->append("vault.anchor_reset", std::nullopt, "anchor=" + was + " database=" + std::to_string(head.seq));
}

Vault::Vault(std::unique_ptr<detail::VaultContext> ctx) : ctx_(std::move(ctx)) {}
Vault::~Vault() = default;
const fs::path& Vault::dir() const { return ctx_->dir; }
const Clock& Vault::clock() const { return *ctx_->clock; }
const std::string& Vault::vault_id() const { return ctx_->slots.vault_id; }
SecretBytes Vault::master_key_for_agent() const { return SecretBytes::from(ctx_->master_key.bytes()); }
BlobShredder& Vault::blob_shredder() const { return *ctx_->blob_shredder; }
Env& Vault::env() const { return *ctx_->env; }

Result<std::string> Vault::create(const fs::path& dir, const SecretBytes& passphrase, const KdfSettings& kdf,
                                  const VaultOptions& options) {
  COFFRE_ASSIGN_OR_RETURN(auto created, create_with_key(dir, passphrase, kdf, options));
  return std::move(created.recovery_code);
}

Result<CreatedVault> Vault::create_with_key(const fs::path& dir, const SecretBytes& passphrase, const KdfSettings& kdf,
                                            const VaultOptions& options) {
  COFFRE_TRY(initialise_runtime());
  if (passphrase.empty()) return make_error(ErrorKind::InvalidInput, tr("the passphrase is empty"));
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec))
    return make_error(ErrorKind::Conflict, trf("cannot create a vault in {}: the folder is not empty", {dir.string()}));
  Env& env = options.env ? *options.env : Env::posix();
  COFFRE_TRY(util::make_private_dir(env, dir));
  const Clock& clock = options.clock ? *options.clock : SystemClock::instance();

  SecretBytes master = SecretBytes::random(vault::kMasterKeySize);
  vault::KeySlotFile slots;
  slots.vault_id = crypto::random_hex(16);
  slots.created_at = clock.now();
  COFFRE_ASSIGN_OR_RETURN(auto pass_slot, vault::make_slot(slots, 1, vault::SlotType::Passphrase, passphrase, kdf, master));
  auto code_bytes = crypto::random_bytes(20);
  const std::string code = vault::format_recovery_code(code_bytes);
  SecretBytes code_secret = SecretBytes::from(code_bytes);

  std::fill(code_bytes.begin(), code_bytes.end(), 0);
  COFFRE_ASSIGN_OR_RETURN(auto rec_slot, vault::make_slot(slots, 2, vault::SlotType::Recovery, code_secret,
                                                          vault::kRecoveryKdf, master));
  slots.slots = {std::move(pass_slot), std::move(rec_slot)};
  slots.anchored = true;
  vault::seal_mac(slots, master);

  auto cleanup = [&](Status s) -> Status {
    fs::remove_all(dir, ec);
    return s;
  };
  CreatedVault created;
  created.recovery_code = code;
  {
    SecretBytes db_key = crypto::derive_subkey(master, crypto::SubkeyId::Database);
    auto db = storage::Database::open(env, dir / "vault.db", db_key, true);
    if (!db.ok()) return cleanup(db.error());
    if (auto s = storage::migrate(*db, clock.now()); !s.ok()) return cleanup(s);
    auto meta = db->prepare("INSERT INTO vault_meta(key, value) VALUES('vault_id', ?1), ('created_at', ?2), ('" +
                            std::string(vault::kLedgerMetaKey) + "', ?2)");
    if (!meta.ok()) return cleanup(meta.error());
    if (auto s = meta->bind(1, slots.vault_id).bind(2, std::to_string(slots.created_at)).run(); !s.ok()) return cleanup(s);
    SecretBytes seed = crypto::derive_subkey(master, crypto::SubkeyId::AuditSigning);
    auto signing = crypto::signing_key_from_seed(seed);
    created.signing_public_key = signing.public_key;
    vault::AuditLog audit(*db, signing, clock);
    if (auto s = audit.append("vault.init", std::nullopt); !s.ok()) return cleanup(s);
    // The anchor is written before the key-slot file, which is what makes the folder a vault.
    auto head = audit.head();
    if (!head.ok()) return cleanup(head.error());
    SecretBytes anchor_key = crypto::derive_subkey(master, crypto::SubkeyId::AnchorMac);
    if (auto s = vault::store_anchor(env, dir / vault::kAnchorFileName, slots.vault_id,
                                     vault::Anchor{head->seq, head->hash}, anchor_key);
        !s.ok())
      return cleanup(s);
    // The erasure ledger, empty but signed, from the start (issue 15, coffre/app/backup.h).
    if (auto s = vault::create_ledger(env, dir, slots.vault_id, signing, slots.created_at); !s.ok()) return cleanup(s);
  }
  if (auto s = util::make_private_dir(env, dir / "blobs"); !s.ok()) return cleanup(s);
  if (auto s = vault::store_keyslots(env, dir / vault::kKeySlotFileName, slots); !s.ok()) return cleanup(s);
  return created;
}

Result<std::unique_ptr<Vault>> Vault::open_with_master_key(const fs::path& dir, SecretBytes master,
                                                           const VaultOptions& options) {
  auto ctx = std::make_unique<detail::VaultContext>();
  ctx->dir = dir;
  if (!options.restoring && (options.env ? *options.env : Env::posix()).exists(dir / kRestoreMarker))
    return make_error(ErrorKind::Corruption, dir.string() + " is an unfinished restore (`coffre backup restore` was "
                                             "interrupted before it replayed the erasures): delete it and restore again");
  ctx->clock = options.clock ? options.clock : &SystemClock::instance();
  ctx->env = options.env ? options.env : &Env::posix();
  ctx->blob_shredder = options.blob_shredder ? options.blob_shredder : storage::default_blob_shredder(*ctx->env);
  COFFRE_ASSIGN_OR_RETURN(ctx->slots, vault::load_keyslots(*ctx->env, ctx->slots_path()));
  if (!vault::mac_valid(ctx->slots, master))
    return make_error(ErrorKind::Corruption, "key-slot file " + ctx->slots_path().string() +
                                                 " was altered: its integrity code does not match");
  ctx->subject_wrap_key = crypto::derive_subkey(master, crypto::SubkeyId::SubjectKeyWrap);
  ctx->suppression_key = crypto::derive_subkey(master, crypto::SubkeyId::SuppressionHash);
  ctx->pseudonym_key = crypto::derive_subkey(master, crypto::SubkeyId::Pseudonym);
  ctx->anchor_key = crypto::derive_subkey(master, crypto::SubkeyId::AnchorMac);
  {
    SecretBytes seed = crypto::derive_subkey(master, crypto::SubkeyId::AuditSigning);
    ctx->audit_key = crypto::signing_key_from_seed(seed);
  }
  std::error_code ec;
  if (!fs::exists(ctx->db_path(), ec))
    return make_error(ErrorKind::Corruption, "the vault database " + ctx->db_path().string() +
                                                 " is missing (was `coffre init` interrupted?)");
  {
    SecretBytes db_key = crypto::derive_subkey(master, crypto::SubkeyId::Database);
    COFFRE_ASSIGN_OR_RETURN(ctx->db, storage::Database::open(*ctx->env, ctx->db_path(), db_key, false));
  }
  ctx->master_key = std::move(master);
  COFFRE_TRY(check_meta(ctx->db, ctx->slots.vault_id));
  COFFRE_TRY(storage::migrate(ctx->db, ctx->clock->now()));
  ctx->audit = std::make_unique<vault::AuditLog>(ctx->db, ctx->audit_key, *ctx->clock);
  COFFRE_TRY(open_anchor(*ctx, options));
  COFFRE_TRY(open_ledger(*ctx));
  // Opening finishes no erasure: the application layer does (app::Session::open, through
  // finish_interrupted_erasures), so that the vault layer owns no service.
  return std::unique_ptr<Vault>(new Vault(std::move(ctx)));
}

Result<std::unique_ptr<Vault>> Vault::open(const fs::path& dir, const SecretBytes& passphrase, const VaultOptions& options) {
  COFFRE_TRY(initialise_runtime());
  COFFRE_ASSIGN_OR_RETURN(auto slots, vault::load_keyslots(options.env ? *options.env : Env::posix(),
                                                          dir / vault::kKeySlotFileName));
  COFFRE_ASSIGN_OR_RETURN(SecretBytes master, vault::unlock(slots, vault::SlotType::Passphrase, passphrase));
  return open_with_master_key(dir, std::move(master), options);
}

Result<std::unique_ptr<Vault>> Vault::open_with_key(const fs::path& dir, SecretBytes master_key,
                                                    const VaultOptions& options) {
  COFFRE_TRY(initialise_runtime());
  COFFRE_ASSIGN_OR_RETURN(auto slots, vault::load_keyslots(options.env ? *options.env : Env::posix(),
                                                          dir / vault::kKeySlotFileName));
  if (master_key.size() != vault::kMasterKeySize || !vault::mac_valid(slots, master_key))
    return make_error(ErrorKind::AuthFailed, trf("the agent's key does not open the vault {}", {dir.string()}));
  return open_with_master_key(dir, std::move(master_key), options);
}

Result<std::unique_ptr<Vault>> Vault::open_with_recovery_code(const fs::path& dir, const SecretBytes& recovery_code,
                                                              const VaultOptions& options) {
  COFFRE_TRY(initialise_runtime());
  COFFRE_ASSIGN_OR_RETURN(SecretBytes code, vault::parse_recovery_code(recovery_code.view()));
  COFFRE_ASSIGN_OR_RETURN(auto slots, vault::load_keyslots(options.env ? *options.env : Env::posix(),
                                                          dir / vault::kKeySlotFileName));
  COFFRE_ASSIGN_OR_RETURN(SecretBytes master, vault::unlock(slots, vault::SlotType::Recovery, code));
  return open_with_master_key(dir, std::move(master), options);
}

Status Vault::check_recovery_code(const SecretBytes& recovery_code) const {
  COFFRE_ASSIGN_OR_RETURN(SecretBytes code, vault::parse_recovery_code(recovery_code.view()));
  COFFRE_ASSIGN_OR_RETURN(SecretBytes master, vault::unlock(ctx_->slots, vault::SlotType::Recovery, code));
  if (!master.equals(ctx_->master_key))
    return make_error(ErrorKind::AuthFailed, tr("the recovery code opens a different vault"));
  return {};
}

Status Vault::change_passphrase(const SecretBytes& new_passphrase, const KdfSettings& kdf) {
  if (new_passphrase.empty()) return make_error(ErrorKind::InvalidInput, tr("the new passphrase is empty"));
  // DIR/lock is held exclusively while the key-slot file is rewritten.
  util::FileLock lock;
  COFFRE_TRY(lock.acquire(*ctx_->env, ctx_->dir / "lock", util::FileLock::Mode::Exclusive, /*wait=*/false,
                          "the vault " + ctx_->dir.string() + " is busy: another coffre is changing its keys"));
  // A passwd killed part-way may have left its temp file; it holds only wrapped keys, but remove it.
  if (auto names = ctx_->env->list_dir(ctx_->dir); names.ok())
    for (const auto& name : *names)
      if (name.rfind(std::string(".") + vault::kKeySlotFileName + ".tmp-", 0) == 0) (void)ctx_->env->remove(ctx_->dir / name);
  // Re-read under the lock: another process may have changed the file since we opened.
  COFFRE_ASSIGN_OR_RETURN(auto slots, vault::load_keyslots(*ctx_->env, ctx_->slots_path()));
  if (!vault::mac_valid(slots, ctx_->master_key))
    return make_error(ErrorKind::Corruption, "key-slot file " + ctx_->slots_path().string() + " was altered");
  int next_id = 1;
  for (const auto& s : slots.slots) next_id = std::max(next_id, s.id + 1);
  COFFRE_ASSIGN_OR_RETURN(auto fresh, vault::make_slot(slots, next_id, vault::SlotType::Passphrase, new_passphrase, kdf,
                                                       ctx_->master_key));
  std::erase_if(slots.slots, [](const vault::KeySlot& s) { return s.type == vault::SlotType::Passphrase; });
  slots.slots.insert(slots.slots.begin(), std::move(fresh));
  vault::seal_mac(slots, ctx_->master_key);
  COFFRE_TRY(vault::store_keyslots(*ctx_->env, ctx_->slots_path(), slots));
  ctx_->slots = std::move(slots);
  return ctx_->audit->append("vault.passwd", std::nullopt);
}

}  // namespace coffre
