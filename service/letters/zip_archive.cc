#include "service/letters/zip_archive.h"

#include <zip.h>

#include "absl/strings/str_cat.h"

namespace cancela::letters {
namespace {

absl::Status ZipError(const char* what, zip_error_t* error) {
  absl::Status status =
      absl::InternalError(absl::StrCat("building the ZIP: ", what, ": ", zip_error_strerror(error)));
  zip_error_fini(error);
  return status;
}

}  // namespace

absl::StatusOr<std::string> BuildZip(const std::vector<ZipEntry>& entries) {
  // libzip writes nothing at all for an archive without entries; a valid empty ZIP is just its
  // end-of-central-directory record.
  if (entries.empty()) return std::string("PK\x05\x06", 4) + std::string(18, '\0');
  zip_error_t error;
  zip_error_init(&error);
  // The archive is written into this growing buffer; kept so that it outlives zip_close.
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) return ZipError("buffer", &error);
  zip_source_keep(buffer);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    zip_source_free(buffer);
    return ZipError("open", &error);
  }
  for (const ZipEntry& entry : entries) {
    // libzip reads the bytes at zip_close; `entries` outlives it.
    zip_source_t* source = zip_source_buffer(archive, entry.content.data(), entry.content.size(), 0);
    if (source == nullptr) {
      zip_discard(archive);
      zip_source_free(buffer);
      return absl::InternalError("building the ZIP: cannot add an entry");
    }
    const zip_int64_t index =
        zip_file_add(archive, entry.name.c_str(), source, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (index < 0) {
      zip_source_free(source);
      zip_discard(archive);
      zip_source_free(buffer);
      return absl::InternalError(absl::StrCat("building the ZIP: cannot add ", entry.name));
    }
    zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0);
    zip_file_set_mtime(archive, static_cast<zip_uint64_t>(index),
                       static_cast<time_t>(absl::ToUnixSeconds(entry.modified)), 0);
  }
  if (zip_close(archive) != 0) {
    zip_error_t* close_error = zip_get_error(archive);
    absl::Status status = absl::InternalError(
        absl::StrCat("building the ZIP: close: ", zip_error_strerror(close_error)));
    zip_discard(archive);
    zip_source_free(buffer);
    return status;
  }
  std::string out;
  if (zip_source_open(buffer) != 0) {
    zip_source_free(buffer);
    return absl::InternalError("building the ZIP: cannot read it back");
  }
  char chunk[64 * 1024];
  zip_int64_t n = 0;
  while ((n = zip_source_read(buffer, chunk, sizeof chunk)) > 0) {
    out.append(chunk, static_cast<size_t>(n));
  }
  zip_source_close(buffer);
  zip_source_free(buffer);
  if (n < 0) return absl::InternalError("building the ZIP: reading it back failed");
  return out;
}

}  // namespace cancela::letters
