#include "storage/env_vfs.h"

#define SQLITE_HAS_CODEC 1
#include <sqlite3.h>

#include <atomic>
#include <cstring>

namespace coffre::storage {
namespace {

// What the shim adds in front of the real VFS's file object, which follows it in the same block.
struct ShimFile {
  sqlite3_file base;
  EnvVfs* owner;
  const char* name;  // valid until xClose (SQLite's guarantee); null for temporary files
  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};
static_assert(sizeof(ShimFile) % 8 == 0, "the real file object must stay 8-byte aligned");

ShimFile* shim(sqlite3_file* f) { return reinterpret_cast<ShimFile*>(f); }
EnvVfs* owner(sqlite3_vfs* vfs) { return static_cast<EnvVfs*>(vfs->pAppData); }

bool allowed(ShimFile* f, DatabaseIo op, std::uint64_t bytes) {
  return f->owner->env().allow_database_io(op, f->name ? f->name : "(temporary database file)", bytes).ok();
}

int x_close(sqlite3_file* f) {
  sqlite3_file* real = shim(f)->real();
  return real->pMethods ? real->pMethods->xClose(real) : SQLITE_OK;
}
int x_read(sqlite3_file* f, void* buf, int n, sqlite3_int64 off) {
  return shim(f)->real()->pMethods->xRead(shim(f)->real(), buf, n, off);
}
int x_write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
  sqlite3_file* real = shim(f)->real();
  sqlite3_int64 size = 0;
  if (real->pMethods->xFileSize(real, &size) != SQLITE_OK) size = 0;
  const sqlite3_int64 end = off + n;
  if (!allowed(shim(f), DatabaseIo::Write, end > size ? static_cast<std::uint64_t>(end - size) : 0))
    return SQLITE_IOERR_WRITE;
  return real->pMethods->xWrite(real, buf, n, off);
}
int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
  if (!allowed(shim(f), DatabaseIo::Truncate, 0)) return SQLITE_IOERR_TRUNCATE;
  return shim(f)->real()->pMethods->xTruncate(shim(f)->real(), size);
}
int x_sync(sqlite3_file* f, int flags) {
  if (!allowed(shim(f), DatabaseIo::Sync, 0)) return SQLITE_IOERR_FSYNC;
  return shim(f)->real()->pMethods->xSync(shim(f)->real(), flags);
}
int x_file_size(sqlite3_file* f, sqlite3_int64* size) {
  return shim(f)->real()->pMethods->xFileSize(shim(f)->real(), size);
}
int x_lock(sqlite3_file* f, int level) { return shim(f)->real()->pMethods->xLock(shim(f)->real(), level); }
int x_unlock(sqlite3_file* f, int level) { return shim(f)->real()->pMethods->xUnlock(shim(f)->real(), level); }
int x_check_reserved_lock(sqlite3_file* f, int* out) {
  return shim(f)->real()->pMethods->xCheckReservedLock(shim(f)->real(), out);
}
int x_file_control(sqlite3_file* f, int op, void* arg) {
  return shim(f)->real()->pMethods->xFileControl(shim(f)->real(), op, arg);
}
int x_sector_size(sqlite3_file* f) { return shim(f)->real()->pMethods->xSectorSize(shim(f)->real()); }
int x_device_characteristics(sqlite3_file* f) {
  return shim(f)->real()->pMethods->xDeviceCharacteristics(shim(f)->real());
}
// Shared memory (the WAL index) is not intercepted: SQLite rebuilds it after a crash.
int x_shm_map(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
  sqlite3_file* real = shim(f)->real();
  if (real->pMethods->iVersion < 2) return SQLITE_IOERR_SHMMAP;
  return real->pMethods->xShmMap(real, page, size, extend, out);
}
int x_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  sqlite3_file* real = shim(f)->real();
  if (real->pMethods->iVersion < 2) return SQLITE_IOERR_SHMLOCK;
  return real->pMethods->xShmLock(real, offset, n, flags);
}
void x_shm_barrier(sqlite3_file* f) {
  sqlite3_file* real = shim(f)->real();
  if (real->pMethods->iVersion >= 2) real->pMethods->xShmBarrier(real);
}
int x_shm_unmap(sqlite3_file* f, int remove) {
  sqlite3_file* real = shim(f)->real();
  if (real->pMethods->iVersion < 2) return SQLITE_OK;
  return real->pMethods->xShmUnmap(real, remove);
}
int x_fetch(sqlite3_file* f, sqlite3_int64 off, int n, void** out) {
  sqlite3_file* real = shim(f)->real();
  *out = nullptr;  // memory-mapped reads are off unless the real VFS offers them
  if (real->pMethods->iVersion < 3) return SQLITE_OK;
  return real->pMethods->xFetch(real, off, n, out);
}
int x_unfetch(sqlite3_file* f, sqlite3_int64 off, void* p) {
  sqlite3_file* real = shim(f)->real();
  if (real->pMethods->iVersion < 3) return SQLITE_OK;
  return real->pMethods->xUnfetch(real, off, p);
}

