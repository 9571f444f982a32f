#include "util/files.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>
#include <vector>

namespace coffre::util {

std::string errno_message(int err) { return std::strerror(err); }

Result<PrivateOutput> PrivateOutput::create(Env& env, const std::filesystem::path& path, bool overwrite) {
  OpenOptions o;
  o.access = OpenOptions::Access::Write;
  o.create = overwrite ? OpenOptions::Create::Truncate : OpenOptions::Create::Exclusive;
  o.follow_symlinks = false;
  o.mode = 0600;
  auto file = env.open(path, o);
  if (!file.ok()) {
    if (file.error().kind == ErrorKind::Conflict)
      return make_error(ErrorKind::Conflict, path.string() + " already exists; give another name or --force to overwrite it");
    return make_error(file.error().kind == ErrorKind::NotFound ? ErrorKind::NotFound : ErrorKind::IoError,
                      "cannot create " + path.string() + ": " + file.error().message);
  }
  return PrivateOutput(env, std::move(file).value(), path);
}

PrivateOutput::PrivateOutput(PrivateOutput&& other) noexcept
    : env_(other.env_), file_(std::move(other.file_)), path_(std::move(other.path_)), written_(other.written_) {}

PrivateOutput::~PrivateOutput() { discard(); }

Status PrivateOutput::write(std::string_view data) {
  return write(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()));
}

Status PrivateOutput::write(std::span<const std::uint8_t> data) {
  if (!file_) return make_error(ErrorKind::Internal, "write to a closed output " + path_.string());
  // What part of a failed write reached the file is unknown: count it all, so discard() zeros it.
  written_ += data.size();
  return file_->append(data);
}

Status PrivateOutput::write_at(std::uint64_t offset, std::span<const std::uint8_t> data) {
  if (!file_) return make_error(ErrorKind::Internal, "write to a closed output " + path_.string());
  written_ = std::max<std::uint64_t>(written_, offset + data.size());
  return file_->write_at(offset, data);
}

Status PrivateOutput::commit() {
  if (!file_) return make_error(ErrorKind::Internal, "commit of a closed output " + path_.string());
  if (auto s = file_->sync(); !s.ok()) {
    discard();
    return s;
  }
  auto file = std::move(file_);
  return file->close();
}

void PrivateOutput::discard() noexcept {
  if (!file_) return;
  std::vector<std::uint8_t> zeros(static_cast<std::size_t>(std::min<std::uint64_t>(written_, 1 << 20)), 0);
  for (std::uint64_t off = 0; off < written_;) {
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(zeros.size(), written_ - off));
    if (!file_->write_at(off, {zeros.data(), n}).ok()) break;
    off += n;
  }
  (void)file_->sync();
  (void)file_->truncate(0);  // unlinked next anyway
  (void)file_->close();
  file_.reset();
  (void)env_->remove(path_);
}

Status make_private_dir(Env& env, const std::filesystem::path& dir) { return env.make_dir(dir, 0700); }

Status write_file_atomic(Env& env, const std::filesystem::path& path, std::string_view data) {
  return write_file_atomic(env, path,
                           std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(data.data()), data.size()));
}

Status write_file_atomic(Env& env, const std::filesystem::path& path, std::span<const std::uint8_t> data) {
  const auto dir = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
  const auto tmp = dir / ("." + path.filename().string() + ".tmp-" + env.random_hex(8));
  OpenOptions o;
  o.access = OpenOptions::Access::Write;
  o.create = OpenOptions::Create::Exclusive;
  o.follow_symlinks = false;
  o.mode = 0600;
  COFFRE_ASSIGN_OR_RETURN(auto file, env.open(tmp, o));
  auto fail = [&](const Status& s) -> Status {
    (void)file->close();
    (void)env.remove(tmp);
    return s;
  };
  if (auto s = file->append(data); !s.ok()) return fail(s);
  if (auto s = file->sync(); !s.ok()) return fail(s);
  if (auto s = file->close(); !s.ok()) return fail(s);
  if (auto s = env.rename(tmp, path); !s.ok()) {
    (void)env.remove(tmp);
    return make_error(ErrorKind::IoError, "cannot replace " + path.string() + ": " + s.message());
  }
  return env.sync_dir(dir);
}

Result<std::string> read_small_file(Env& env, const std::filesystem::path& path, std::size_t max_size) {
  COFFRE_ASSIGN_OR_RETURN(auto file, env.open(path, OpenOptions{}));
  std::string out;
  std::uint8_t buf[8192];
  for (;;) {
    COFFRE_ASSIGN_OR_RETURN(std::size_t n, file->read(buf));
    if (n == 0) break;
    out.append(reinterpret_cast<const char*>(buf), n);
    if (out.size() > max_size)
      return make_error(ErrorKind::Corruption, path.string() + " is larger than " + std::to_string(max_size) + " bytes");
  }
  return out;
}

Status FileLock::acquire(Env& env, const std::filesystem::path& file, Mode mode, bool wait, const std::string& busy) {
  auto held = env.lock(file, mode, wait);
  if (!held.ok()) {
    if (held.error().kind == ErrorKind::Conflict) return make_error(ErrorKind::Conflict, busy);
    return make_error(ErrorKind::IoError, held.error().message);
  }
  held_ = std::move(held).value();
  return {};
}

}  // namespace coffre::util
