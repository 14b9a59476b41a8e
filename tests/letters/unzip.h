#pragma once
// Reads every entry of a ZIP archive back with libzip (checking its consistency), as an unzip
// tool would.

#include <zip.h>

#include <map>
#include <string>

namespace cancela::testing {

// Entry name → content; empty when the archive is unreadable.
inline std::map<std::string, std::string> Unzip(const std::string& archive) {
  std::map<std::string, std::string> out;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(archive.data(), archive.size(), 0, &error);
  zip_t* zip = source ? zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error) : nullptr;
  zip_error_fini(&error);
  if (zip == nullptr) {
    if (source) zip_source_free(source);
    return out;
  }
  for (zip_int64_t i = 0; i < zip_get_num_entries(zip, 0); ++i) {
    const auto index = static_cast<zip_uint64_t>(i);
    zip_stat_t stat;
    zip_stat_index(zip, index, 0, &stat);
    std::string content(static_cast<size_t>(stat.size), '\0');
    zip_file_t* file = zip_fopen_index(zip, index, 0);
    zip_fread(file, content.data(), stat.size);
    zip_fclose(file);
    out[stat.name] = content;
  }
  zip_close(zip);
  return out;
}

}  // namespace cancela::testing
