// The access pack's zip over libzip (Debian 12: 1.7.3, AES through its crypto backend). libzip's
// own file writer writes "<name>.XXXXXX" next to the destination and renames it at the end; the
// pack does not use it: the archive is opened on a source of ours that writes into the
// destination itself (a util::PrivateOutput, 0600, zeroed and removed on failure), so there is no
// temp file of any kind. Documents are decrypted when libzip asks for their bytes, one at a time,
// and wiped from memory when it closes them.
#include <zip.h>

#include <cstring>

#include "app/pack_internal.h"
#include "coffre/i18n.h"

namespace coffre::app::pack_detail {
namespace {

// The archive's own source: an empty archive to start from, written straight into `out`.
struct OutputSource {
  util::PrivateOutput* out = nullptr;
  std::uint64_t pos = 0, end = 0;
  zip_error_t error{};
  Status status;
};

zip_int64_t output_callback(void* userdata, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
  auto* s = static_cast<OutputSource*>(userdata);
  switch (cmd) {
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                            ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, ZIP_SOURCE_SEEK, ZIP_SOURCE_TELL,
                                            ZIP_SOURCE_SUPPORTS, ZIP_SOURCE_BEGIN_WRITE, ZIP_SOURCE_COMMIT_WRITE,
                                            ZIP_SOURCE_ROLLBACK_WRITE, ZIP_SOURCE_WRITE, ZIP_SOURCE_SEEK_WRITE,
                                            ZIP_SOURCE_TELL_WRITE, ZIP_SOURCE_REMOVE, -1);
    case ZIP_SOURCE_STAT: {
      // An archive that exists and is empty: ZIP_TRUNCATE starts a new one without reading it.
      auto* st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len, &s->error);
      if (!st) return -1;
      zip_stat_init(st);
      st->size = 0;
      st->valid |= ZIP_STAT_SIZE;
      return sizeof(*st);
    }
    case ZIP_SOURCE_OPEN:
    case ZIP_SOURCE_CLOSE:
    case ZIP_SOURCE_FREE:
    case ZIP_SOURCE_COMMIT_WRITE:
    case ZIP_SOURCE_ROLLBACK_WRITE:
    case ZIP_SOURCE_REMOVE: return 0;
    case ZIP_SOURCE_READ: return 0;
    case ZIP_SOURCE_SEEK: return 0;
    case ZIP_SOURCE_TELL: return 0;
    case ZIP_SOURCE_BEGIN_WRITE:
      s->pos = 0;
      return 0;
    case ZIP_SOURCE_WRITE: {
      Status st = s->out->write_at(s->pos, {static_cast<const std::uint8_t*>(data), static_cast<std::size_t>(len)});
      if (!st.ok()) {
        s->status = st;
        zip_error_set(&s->error, ZIP_ER_WRITE, EIO);
        return -1;
      }
      s->pos += len;
      s->end = std::max(s->end, s->pos);
      return static_cast<zip_int64_t>(len);
    }
    case ZIP_SOURCE_SEEK_WRITE: {
      auto* args = ZIP_SOURCE_GET_ARGS(zip_source_args_seek_t, data, len, &s->error);
      if (!args) return -1;
      zip_int64_t base = args->whence == SEEK_SET ? 0 : args->whence == SEEK_CUR ? static_cast<zip_int64_t>(s->pos)
                                                                                  : static_cast<zip_int64_t>(s->end);
      const zip_int64_t to = base + args->offset;
      if (to < 0) {
        zip_error_set(&s->error, ZIP_ER_INVAL, 0);
        return -1;
      }
      s->pos = static_cast<std::uint64_t>(to);
      return 0;
    }
    case ZIP_SOURCE_TELL_WRITE: return static_cast<zip_int64_t>(s->pos);
    case ZIP_SOURCE_ERROR: return zip_error_to_data(&s->error, data, len);
    default: zip_error_set(&s->error, ZIP_ER_OPNOTSUPP, 0); return -1;
  }
}

// One document: decrypted into memory when libzip opens it, wiped when it closes it.
struct DocumentSource {
  Id id = 0;
  std::uint64_t size = 0;
  std::int64_t mtime = 0;
  const std::function<Status(Id, const std::function<Status(std::string_view)>&)>* read = nullptr;
  std::string bytes;
  std::size_t offset = 0;
  zip_error_t error{};
  Status* failure = nullptr;

