#include "fakes/fault_env.h"

#include <algorithm>

namespace coffre::test {
namespace {

// A file opened through the FaultEnv: every call asks it first.
class FaultFile final : public File {
 public:
  FaultFile(FaultEnv& env, std::unique_ptr<File> base, std::uint64_t size)
      : env_(env), base_(std::move(base)), size_(size) {}
  Result<std::size_t> read(std::span<std::uint8_t> buf) override {
    COFFRE_TRY(env_.alive(path()));
    return base_->read(buf);
  }
  Status append(std::span<const std::uint8_t> data) override {
    COFFRE_TRY(env_.step(FaultEnv::Op::Write, path(), data.size()));
    size_ += data.size();  // appends in this code base are sequential from the start
    return base_->append(data);
  }
  Status write_at(std::uint64_t offset, std::span<const std::uint8_t> data) override {
    const std::uint64_t end = offset + data.size();
    COFFRE_TRY(env_.step(FaultEnv::Op::Write, path(), end > size_ ? end - size_ : 0));
    size_ = std::max(size_, end);
    return base_->write_at(offset, data);
  }
  Status sync() override {
    COFFRE_TRY(env_.step(FaultEnv::Op::Sync, path()));
    return base_->sync();
  }
  Status truncate(std::uint64_t size) override {
    COFFRE_TRY(env_.step(FaultEnv::Op::Truncate, path()));
    if (size < size_) env_.give_back(size_ - size);
    size_ = size;
    return base_->truncate(size);
  }
  Result<FileInfo> info() override {
    COFFRE_TRY(env_.alive(path()));
    return base_->info();
  }
  Status close() override {
    Status s = base_->close();  // a dead process's files are closed by the kernel all the same
    COFFRE_TRY(env_.alive(path()));
    return s;
  }
  const std::filesystem::path& path() const override { return base_->path(); }

