// The libcurl transport against a real HTTP server on loopback: what counts as "not sent" and
// "maybe sent", and that a money-moving request is never resent behind our back.

#include "providers/http/curl_http_transport.h"

#include <atomic>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "providers/http/curl_global.h"
#include "providers/sandbox/http_server.h"

namespace cancela::providers::http {
namespace {

using sandbox::HttpReply;
using sandbox::HttpRequest;
using sandbox::HttpServer;
using sandbox::ReplyAction;

class CurlHttpTransportTest : public ::testing::Test {
 protected:
  void StartServer(std::function<HttpReply(const HttpRequest&)> handler) {
    server_ = std::make_unique<HttpServer>(HttpServer::Options{}, [this, handler](const HttpRequest& r) {
      if (r.method == "PUT") ++puts_;
      if (r.method == "GET") ++gets_;
      return handler(r);
    });
    ASSERT_TRUE(server_->Start().ok());
  }
  std::string Url(const std::string& path) const {
    return absl::StrCat("http://127.0.0.1:", server_->port(), path);
  }
  Request Put(const std::string& path) const {
    Request r;
    r.method = "PUT";
    r.url = Url(path);
    r.headers = {{"MerchantKey", "secret-value-that-must-not-leak"}};
    r.deadline = absl::Now() + absl::Seconds(5);
    return r;
  }
  Request Get(const std::string& path) const {
    Request r = Put(path);
    r.method = "GET";
    r.idempotent = true;
    return r;
  }

  CurlGlobal curl_;
  std::unique_ptr<HttpServer> server_;
  std::atomic<int> puts_{0}, gets_{0};
  CurlHttpTransport transport_;
};

TEST_F(CurlHttpTransportTest, ReturnsTheResponseWithLowerCasedHeaders) {
  StartServer([](const HttpRequest& r) {
    HttpReply reply;
    reply.status = 201;
    reply.headers["X-Echo"] = r.headers.count("merchantkey") ? "key" : "none";
    reply.body = R"({"ok": true})";
    return reply;
  });
  const Result result = transport_.Send(Put("/1/sales/x/void"));
  ASSERT_EQ(result.failure, Failure::kNone) << result.detail;
  EXPECT_EQ(result.response.status, 201);
  EXPECT_EQ(result.response.body, R"({"ok": true})");
  bool found = false;
  for (const auto& [name, value] : result.response.headers) found |= name == "x-echo" && value == "key";
  EXPECT_TRUE(found);
}

TEST_F(CurlHttpTransportTest, ARefusedConnectionWasNotSent) {
  StartServer([](const HttpRequest&) { return HttpReply{}; });
  const std::string url = Url("/x");
  server_->Stop();
  Request request = Put("/x");
  request.url = url;
  const Result result = transport_.Send(request);
  EXPECT_EQ(result.failure, Failure::kNotSent) << result.detail;
}

TEST_F(CurlHttpTransportTest, APassedDeadlineIsNotSent) {
  StartServer([](const HttpRequest&) { return HttpReply{}; });
  Request request = Put("/x");
  request.deadline = absl::Now() - absl::Milliseconds(1);
  EXPECT_EQ(transport_.Send(request).failure, Failure::kNotSent);
  EXPECT_EQ(puts_.load(), 0);
}

TEST_F(CurlHttpTransportTest, AResetOrSilenceAfterTheRequestMaybeSentAndIsNotResent) {
  for (ReplyAction action : {ReplyAction::kResetBeforeResponse, ReplyAction::kCloseWithoutResponse}) {
    puts_ = 0;
    StartServer([action](const HttpRequest& r) {
      HttpReply reply;
      if (r.method == "PUT") reply.action = action;
      return reply;
    });
    // A query first, so a kept-alive connection to the host exists that libcurl could reuse.
    EXPECT_EQ(transport_.Send(Get("/q")).failure, Failure::kNone);
    const Result result = transport_.Send(Put("/1/sales/x/void?amount=100"));
    EXPECT_EQ(result.failure, Failure::kMaybeSent) << result.detail;
    EXPECT_EQ(puts_.load(), 1);  // exactly one: libcurl did not retry it
    EXPECT_EQ(result.detail.find("secret-value"), std::string::npos);
    server_->Stop();
  }
}

// The handle of the previous money-moving request is kept, never its connection: were the second
// request sent on the first one's, libcurl would resend it on a new connection after the reset.
TEST_F(CurlHttpTransportTest, AMoneyMovingRequestAfterAnotherGetsItsOwnConnection) {
  StartServer([this](const HttpRequest& r) {
    HttpReply reply;
    if (r.method == "PUT" && puts_.load() == 2) reply.action = ReplyAction::kResetBeforeResponse;
    return reply;
  });
  EXPECT_EQ(transport_.Send(Put("/1/sales/x/void?amount=100")).failure, Failure::kNone);
  const Result second = transport_.Send(Put("/1/sales/x/void?amount=200"));
  EXPECT_EQ(second.failure, Failure::kMaybeSent) << second.detail;
  EXPECT_EQ(puts_.load(), 2);
}

TEST_F(CurlHttpTransportTest, ATimeoutAfterSendingMaybeSent) {
  StartServer([](const HttpRequest&) {
    HttpReply reply;
    reply.delay = absl::Seconds(3);
    return reply;
  });
  Request request = Put("/slow");
  request.deadline = absl::Now() + absl::Milliseconds(300);
  const Result result = transport_.Send(request);
  EXPECT_EQ(result.failure, Failure::kMaybeSent) << result.detail;
  EXPECT_EQ(puts_.load(), 1);
}

}  // namespace
}  // namespace cancela::providers::http
