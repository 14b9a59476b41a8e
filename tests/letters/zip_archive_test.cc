#include "service/letters/zip_archive.h"

#include "gtest/gtest.h"
#include "tests/letters/unzip.h"

namespace cancela::letters {
namespace {

using cancela::testing::Unzip;

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
  // Only the end-of-central-directory record: signature, then zero entries and sizes.
  EXPECT_EQ(*zip, std::string("PK\x05\x06", 4) + std::string(18, '\0'));
  EXPECT_TRUE(Unzip(*zip).empty());
}

}  // namespace
}  // namespace cancela::letters