  void wipe() {
    volatile char* p = bytes.data();
    for (std::size_t i = 0; i < bytes.size(); ++i) p[i] = 0;
    bytes.clear();
    bytes.shrink_to_fit();
  }
};

zip_int64_t document_callback(void* userdata, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
  auto* d = static_cast<DocumentSource*>(userdata);
  switch (cmd) {
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                            ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, ZIP_SOURCE_SUPPORTS, -1);
    case ZIP_SOURCE_OPEN: {
      d->wipe();
      d->bytes.reserve(d->size);
      d->offset = 0;
      Status st = (*d->read)(d->id, [&](std::string_view b) {
        d->bytes.append(b);
        return Status{};
      });
      if (!st.ok()) {
        if (d->failure && d->failure->ok()) *d->failure = st;
        d->wipe();
        zip_error_set(&d->error, ZIP_ER_READ, EIO);
        return -1;
      }
      return 0;
    }
    case ZIP_SOURCE_READ: {
      const std::size_t n = std::min<std::size_t>(len, d->bytes.size() - d->offset);
      std::memcpy(data, d->bytes.data() + d->offset, n);
      d->offset += n;
      return static_cast<zip_int64_t>(n);
    }
    case ZIP_SOURCE_CLOSE: d->wipe(); return 0;
    case ZIP_SOURCE_STAT: {
      auto* st = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, len, &d->error);
      if (!st) return -1;
      zip_stat_init(st);
      st->size = d->size;
      st->mtime = static_cast<time_t>(d->mtime);
      st->valid |= ZIP_STAT_SIZE | ZIP_STAT_MTIME;
      return sizeof(*st);
    }
    case ZIP_SOURCE_ERROR: return zip_error_to_data(&d->error, data, len);
    case ZIP_SOURCE_FREE: d->wipe(); return 0;
    default: zip_error_set(&d->error, ZIP_ER_OPNOTSUPP, 0); return -1;
  }
}

void progress_callback(zip_t*, double done, void* ud) {
  static_cast<Progress*>(ud)->advance(static_cast<std::uint64_t>(done * 1000));
}

Status zip_failure(const char* what, zip_error_t* e) {
  return make_error(ErrorKind::IoError, std::string("writing the pack: ") + what + ": " + zip_error_strerror(e));
}

}  // namespace

Status write_zip(util::PrivateOutput& out, const std::vector<PackFile>& files, const SecretBytes* password,
                 std::int64_t mtime,
                 const std::function<Status(Id, const std::function<Status(std::string_view)>&)>& read_document,
                 Progress& progress) {
  if (password && !zip_encryption_method_supported(ZIP_EM_AES_256, 1))
    return make_error(ErrorKind::Internal, "this libzip cannot encrypt with AES-256: the pack cannot be protected");
  OutputSource target;
  target.out = &out;
  zip_error_init(&target.error);
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* src = zip_source_function_create(output_callback, &target, &error);
  if (!src) return zip_failure("libzip source", &error);
  zip_t* za = zip_open_from_source(src, ZIP_CREATE | ZIP_TRUNCATE, &error);
  if (!za) {
    zip_source_free(src);
    return zip_failure("opening the archive", &error);
  }
  // The password as a C string in locked memory; libzip copies it for each entry (into ordinary
  // memory it frees, not wipes: docs/security.md says so).
  std::string pw;
  Status failure;
  std::vector<std::unique_ptr<DocumentSource>> docs;
  auto abandon = [&](Status s) {
    zip_discard(za);
    return s;
  };
  for (const auto& f : files) {
    zip_source_t* s = nullptr;
    if (f.document) {
      auto d = std::make_unique<DocumentSource>();
      d->id = *f.document;
      d->size = f.size;
      d->mtime = mtime;
      d->read = &read_document;
      d->failure = &failure;
      zip_error_init(&d->error);
      s = zip_source_function(za, document_callback, d.get());
      docs.push_back(std::move(d));
    } else {
      s = zip_source_buffer(za, f.bytes.data(), f.bytes.size(), 0);
    }
    if (!s) return abandon(zip_failure("adding a file", zip_get_error(za)));
    const zip_int64_t idx = zip_file_add(za, f.path.c_str(), s, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
      zip_source_free(s);
      return abandon(zip_failure(f.path.c_str(), zip_get_error(za)));
    }
    const auto i = static_cast<zip_uint64_t>(idx);
    if (zip_file_set_mtime(za, i, static_cast<time_t>(mtime), 0) < 0 ||
        zip_set_file_compression(za, i, f.compress ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0) < 0)
      return abandon(zip_failure(f.path.c_str(), zip_get_error(za)));
    if (password) {
      std::string_view p(reinterpret_cast<const char*>(password->data()), password->size());
      std::string z(p);
      const int rc = zip_file_set_encryption(za, i, ZIP_EM_AES_256, z.c_str());
      std::fill(z.begin(), z.end(), '\0');
      if (rc < 0) return abandon(zip_failure(f.path.c_str(), zip_get_error(za)));
    }
  }
  progress.start(tr("Writing the access pack"), 1000);
  zip_register_progress_callback_with_state(za, 0.01, progress_callback, nullptr, &progress);
  if (zip_close(za) < 0) {
    Status s = !failure.ok() ? failure : !target.status.ok() ? target.status : zip_failure("closing", zip_get_error(za));
    zip_discard(za);
    progress.finish();
    return s;
  }
  progress.finish();
  return {};
}

