#include "service/letters/zip_archive.h"

#include <zip.h>

#include <map>

#include "gtest/gtest.h"

namespace cancela::letters {
namespace {

// Reads every entry back with libzip, as an unzip tool would.
std::map<std::string, std::string> Unzip(const std::string& archive) {
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

TEST(ZipArchiveTest, HoldsEveryEntryByteForByte) {
  std::string binary(70000, '\0');
  for (size_t i = 0; i < binary.size(); ++i) binary[i] = static_cast<char>(i * 31 % 251);
  auto zip = BuildZip({{"carta-de-cancelamento-op_1.pdf", "%PDF-one", absl::FromUnixSeconds(1795197600)},
                       {"carta-de-cancelamento-op_2.pdf", binary, absl::FromUnixSeconds(1795197600)}});
  ASSERT_TRUE(zip.ok()) << zip.status();
  EXPECT_EQ(zip->substr(0, 2), "PK");
  const auto entries = Unzip(*zip);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries.at("carta-de-cancelamento-op_1.pdf"), "%PDF-one");
  EXPECT_EQ(entries.at("carta-de-cancelamento-op_2.pdf"), binary);
}

TEST(ZipArchiveTest, AnEmptyBatchIsAValidEmptyArchive) {
  auto zip = BuildZip({});
  ASSERT_TRUE(zip.ok()) << zip.status();
  EXPECT_TRUE(Unzip(*zip).empty());
}

}  // namespace
}  // namespace cancela::letters