constexpr sqlite3_io_methods kMethods = {
    3,           x_close,     x_read,      x_write,        x_truncate,           x_sync,
    x_file_size, x_lock,      x_unlock,    x_check_reserved_lock, x_file_control, x_sector_size,
    x_device_characteristics, x_shm_map,   x_shm_lock,     x_shm_barrier,        x_shm_unmap,
    x_fetch,     x_unfetch,
};

int x_open(sqlite3_vfs* vfs, const char* name, sqlite3_file* f, int flags, int* out_flags) {
  ShimFile* s = shim(f);
  s->base.pMethods = nullptr;
  s->owner = owner(vfs);
  s->name = name;
  sqlite3_vfs* real = s->owner->real();
  const int rc = real->xOpen(real, name, s->real(), flags, out_flags);
  // SQLite calls xClose whenever pMethods is set, even after a failed open: mirror the real file.
  if (s->real()->pMethods) s->base.pMethods = &kMethods;
  return rc;
}
int x_delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  if (!owner(vfs)->env().allow_database_io(DatabaseIo::Delete, name, 0).ok()) return SQLITE_IOERR_DELETE;
  return owner(vfs)->real()->xDelete(owner(vfs)->real(), name, sync_dir);
}
int x_access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return owner(vfs)->real()->xAccess(owner(vfs)->real(), name, flags, out);
}
int x_full_pathname(sqlite3_vfs* vfs, const char* name, int n, char* out) {
  return owner(vfs)->real()->xFullPathname(owner(vfs)->real(), name, n, out);
}
void* x_dl_open(sqlite3_vfs* vfs, const char* name) { return owner(vfs)->real()->xDlOpen(owner(vfs)->real(), name); }
void x_dl_error(sqlite3_vfs* vfs, int n, char* out) { owner(vfs)->real()->xDlError(owner(vfs)->real(), n, out); }
void (*x_dl_sym(sqlite3_vfs* vfs, void* h, const char* sym))(void) {
  return owner(vfs)->real()->xDlSym(owner(vfs)->real(), h, sym);
}
void x_dl_close(sqlite3_vfs* vfs, void* h) { owner(vfs)->real()->xDlClose(owner(vfs)->real(), h); }
int x_randomness(sqlite3_vfs* vfs, int n, char* out) { return owner(vfs)->real()->xRandomness(owner(vfs)->real(), n, out); }
int x_sleep(sqlite3_vfs* vfs, int us) { return owner(vfs)->real()->xSleep(owner(vfs)->real(), us); }
int x_current_time(sqlite3_vfs* vfs, double* out) { return owner(vfs)->real()->xCurrentTime(owner(vfs)->real(), out); }
int x_get_last_error(sqlite3_vfs* vfs, int n, char* out) {
  return owner(vfs)->real()->xGetLastError(owner(vfs)->real(), n, out);
}
int x_current_time_int64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  return owner(vfs)->real()->xCurrentTimeInt64(owner(vfs)->real(), out);
}

}  // namespace

EnvVfs::EnvVfs(Env& env, sqlite3_vfs* real) : env_(env), real_(real) {
  static std::atomic<std::uint64_t> next{0};
  name_ = "coffre-env-" + std::to_string(++next);
  vfs_ = std::make_unique<sqlite3_vfs>();
  std::memset(vfs_.get(), 0, sizeof(sqlite3_vfs));
  // Version 2 (xCurrentTimeInt64) is what the unix VFS offers beyond version 1 that SQLite uses;
  // the system-call overrides of version 3 are only for SQLite's own tests.
  vfs_->iVersion = 2;
  vfs_->szOsFile = static_cast<int>(sizeof(ShimFile)) + real->szOsFile;
  vfs_->mxPathname = real->mxPathname;
  vfs_->zName = name_.c_str();
  vfs_->pAppData = this;
  vfs_->xOpen = x_open;
  vfs_->xDelete = x_delete;
  vfs_->xAccess = x_access;
  vfs_->xFullPathname = x_full_pathname;
  vfs_->xDlOpen = x_dl_open;
  vfs_->xDlError = x_dl_error;
  vfs_->xDlSym = x_dl_sym;
  vfs_->xDlClose = x_dl_close;
  vfs_->xRandomness = x_randomness;
  vfs_->xSleep = x_sleep;
  vfs_->xCurrentTime = x_current_time;
  vfs_->xGetLastError = x_get_last_error;
  vfs_->xCurrentTimeInt64 = x_current_time_int64;
}

Result<std::unique_ptr<EnvVfs>> EnvVfs::create(Env& env) {
  sqlite3_vfs* real = sqlite3_vfs_find(nullptr);
  if (!real || real->iVersion < 2) return make_error(ErrorKind::Internal, "SQLite has no usable default VFS");
  std::unique_ptr<EnvVfs> vfs(new EnvVfs(env, real));
  if (sqlite3_vfs_register(vfs->vfs_.get(), 0) != SQLITE_OK)
    return make_error(ErrorKind::Internal, "cannot register the database file layer " + vfs->name_);
  return vfs;
}

EnvVfs::~EnvVfs() { sqlite3_vfs_unregister(vfs_.get()); }

}  // namespace coffre::storage