Status read_zip(const std::filesystem::path& path, const SecretBytes* password, const ZipEntryReader& reader) {
  int code = 0;
  zip_t* za = zip_open(path.c_str(), ZIP_RDONLY | ZIP_CHECKCONS, &code);
  if (!za) {
    zip_error_t e;
    zip_error_init_with_code(&e, code);
    Status s = make_error(code == ZIP_ER_NOENT ? ErrorKind::NotFound : ErrorKind::Corruption,
                          trf("{0}: not a readable zip ({1})", {path.string(), zip_error_strerror(&e)}));
    zip_error_fini(&e);
    return s;
  }
  struct Closer {
    zip_t* za;
    ~Closer() { zip_discard(za); }
  } closer{za};
  if (password) {
    std::string z(reinterpret_cast<const char*>(password->data()), password->size());
    zip_set_default_password(za, z.c_str());
    std::fill(z.begin(), z.end(), '\0');
  }
  const zip_int64_t n = zip_get_num_entries(za, 0);
  std::vector<char> buf(64 * 1024);
  for (zip_int64_t i = 0; i < n; ++i) {
    const char* name = zip_get_name(za, static_cast<zip_uint64_t>(i), ZIP_FL_ENC_GUESS);
    if (!name) return make_error(ErrorKind::Corruption, trf("{0}: entry {1} has no name", {path.string(), std::to_string(i)}));
    zip_file_t* f = zip_fopen_index(za, static_cast<zip_uint64_t>(i), 0);
    if (!f) {
      zip_error_t* e = zip_get_error(za);
      const int ze = zip_error_code_zip(e);
      if (ze == ZIP_ER_NOPASSWD)
        return make_error(ErrorKind::AuthFailed, trf("{} is encrypted: give its password (--password-file)", {path.string()}));
      if (ze == ZIP_ER_WRONGPASSWD) return make_error(ErrorKind::AuthFailed, trf("{}: wrong password", {path.string()}));
      return make_error(ErrorKind::Corruption, path.string() + ": " + name + ": " + zip_error_strerror(e));
    }
    reader.begin(name);
    for (;;) {
      const zip_int64_t got = zip_fread(f, buf.data(), buf.size());
      if (got < 0) {
        std::string why = zip_error_strerror(zip_file_get_error(f));
        zip_fclose(f);
        return make_error(ErrorKind::Corruption, path.string() + ": " + name + ": " + why);
      }
      if (got == 0) break;
      reader.data(std::string_view(buf.data(), static_cast<std::size_t>(got)));
    }
    if (zip_fclose(f) != 0)
      return make_error(ErrorKind::Corruption, trf("{0}: {1}: damaged (checksum)", {path.string(), name}));
    reader.end();
  }
  return {};
}

}  // namespace coffre::app::pack_detail
