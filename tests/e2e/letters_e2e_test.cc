// Cancellation letters end to end: gRPC client → cancela server → libcurl → Cielo E-commerce
// sandbox for the sale's facts; the PDFs are read back with poppler's pdftotext.

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/util/time_util.h"
#include "tests/e2e/e2e_fixture.h"
#include "tests/letters/pdf_text.h"
#include "tests/letters/unzip.h"

namespace cancela::testing {
namespace {

nlohmann::json Captured(int64_t amount, int days_ago, const char* brand = "Visa") {
  return {{"type", "CreditCard"}, {"status", "captured"}, {"amount", amount},
          {"received_days_ago", days_ago}, {"captured_days_ago", days_ago}, {"brand", brand}};
}

class LettersE2eTest : public E2eTest {
 protected:
  void Configure(server::Config& config) const override {
    for (server::ProviderAccountConfig& account : config.provider_accounts) {
      if (account.name == kCentro || account.name == kCentroNoSpacing) {
        account.letter_merchant_name = "Loja Centro Comércio de Calçados Ltda";
        account.letter_merchant_id = "1020304050";
      }
    }
  }

  // A refund that SUCCEEDED; returns its operation id.
  std::string SucceededRefund(const std::string& sale, std::optional<int64_t> amount,
                              const std::string& account = kCentroNoSpacing) {
    v1::RefundResponse response;
    const grpc::Status status = Refund(RefundOf(sale, amount, NewKey(), account), &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
    return response.operation().operation_id();
  }

  grpc::Status GetLetter(const std::string& operation_id, v1::LetterLanguage language,
                         v1::Letter* letter, const char* token = kAcmeToken) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    v1::GetLetterRequest request;
    request.set_operation_id(operation_id);
    request.set_language(language);
    v1::GetLetterResponse response;
    grpc::Status status = stub_->GetLetter(&context, request, &response);
    *letter = response.letter();
    return status;
  }

