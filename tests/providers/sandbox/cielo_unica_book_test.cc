// The simulated API Única's rules: the nightly batch's timing and the letters it refuses.

#include "providers/sandbox/cielo_unica_book.h"

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "providers/sandbox/brasilia_time.h"
#include "providers/sandbox/cielo_unica_seed.h"

namespace cancela::sandbox {
namespace {

absl::Time Brasilia(int d, int hh, int mm) {
  return absl::FromCivil(absl::CivilSecond(2026, 11, d, hh, mm, 0), BrasiliaTimeZone());
}

TEST(UnicaFinalAt, NextMorningBeforeTheCutOffOtherwiseTheDayAfter) {
  const absl::CivilDay old_sale(2026, 11, 10);
  EXPECT_EQ(UnicaFinalAt(Brasilia(20, 18, 29), old_sale), Brasilia(21, 8, 0));
  EXPECT_EQ(UnicaFinalAt(Brasilia(20, 18, 30), old_sale), Brasilia(22, 8, 0));
  EXPECT_EQ(UnicaFinalAt(Brasilia(20, 0, 1), old_sale), Brasilia(21, 8, 0));
}

TEST(UnicaFinalAt, ASameDaySaleWaitsForDayTwo) {
  const absl::CivilDay today(2026, 11, 20);
  EXPECT_EQ(UnicaFinalAt(Brasilia(20, 10, 0), today), Brasilia(22, 8, 0));
  EXPECT_EQ(UnicaFinalAt(Brasilia(20, 19, 0), today), Brasilia(22, 8, 0));
}

class UnicaBookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (UnicaClient& c : cielo_unica_seed::Clients()) book_.AddClient(c);
    for (UnicaSale& s : cielo_unica_seed::Sales(clock_.Now())) book_.AddSale(s);
    client_ = *book_.FindClient(cielo_unica_seed::kClientId, cielo_unica_seed::kClientSecret);
  }
  // Queues a cancellation of a seeded credit sale; returns its control id.
  int64_t Queue(const char* ec, const char* auth, int64_t sale_amount, int64_t amount) {
    UnicaCancelItem item;
    item.merchant_id = ec;
    item.authorization_code = auth;
    item.refund_amount = amount;
    item.sale_amount = sale_amount;
    item.transaction_date = absl::CivilSecond(2026, 11, 17, 0, 0, 0);
    const UnicaAnswer a = book_.Submit(client_, {item});
    EXPECT_EQ(a.status, 200);
    return nlohmann::json::parse(a.body)["transactions"][0]["controlID"].get<int64_t>();
  }
  ManualClock clock_{Brasilia(20, 15, 0)};
  Ledger ledger_;
  CieloUnicaBook book_{clock_, ledger_};
  UnicaClient client_;
};

TEST_F(UnicaBookTest, LettersOnlyForDoneOnesOfOneEcAtMostTenPerZip) {
  const int64_t a = Queue("2005157770", "546441", 70000, 100);
  const int64_t b = Queue("2005157770", "546441", 70000, 200);
  const int64_t other_ec = Queue("2005157771", "546442", 15000, 100);
  EXPECT_EQ(book_.LetterPdf(client_, "2005157770", a, "PT_BR").status, 422);  // still pending
  clock_.Set(Brasilia(21, 8, 0));
  const UnicaAnswer pdf = book_.LetterPdf(client_, "2005157770", a, "PT_BR");
  EXPECT_EQ(pdf.status, 200);
  EXPECT_EQ(pdf.content_type, "application/pdf");
  EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
  const UnicaAnswer zip = book_.LetterZip(client_, "2005157770", {a, b}, "EN_US");
  EXPECT_EQ(zip.status, 200);
  EXPECT_EQ(zip.body.rfind("PK", 0), 0u);
  EXPECT_EQ(book_.LetterZip(client_, "2005157770", {a, other_ec}, "PT_BR").status, 400);  // mixed ECs
  EXPECT_EQ(book_.LetterZip(client_, "2005157770", std::vector<int64_t>(11, a), "PT_BR").status, 400);
  EXPECT_EQ(book_.LetterZip(client_, "2005157770", {}, "PT_BR").status, 400);
  EXPECT_EQ(book_.LetterPdf(client_, "2005157770", a, "ES_ES").status, 400);
  EXPECT_EQ(book_.LetterPdf(client_, "2005157770", 1, "PT_BR").status, 404);
  const UnicaClient other = *book_.FindClient(cielo_unica_seed::kOtherClientId,
                                              cielo_unica_seed::kOtherClientSecret);
  EXPECT_EQ(book_.LetterPdf(other, "2005157770", a, "PT_BR").status, 403);
}

TEST_F(UnicaBookTest, TheBatchCarriesOutWithinTheBalanceAndRejectsTheRest) {
  Queue("2005157771", "546442", 15000, 10000);
  const int64_t too_much = Queue("2005157771", "546442", 15000, 6000);
  clock_.Set(Brasilia(21, 8, 0));
  for (const UnicaCancellation& c : book_.Cancellations()) {
    if (c.control_id == too_much) {
      EXPECT_EQ(c.status, "rejected");
      EXPECT_EQ(c.detail_code, 17);
    } else {
      EXPECT_EQ(c.status, "done");
    }
  }
  EXPECT_EQ(ledger_.Executions("2005157771/546442").size(), 2u);  // both were queued
  EXPECT_EQ(ledger_.Rejections("2005157771/546442").size(), 1u);
}

TEST_F(UnicaBookTest, TheListQueryIsBoundedToSevenDaysAndNeedsASearchArgument) {
  Queue("2005157770", "546441", 70000, 100);
  UnicaListQuery q;
  q.merchant_id = "2005157770";
  q.authorization_code = "546441";
  q.from = absl::CivilDay(2026, 11, 14);
  q.to = absl::CivilDay(2026, 11, 20);
  const UnicaAnswer found = book_.List(client_, q);
  ASSERT_EQ(found.status, 200);
  EXPECT_EQ(nlohmann::json::parse(found.body).size(), 1u);
  q.from = absl::CivilDay(2026, 11, 13);
  EXPECT_EQ(book_.List(client_, q).status, 400);
  q.from = absl::CivilDay(2026, 11, 20);
  q.authorization_code = "";
  EXPECT_EQ(book_.List(client_, q).status, 400);
}

}  // namespace
}  // namespace cancela::sandbox
