#include "providers/cielo_unica/cielo_unica_codes.h"

#include <map>

#include "gtest/gtest.h"

namespace cancela::providers::cielo_unica {
namespace {

using R = v1::FailureReason;

TEST(BatchStatusOf, IsCaseInsensitiveAndUnknownValuesAreKeptApart) {
  EXPECT_EQ(BatchStatusOf("pending"), BatchStatus::kPending);
  EXPECT_EQ(BatchStatusOf("Pending"), BatchStatus::kPending);
  EXPECT_EQ(BatchStatusOf("REJECTED"), BatchStatus::kRejected);
  EXPECT_EQ(BatchStatusOf("Done"), BatchStatus::kDone);
  EXPECT_EQ(BatchStatusOf("done"), BatchStatus::kDone);
  EXPECT_EQ(BatchStatusOf("FAILED"), BatchStatus::kFailed);
  EXPECT_EQ(BatchStatusOf("approved"), BatchStatus::kUnknown);  // mentioned once in a note [U]
  EXPECT_EQ(BatchStatusOf(""), BatchStatus::kUnknown);
}

// Every row of providers.md §1.4, with the category it must map to.
TEST(MeaningOfDetailCode, EveryDocumentedCodeMapsToItsCategory) {
  const std::map<int64_t, R> expected = {
      {5, R::FAILURE_REASON_PROVIDER_UNAVAILABLE},
      {7, R::FAILURE_REASON_ORIGINAL_NOT_FOUND},
      {10, R::FAILURE_REASON_DUPLICATE_IN_PROGRESS},
      {17, R::FAILURE_REASON_AMOUNT_EXCEEDS_REMAINING},
      {51, R::FAILURE_REASON_AMOUNT_EXCEEDS_REMAINING},
      {54, R::FAILURE_REASON_MANUAL_PROCESSING},
      {56, R::FAILURE_REASON_INSUFFICIENT_MERCHANT_BALANCE},
      {72, R::FAILURE_REASON_INSUFFICIENT_MERCHANT_BALANCE},
      {77, R::FAILURE_REASON_ORIGINAL_NOT_FOUND},
      {99, R::FAILURE_REASON_PROVIDER_UNAVAILABLE},
      {101, R::FAILURE_REASON_WINDOW_EXPIRED},
      {102, R::FAILURE_REASON_AMOUNT_EXCEEDS_REMAINING},
      {103, R::FAILURE_REASON_PERMISSION},
      {104, R::FAILURE_REASON_PERMISSION},
      {105, R::FAILURE_REASON_PERMISSION},
      {106, R::FAILURE_REASON_PERMISSION},
      {108, R::FAILURE_REASON_PERMISSION},
      {109, R::FAILURE_REASON_NOT_ELIGIBLE},
      {115, R::FAILURE_REASON_INVALID_REQUEST},
      {120, R::FAILURE_REASON_NOT_ELIGIBLE},
      {200, R::FAILURE_REASON_ORIGINAL_NOT_FOUND},
      {201, R::FAILURE_REASON_ORIGINAL_NOT_FOUND},
      {203, R::FAILURE_REASON_ORIGINAL_NOT_FOUND},
      {206, R::FAILURE_REASON_ORIGINAL_NOT_FOUND},
      {209, R::FAILURE_REASON_ORIGINAL_NOT_FOUND},
      {214, R::FAILURE_REASON_ORIGINAL_NOT_FOUND},
      {215, R::FAILURE_REASON_ORIGINAL_NOT_FOUND},
      {216, R::FAILURE_REASON_ORIGINAL_NOT_FOUND},
      {217, R::FAILURE_REASON_INVALID_REQUEST},
      {218, R::FAILURE_REASON_PERMISSION},
      {219, R::FAILURE_REASON_INVALID_REQUEST},
      {221, R::FAILURE_REASON_ORIGINAL_NOT_FOUND},
      {222, R::FAILURE_REASON_INVALID_REQUEST},
      {223, R::FAILURE_REASON_DUPLICATE_IN_PROGRESS},
      {224, R::FAILURE_REASON_INVALID_REQUEST},
      {225, R::FAILURE_REASON_ORIGINAL_NOT_FOUND},
      {476, R::FAILURE_REASON_DUPLICATE_IN_PROGRESS},
      {477, R::FAILURE_REASON_PROVIDER_DECLINED},
      {800, R::FAILURE_REASON_PERMISSION},
      {801, R::FAILURE_REASON_INVALID_REQUEST},
      {802, R::FAILURE_REASON_PROVIDER_UNAVAILABLE},
      {803, R::FAILURE_REASON_PERMISSION},
      {823, R::FAILURE_REASON_WINDOW_EXPIRED},
  };
  const std::vector<int64_t> documented = DocumentedDetailCodes();
  EXPECT_EQ(documented.size(), expected.size());
  for (int64_t code : documented) {
    ASSERT_EQ(expected.count(code), 1u) << "table has an unexpected code " << code;
  }
  for (const auto& [code, reason] : expected) {
    const DetailMeaning meaning = MeaningOfDetailCode(code);
    EXPECT_EQ(meaning.reason, reason) << "code " << code;
    EXPECT_NE(std::string(meaning.meaning), "declined") << "code " << code << " has no gloss";
  }
}

TEST(MeaningOfDetailCode, OnlyTenTwoTwentyThreeAndFourSeventySixAreDuplicates) {
  for (int64_t code : DocumentedDetailCodes()) {
    EXPECT_EQ(MeaningOfDetailCode(code).duplicate, code == 10 || code == 223 || code == 476)
        << "code " << code;
  }
}

TEST(MeaningOfDetailCode, UnknownCodesAreAPlainDecline) {
  EXPECT_EQ(MeaningOfDetailCode(4242).reason, R::FAILURE_REASON_PROVIDER_DECLINED);
  EXPECT_FALSE(MeaningOfDetailCode(4242).duplicate);
  EXPECT_EQ(MeaningOfDetailCode(-1).reason, R::FAILURE_REASON_PROVIDER_DECLINED);
}

}  // namespace
}  // namespace cancela::providers::cielo_unica