  // Reads the whole stream.
  grpc::Status Batch(const v1::BatchGetLettersRequest& request,
                     std::vector<v1::BatchGetLettersResponse>* items,
                     const char* token = kAcmeToken) {
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", token));
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    auto reader = stub_->BatchGetLetters(&context, request);
    v1::BatchGetLettersResponse item;
    while (reader->Read(&item)) items->push_back(item);
    return reader->Finish();
  }
};

TEST_F(LettersE2eTest, ARefundsLetterStatesEveryFactInPortugueseAndEnglish) {
  const std::string sale = sandbox_->CreateSale(Captured(123456, 10));
  const std::string op = SucceededRefund(sale, 2500);

  v1::Letter pt;
  ASSERT_TRUE(GetLetter(op, v1::LETTER_LANGUAGE_UNSPECIFIED, &pt).ok());
  EXPECT_EQ(pt.operation_id(), op);
  EXPECT_EQ(pt.language(), v1::LETTER_LANGUAGE_PT_BR);
  EXPECT_EQ(pt.source(), v1::LETTER_SOURCE_CANCELA);
  EXPECT_EQ(pt.content_type(), "application/pdf");
  EXPECT_EQ(pt.file_name(), absl::StrCat("carta-de-cancelamento-", op, ".pdf"));
  const std::string text = PdfText(pt.content());
  for (const std::string& fact : std::vector<std::string>{
           "Carta de Cancelamento", "Operação", "não requer assinatura", "Cancelamento",
           "Loja Centro Comércio de Calçados Ltda", "1020304050", "Cielo E-commerce",
           kCentroNoSpacing, "10/11/2026 às 15:00 (horário de Brasília)", "R$ 1.234,56",
           "Cartão de crédito Visa", "final 0183", sale, "Estorno parcial", "R$ 25,00",
           "20/11/2026 às 15:00 (horário de Brasília)", "Concluído com sucesso", op,
           "Código de verificação"}) {
    EXPECT_TRUE(absl::StrContains(text, fact)) << fact << "\n" << text;
  }
  EXPECT_FALSE(absl::StrContains(text, "455187")) << "more than the last four digits";
  EXPECT_FALSE(absl::StrContains(text, "******")) << text;

  v1::Letter en;
  ASSERT_TRUE(GetLetter(op, v1::LETTER_LANGUAGE_EN_US, &en).ok());
  EXPECT_EQ(en.language(), v1::LETTER_LANGUAGE_EN_US);
  EXPECT_EQ(en.file_name(), absl::StrCat("cancellation-letter-", op, ".pdf"));
  const std::string english = PdfText(en.content());
  for (const std::string& fact : std::vector<std::string>{
           "Cancellation Letter", "Operation", "Loja Centro Comércio de Calçados Ltda",
           "Nov 10, 2026, 03:00 PM (Brasília time)", "BRL 1,234.56", "Credit card Visa",
           "ending in 0183", "Partial refund", "BRL 25.00", "Succeeded", op, sale,
           "Verification code"}) {
    EXPECT_TRUE(absl::StrContains(english, fact)) << fact << "\n" << english;
  }

  // Byte-identical afterwards, even once the provider has moved on.
  clock_.Advance(absl::Hours(30));
  v1::Letter again;
  ASSERT_TRUE(GetLetter(op, v1::LETTER_LANGUAGE_PT_BR, &again).ok());
  EXPECT_EQ(again.content(), pt.content());
}

TEST_F(LettersE2eTest, AVoidsLetterSaysItWasVoided) {
  const std::string sale = sandbox_->CreateSale(Captured(5000, 0, "Master"));
  v1::VoidResponse voided;
  ASSERT_TRUE(Void(VoidOf(sale, std::nullopt, NewKey(), kCentroNoSpacing), &voided).ok());
  ASSERT_EQ(voided.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  v1::Letter letter;
  ASSERT_TRUE(GetLetter(voided.operation().operation_id(), v1::LETTER_LANGUAGE_PT_BR, &letter).ok());
  const std::string text = PdfText(letter.content());
  EXPECT_TRUE(absl::StrContains(text, "Cancelamento total")) << text;
  EXPECT_TRUE(absl::StrContains(text, "Cartão de crédito Master")) << text;
  EXPECT_TRUE(absl::StrContains(text, "R$ 50,00")) << text;
}

TEST_F(LettersE2eTest, APixRefundsLetterNamesItsEndToEndIdOnceSettled) {
  const std::string sale = sandbox_->CreateSale(
      {{"type", "Pix"}, {"status", "paid"}, {"amount", 8000}, {"received_days_ago", 10}});
  v1::RefundResponse refund;
  ASSERT_TRUE(Refund(RefundOf(sale, 3000, NewKey()), &refund).ok());
  const std::string op = refund.operation().operation_id();
  ASSERT_EQ(refund.operation().status(), v1::OPERATION_STATUS_PENDING);
  v1::Letter letter;
  ExpectRejected(GetLetter(op, v1::LETTER_LANGUAGE_PT_BR, &letter),
                 grpc::StatusCode::FAILED_PRECONDITION, "LETTER_NOT_AVAILABLE");

  clock_.Advance(absl::Minutes(2));  // the Pix network settles it
  v1::GetStatusResponse status;
  ASSERT_TRUE(GetStatus(op, /*refresh=*/true, &status).ok());
  ASSERT_EQ(status.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  ASSERT_TRUE(GetLetter(op, v1::LETTER_LANGUAGE_PT_BR, &letter).ok());
  const std::string text = PdfText(letter.content());
  EXPECT_TRUE(absl::StrContains(text, "EndToEndId (Pix)")) << text;
  EXPECT_FALSE(absl::StrContains(text, "Cartão")) << text;
  EXPECT_TRUE(absl::StrContains(text, "R$ 30,00")) << text;
}

TEST_F(LettersE2eTest, FailedOperationsHaveNoLetter) {
  const std::string sale = sandbox_->CreateSale({{"type", "Pix"}, {"status", "paid"}, {"amount", 4500},
                                                 {"received_days_ago", 10}, {"merchant", "loja-sem-saldo"}});
  v1::RefundResponse refund;
  ASSERT_TRUE(Refund(RefundOf(sale, std::nullopt, NewKey(), kSemSaldo), &refund).ok());
  ASSERT_EQ(refund.operation().status(), v1::OPERATION_STATUS_FAILED);
  v1::Letter letter;
  const grpc::Status status = GetLetter(refund.operation().operation_id(), v1::LETTER_LANGUAGE_PT_BR, &letter);
  ExpectRejected(status, grpc::StatusCode::FAILED_PRECONDITION, "LETTER_NOT_AVAILABLE");
  EXPECT_EQ(ReadError(status).metadata.at("status"), "OPERATION_STATUS_FAILED");
}

TEST_F(LettersE2eTest, AnotherTenantsLetterIsNotFoundExactlyLikeAMissingOne) {
  const std::string op = SucceededRefund(sandbox_->CreateSale(Captured(10000, 3)), std::nullopt);
  v1::Letter letter;
  const grpc::Status theirs = GetLetter(op, v1::LETTER_LANGUAGE_PT_BR, &letter, kGlobexToken);
  const grpc::Status missing =
      GetLetter("op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B", v1::LETTER_LANGUAGE_PT_BR, &letter, kGlobexToken);
  ExpectRejected(theirs, grpc::StatusCode::NOT_FOUND, "OPERATION_NOT_FOUND");
  EXPECT_EQ(theirs.error_message(), missing.error_message());
  std::vector<v1::BatchGetLettersResponse> items;
  v1::BatchGetLettersRequest request;
  request.add_operation_ids(op);
  ASSERT_TRUE(Batch(request, &items, kGlobexToken).ok());
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].failure().reason(), "OPERATION_NOT_FOUND");
}

TEST_F(LettersE2eTest, MalformedRequestsAreRefusedWithTheField) {
  v1::Letter letter;
  const grpc::Status bad_id = GetLetter("not-an-operation", v1::LETTER_LANGUAGE_PT_BR, &letter);
  ExpectRejected(bad_id, grpc::StatusCode::INVALID_ARGUMENT, "FIELD_INVALID");
  EXPECT_EQ(ReadError(bad_id).metadata.at("field"), "operation_id");
  const grpc::Status bad_language =
      GetLetter("op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B", static_cast<v1::LetterLanguage>(9), &letter);
  EXPECT_EQ(ReadError(bad_language).metadata.at("field"), "language");

  struct Case {
    const char* name;
    v1::BatchGetLettersRequest request;
    const char* field;
  };
  std::vector<Case> cases(4);
  cases[0] = {"nothing asked", {}, "operation_ids"};
  cases[1].name = "more than 500";
  for (int i = 0; i < 501; ++i) cases[1].request.add_operation_ids("op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B");
  cases[1].field = "operation_ids";
  cases[2].name = "ids and a range";
  cases[2].request.add_operation_ids("op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B");
  cases[2].request.mutable_create_time_start()->set_seconds(1);
  cases[2].field = "operation_ids";
  cases[3].name = "an empty range";
  cases[3].request.mutable_create_time_start()->set_seconds(2000000000);
  cases[3].request.mutable_create_time_end()->set_seconds(1000000000);
  cases[3].field = "create_time_end";
  for (const Case& c : cases) {
    std::vector<v1::BatchGetLettersResponse> items;
    const grpc::Status status = Batch(c.request, &items);
    ExpectRejected(status, grpc::StatusCode::INVALID_ARGUMENT, "FIELD_INVALID");
    EXPECT_EQ(ReadError(status).metadata["field"], c.field) << c.name;
    EXPECT_TRUE(items.empty()) << c.name;
  }
}

TEST_F(LettersE2eTest, ABatchOf25StreamsEveryLetterAndTheSameAsOneZip) {
  // 25 succeeded operations of two accounts: partial and total refunds, voids, several brands.
  std::vector<std::string> ops;
  const char* brands[] = {"Visa", "Master", "Elo"};
  for (int i = 0; i < 25; ++i) {
    const std::string account = i % 2 == 0 ? kCentroNoSpacing : kCentro;
    if (i % 5 == 4) {
      const std::string sale = sandbox_->CreateSale(Captured(7000 + i, 0, brands[i % 3]));
      v1::VoidResponse voided;
      ASSERT_TRUE(Void(VoidOf(sale, std::nullopt, NewKey(), account), &voided).ok());
      ops.push_back(voided.operation().operation_id());
    } else {
      const std::string sale = sandbox_->CreateSale(Captured(10000 + i, 2 + i, brands[i % 3]));
      ops.push_back(SucceededRefund(sale, i % 2 == 0 ? std::optional<int64_t>(1000 + i) : std::nullopt,
                                    account));
    }
  }
  v1::BatchGetLettersRequest request;
  for (const std::string& op : ops) request.add_operation_ids(op);
  request.set_language(v1::LETTER_LANGUAGE_EN_US);

  std::vector<v1::BatchGetLettersResponse> items;
  ASSERT_TRUE(Batch(request, &items).ok());
  ASSERT_EQ(items.size(), ops.size());
  std::map<std::string, std::string> streamed;  // file name → content
  for (size_t i = 0; i < ops.size(); ++i) {
    ASSERT_TRUE(items[i].has_letter()) << items[i].failure().message();
    EXPECT_EQ(items[i].letter().operation_id(), ops[i]);  // in the order asked
    EXPECT_TRUE(absl::StrContains(PdfText(items[i].letter().content()), ops[i]));
    streamed[items[i].letter().file_name()] = items[i].letter().content();
  }
  // Each equals the single letter.
  for (size_t i = 0; i < ops.size(); i += 6) {
    v1::Letter single;
    ASSERT_TRUE(GetLetter(ops[i], v1::LETTER_LANGUAGE_EN_US, &single).ok());
    EXPECT_EQ(single.content(), items[i].letter().content());
  }

  request.set_as_zip(true);
  std::vector<v1::BatchGetLettersResponse> chunks;
  ASSERT_TRUE(Batch(request, &chunks).ok());
  std::string archive;
  for (const auto& chunk : chunks) {
    ASSERT_EQ(chunk.item_case(), v1::BatchGetLettersResponse::kZipChunk);
    archive += chunk.zip_chunk();
  }
  EXPECT_GT(chunks.size(), 1u);  // 25 letters do not fit in one chunk
  EXPECT_EQ(Unzip(archive), streamed);
}

TEST_F(LettersE2eTest, AReaderThatLeavesMidStreamEndsOnlyItsOwnBatch) {
  // Twenty letters (~900 KB) outgrow the HTTP/2 flow-control window: the server is still writing
  // when the reader leaves.
  v1::BatchGetLettersRequest request;
  for (int i = 0; i < 20; ++i) {
    request.add_operation_ids(SucceededRefund(sandbox_->CreateSale(Captured(10000, 3)), 1000));
  }
  {
    grpc::ClientContext context;
    context.AddMetadata("authorization", absl::StrCat("Bearer ", kAcmeToken));
    auto reader = stub_->BatchGetLetters(&context, request);
    v1::BatchGetLettersResponse first;
    ASSERT_TRUE(reader->Read(&first));
    EXPECT_TRUE(first.has_letter());
    context.TryCancel();
    v1::BatchGetLettersResponse rest;
    while (reader->Read(&rest)) {
    }
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
  // The server goes on serving, and the letters produced so far were stored.
  std::vector<v1::BatchGetLettersResponse> items;
  ASSERT_TRUE(Batch(request, &items).ok());
  ASSERT_EQ(items.size(), 20u);
  for (const auto& item : items) EXPECT_TRUE(item.has_letter());
}

TEST_F(LettersE2eTest, ABatchNamesTheOperationsThatHaveNoLetter) {
  const std::string good = SucceededRefund(sandbox_->CreateSale(Captured(10000, 3)), 1000);
  const std::string pix = sandbox_->CreateSale(
      {{"type", "Pix"}, {"status", "paid"}, {"amount", 8000}, {"received_days_ago", 10}});
  v1::RefundResponse pending;
  ASSERT_TRUE(Refund(RefundOf(pix, 3000, NewKey()), &pending).ok());
  const std::string missing = "op_01JD0Z5W8K3N6Q2R4T7V9X1Y3B";

  v1::BatchGetLettersRequest request;
  request.add_operation_ids(good);
  request.add_operation_ids(pending.operation().operation_id());
  request.add_operation_ids(missing);
  request.add_operation_ids(good);  // asked twice, answered once
  std::vector<v1::BatchGetLettersResponse> items;
  ASSERT_TRUE(Batch(request, &items).ok());
  ASSERT_EQ(items.size(), 3u);
  EXPECT_TRUE(items[0].has_letter());
  EXPECT_EQ(items[1].failure().operation_id(), pending.operation().operation_id());
  EXPECT_EQ(items[1].failure().reason(), "LETTER_NOT_AVAILABLE");
  EXPECT_FALSE(items[1].failure().message().empty());
  EXPECT_EQ(items[2].failure().operation_id(), missing);
  EXPECT_EQ(items[2].failure().reason(), "OPERATION_NOT_FOUND");

  request.set_as_zip(true);
  items.clear();
  ASSERT_TRUE(Batch(request, &items).ok());
  std::string archive;
  int failures = 0;
  for (const auto& item : items) {
    if (item.has_failure()) ++failures;
    archive += item.zip_chunk();
  }
  EXPECT_EQ(failures, 2);
  const auto entries = Unzip(archive);
  ASSERT_EQ(entries.size(), 1u) << "an unreadable or wrong archive";
  EXPECT_EQ(entries.begin()->first, absl::StrCat("carta-de-cancelamento-", good, ".pdf"));
}

TEST_F(LettersE2eTest, ARangeBatchHasTheTenantsSucceededOperationsOfThatTime) {
  const std::string before = SucceededRefund(sandbox_->CreateSale(Captured(10000, 3)), 1000);
  clock_.Advance(absl::Hours(1));
  const absl::Time start = clock_.Now();
  std::set<std::string> inside;
  for (int i = 0; i < 3; ++i) inside.insert(SucceededRefund(sandbox_->CreateSale(Captured(10000, 3)), 1000));
  v1::RefundResponse theirs;
  ASSERT_TRUE(Refund(RefundOf(sandbox_->CreateSale(Captured(10000, 3)), 1000, NewKey(), kGlobex),
                     &theirs, kGlobexToken).ok());
  ASSERT_EQ(theirs.operation().status(), v1::OPERATION_STATUS_SUCCEEDED);
  clock_.Advance(absl::Hours(1));
  const absl::Time end = clock_.Now();
  SucceededRefund(sandbox_->CreateSale(Captured(10000, 3)), 1000);  // after the range

  v1::BatchGetLettersRequest request;
  *request.mutable_create_time_start() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(start));
  *request.mutable_create_time_end() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(absl::ToUnixMicros(end));
  std::vector<v1::BatchGetLettersResponse> items;
  ASSERT_TRUE(Batch(request, &items).ok());
  std::set<std::string> got;
  for (const auto& item : items) {
    ASSERT_TRUE(item.has_letter());
    got.insert(item.letter().operation_id());
  }
  EXPECT_EQ(got, inside);
  EXPECT_EQ(got.count(before), 0u);
}

}  // namespace
}  // namespace cancela::testing
