#include "storage/shred.h"

#include <algorithm>
#include <vector>

#include "crypto/crypto.h"

namespace coffre::storage {
namespace {

constexpr std::size_t kShredChunk = 1 << 20;

Status unlink_and_sync(Env& env, const std::filesystem::path& file) {
  if (auto s = env.remove(file); !s.ok() && s.kind() != ErrorKind::NotFound) return s;
  return env.sync_dir(file.parent_path());
}

class EnvBlobShredder final : public BlobShredder {
 public:
  explicit EnvBlobShredder(Env& env) : env_(env) {}
  Status shred(const std::filesystem::path& file) override { return shred_file(env_, file); }

 private:
  Env& env_;
};

}  // namespace

Status shred_file(Env& env, const std::filesystem::path& file) {
  auto seen = env.stat(file, /*follow_symlinks=*/false);
  if (!seen.ok()) return seen.error().kind == ErrorKind::NotFound ? Status{} : Status{seen.error()};
  if (seen->type == FileType::Symlink) return unlink_and_sync(env, file);  // the link only
  OpenOptions o;
  o.access = OpenOptions::Access::Write;
  o.follow_symlinks = false;  // a link swapped in since the stat is refused, not followed
  auto opened = env.open(file, o);
  if (!opened.ok()) {
    if (opened.error().kind == ErrorKind::NotFound) return {};
    return make_error(ErrorKind::IoError, "cannot open " + file.string() + " to shred it: " + opened.error().message);
  }
  auto& out = **opened;
  COFFRE_ASSIGN_OR_RETURN(FileInfo info, out.info());
  if (info.type == FileType::Regular && info.links == 1 && info.size > 0) {
    crypto::Keystream keystream;
    std::vector<std::uint8_t> buf(kShredChunk);
    for (std::uint64_t off = 0; off < info.size;) {
      const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(kShredChunk, info.size - off));
      keystream.fill({buf.data(), n});
      COFFRE_TRY(out.write_at(off, {buf.data(), n}));
      off += n;
    }
    COFFRE_TRY(out.sync());
  }
  COFFRE_TRY(out.close());
  return unlink_and_sync(env, file);
}

std::shared_ptr<BlobShredder> default_blob_shredder(Env& env) { return std::make_shared<EnvBlobShredder>(env); }

}  // namespace coffre::storage