 private:
  FaultEnv& env_;
  std::unique_ptr<File> base_;
  std::uint64_t size_;
};

Error io_error(const std::string& what, const std::filesystem::path& path) {
  return make_error(ErrorKind::IoError, what + " " + path.string());
}

}  // namespace

std::string describe_step(const std::vector<FaultEnv::Step>& steps, std::size_t k) {
  const auto& s = steps[k - 1];
  return "crash at step " + std::to_string(k) + " of " + std::to_string(steps.size()) + ": " +
         (s.database ? "database " : "") + to_string(s.op) + " " + s.path.filename().string();
}

const char* to_string(FaultEnv::Op op) {
  switch (op) {
    case FaultEnv::Op::Create: return "create";
    case FaultEnv::Op::Write: return "write";
    case FaultEnv::Op::Sync: return "sync";
    case FaultEnv::Op::Truncate: return "truncate";
    case FaultEnv::Op::Rename: return "rename";
    case FaultEnv::Op::Remove: return "remove";
    case FaultEnv::Op::MakeDir: return "mkdir";
    case FaultEnv::Op::SyncDir: return "sync-dir";
  }
  return "?";
}

void FaultEnv::reset_steps() {
  std::lock_guard l(mutex_);
  log_.clear();
}

std::vector<FaultEnv::Step> FaultEnv::steps() const {
  std::lock_guard l(mutex_);
  return log_;
}

std::uint64_t FaultEnv::step_count() const {
  std::lock_guard l(mutex_);
  return log_.size();
}

void FaultEnv::crash_at_step(std::uint64_t n) {
  std::lock_guard l(mutex_);
  log_.clear();
  crash_at_ = n;
}

bool FaultEnv::crashed() const {
  std::lock_guard l(mutex_);
  return crashed_;
}

void FaultEnv::fail_nth(Op op, std::uint64_t n, bool and_after) {
  std::lock_guard l(mutex_);
  faults_[op] = Fault{n, and_after};
}

void FaultEnv::set_free_bytes(std::uint64_t bytes) {
  std::lock_guard l(mutex_);
  free_ = bytes;
}

void FaultEnv::give_back(std::uint64_t bytes) {
  std::lock_guard l(mutex_);
  if (free_) *free_ += bytes;
}

Status FaultEnv::alive(const std::filesystem::path& path) const {
  std::lock_guard l(mutex_);
  if (crashed_) return io_error("(crashed) no I/O after the crash:", path);
  return {};
}

Status FaultEnv::step(Op op, const std::filesystem::path& path, std::uint64_t grow, bool database) {
  std::lock_guard l(mutex_);
  if (crashed_) return io_error("(crashed) no I/O after the crash:", path);
  log_.push_back({op, path, database});
  if (crash_at_ && log_.size() >= *crash_at_) {
    crashed_ = true;
    return io_error("(crashed) the process died before this " + std::string(to_string(op)) + " of", path);
  }
  if (auto it = faults_.find(op); it != faults_.end()) {
    auto& f = it->second;
    ++f.seen;
    if (f.seen == f.nth || (f.and_after && f.seen > f.nth))
      return io_error(std::string("injected failure of this ") + to_string(op) + ":", path);
  }
  if (free_ && grow > 0) {
    if (grow > *free_) return io_error("No space left on device: cannot write", path);
    *free_ -= grow;
  }
  return {};
}

Result<std::unique_ptr<File>> FaultEnv::open(const std::filesystem::path& path, const OpenOptions& options) {
  const bool creates = options.create != OpenOptions::Create::No;
  std::uint64_t old_size = 0;
  if (creates) {
    auto before = base_.stat(path, options.follow_symlinks);
    if (before.ok()) old_size = before->size;
    COFFRE_TRY(step(Op::Create, path));
  } else {
    COFFRE_TRY(alive(path));
  }
  COFFRE_ASSIGN_OR_RETURN(auto file, base_.open(path, options));
  std::uint64_t size = old_size;
  if (options.create == OpenOptions::Create::Truncate) {
    give_back(old_size);
    size = 0;
  } else if (auto i = file->info(); i.ok()) {
    size = i->size;
  }
  return std::unique_ptr<File>(std::make_unique<FaultFile>(*this, std::move(file), size));
}

Status FaultEnv::rename(const std::filesystem::path& from, const std::filesystem::path& to) {
  COFFRE_TRY(step(Op::Rename, to));
  if (auto replaced = base_.stat(to, false); replaced.ok()) give_back(replaced->size);
  return base_.rename(from, to);
}

Status FaultEnv::remove(const std::filesystem::path& path) {
  COFFRE_TRY(step(Op::Remove, path));
  auto gone = base_.stat(path, false);
  Status s = base_.remove(path);
  if (s.ok() && gone.ok() && gone->links <= 1) give_back(gone->size);
  return s;
}

Status FaultEnv::sync_dir(const std::filesystem::path& dir) {
  COFFRE_TRY(step(Op::SyncDir, dir));
  return base_.sync_dir(dir);
}

Status FaultEnv::make_dir(const std::filesystem::path& dir, std::uint32_t mode) {
  COFFRE_TRY(step(Op::MakeDir, dir));
  return base_.make_dir(dir, mode);
}

Result<std::vector<std::string>> FaultEnv::list_dir(const std::filesystem::path& dir) {
  COFFRE_TRY(alive(dir));
  return base_.list_dir(dir);
}

Result<FileInfo> FaultEnv::stat(const std::filesystem::path& path, bool follow_symlinks) {
  COFFRE_TRY(alive(path));
  return base_.stat(path, follow_symlinks);
}

Result<std::unique_ptr<FileLockHandle>> FaultEnv::lock(const std::filesystem::path& file, LockMode mode, bool wait) {
  COFFRE_TRY(alive(file));
  return base_.lock(file, mode, wait);
}

Result<std::uint64_t> FaultEnv::free_space(const std::filesystem::path& path) {
  COFFRE_TRY(alive(path));
  {
    std::lock_guard l(mutex_);
    if (free_) return *free_;
  }
  return base_.free_space(path);
}

Status FaultEnv::allow_database_io(DatabaseIo op, const std::filesystem::path& file, std::uint64_t bytes) {
  switch (op) {
    case DatabaseIo::Write: return step(Op::Write, file, bytes, true);
    case DatabaseIo::Sync: return step(Op::Sync, file, 0, true);
    case DatabaseIo::Truncate: return step(Op::Truncate, file, 0, true);
    case DatabaseIo::Delete: {
      COFFRE_TRY(step(Op::Remove, file, 0, true));
      if (auto gone = base_.stat(file, false); gone.ok()) give_back(gone->size);
      return {};
    }
  }
  return {};
}

}  // namespace coffre::test
