#include "providers/sandbox/http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "providers/sandbox/http_parsing.h"
#include "tests/providers/sandbox/curl_client.h"

namespace cancela::sandbox {
namespace {

using testing::CurlRequest;
using testing::CurlResult;
using testing::CurlSession;
using testing::Perform;

TEST(SandboxHttpParsingTest, DecodesPercentEscapesAndPlus) {
  EXPECT_EQ(PercentDecode("a%20b+c", /*plus_is_space=*/true), "a b c");
  EXPECT_EQ(PercentDecode("a%20b+c", /*plus_is_space=*/false), "a b+c");
  EXPECT_EQ(PercentDecode("100%", true), "100%");     // malformed escapes stay as written
  EXPECT_EQ(PercentDecode("%zz%4", true), "%zz%4");
}

TEST(SandboxHttpParsingTest, ParsesQueryFirstValueWins) {
  const auto query = ParseQuery("amount=2500&x=a%26b&amount=1&flag&=v");
  EXPECT_EQ(query.at("amount"), "2500");
  EXPECT_EQ(query.at("x"), "a&b");
  EXPECT_EQ(query.at("flag"), "");
}

TEST(SandboxHttpParsingTest, ParsesHead) {
  absl::StatusOr<ParsedHead> head = ParseRequestHead(
      "PUT /1/sales/abc%2Dd/void?amount=10 HTTP/1.1\r\nHost: x\r\nMerchantId:  m1 \r\n"
      "X-Twice: a\r\nx-twice: b");
  ASSERT_TRUE(head.ok()) << head.status();
  EXPECT_EQ(head->minor_version, 1);
  EXPECT_EQ(head->request.method, "PUT");
  EXPECT_EQ(head->request.path, "/1/sales/abc-d/void");
  EXPECT_EQ(head->request.raw_target, "/1/sales/abc%2Dd/void?amount=10");
  EXPECT_EQ(head->request.query.at("amount"), "10");
  EXPECT_EQ(head->request.headers.at("merchantid"), "m1");
  EXPECT_EQ(head->request.headers.at("x-twice"), "a, b");
}

TEST(SandboxHttpParsingTest, RejectsMalformedHeads) {
  EXPECT_FALSE(ParseRequestHead("GET /").ok());
  EXPECT_FALSE(ParseRequestHead("GET / HTTP/2.0").ok());
  EXPECT_FALSE(ParseRequestHead("GET nopath HTTP/1.1").ok());
  EXPECT_FALSE(ParseRequestHead("GET / HTTP/1.1\r\nNo colon here").ok());
  EXPECT_FALSE(ParseRequestHead("GET / HTTP/1.1\r\nBad Name: x").ok());
  EXPECT_FALSE(ParseRequestHead("GET / HTTP/1.1\r\nA: b\r\n folded").ok());
  EXPECT_TRUE(ParseRequestHead("GET http://example.com/x?y=1 HTTP/1.0").ok());
}

// Echoes what the server parsed, as JSON.
HttpReply Echo(const HttpRequest& request) {
  nlohmann::json body;
  body["method"] = request.method;
  body["path"] = request.path;
  body["query"] = request.query;
  body["headers"] = request.headers;
  body["body"] = request.body;
  HttpReply reply;
  reply.headers["Content-Type"] = "application/json";
  reply.body = body.dump();
  return reply;
}

class SandboxHttpServerTest : public ::testing::Test {
 protected:
  void StartWith(HttpServer::Handler handler) {
    server_ = std::make_unique<HttpServer>(HttpServer::Options{}, std::move(handler));
    ASSERT_TRUE(server_->Start().ok());
    ASSERT_GT(server_->port(), 0);
  }
  std::string Url(const std::string& target) const {
    return absl::StrCat("http://127.0.0.1:", server_->port(), target);
  }

  std::unique_ptr<HttpServer> server_;
};

TEST_F(SandboxHttpServerTest, HandsTheHandlerAParsedRequest) {
  StartWith(Echo);
  CurlRequest request;
  request.method = "PUT";
  request.url = Url("/1/sales/x%2Dy/void?amount=2%35&note=a+b");
  request.headers = {"MerchantId: abc", "Content-Type: application/json"};
  request.body = "{\"k\": 1}";
  const CurlResult result = Perform(request);
  ASSERT_TRUE(result.ok()) << curl_easy_strerror(result.code);
  EXPECT_EQ(result.status, 200);
  EXPECT_EQ(result.headers.at("content-type"), "application/json");
  const nlohmann::json echo = result.Json();
  EXPECT_EQ(echo["method"], "PUT");
  EXPECT_EQ(echo["path"], "/1/sales/x-y/void");
  EXPECT_EQ(echo["query"]["amount"], "25");
  EXPECT_EQ(echo["query"]["note"], "a b");
  EXPECT_EQ(echo["headers"]["merchantid"], "abc");
  EXPECT_EQ(echo["body"], "{\"k\": 1}");
}

TEST_F(SandboxHttpServerTest, ReusesKeepAliveConnections) {
  StartWith(Echo);
  CurlSession session;
  CurlRequest request;
  request.url = Url("/a");
  const CurlResult first = session.Perform(request);
  request.url = Url("/b");
  const CurlResult second = session.Perform(request);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first.new_connections, 1);
  EXPECT_EQ(second.new_connections, 0);
  EXPECT_EQ(second.Json()["path"], "/b");
}

TEST_F(SandboxHttpServerTest, ReadsBodiesSentAfter100Continue) {
  StartWith(Echo);
  CurlRequest request;
  request.method = "POST";
  request.url = Url("/big");
  request.headers = {"Expect: 100-continue"};
  request.body = std::string(200000, 'x');
  const CurlResult result = Perform(request);
  ASSERT_TRUE(result.ok()) << curl_easy_strerror(result.code);
  EXPECT_EQ(result.Json()["body"].get<std::string>().size(), 200000u);
}

TEST_F(SandboxHttpServerTest, RefusesOversizedBodies) {
  StartWith(Echo);
  CurlRequest request;
  request.method = "POST";
  request.url = Url("/big");
  request.body = std::string(2 * 1024 * 1024, 'x');
  const CurlResult result = Perform(request);
  // Either curl sees the 413 or the server closed before all was sent.
  if (result.ok()) {
    EXPECT_EQ(result.status, 413);
  }
}

TEST_F(SandboxHttpServerTest, AnswersGarbageWith400) {
  StartWith(Echo);
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(server_->port()));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
  const std::string garbage = "HELLO THERE\r\n\r\n";
  ASSERT_EQ(send(fd, garbage.data(), garbage.size(), 0), static_cast<ssize_t>(garbage.size()));
  std::string answer;
  char chunk[1024];
  ssize_t n;
  while ((n = recv(fd, chunk, sizeof(chunk), 0)) > 0) answer.append(chunk, static_cast<size_t>(n));
  close(fd);
  EXPECT_EQ(answer.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << answer;
}

TEST_F(SandboxHttpServerTest, ResetActionIsAConnectionErrorForTheClient) {
  StartWith([](const HttpRequest&) {
    HttpReply reply;
    reply.action = ReplyAction::kResetBeforeResponse;
    return reply;
  });
  CurlRequest request;
  request.url = Url("/x");
  const CurlResult result = Perform(request);
  EXPECT_TRUE(result.code == CURLE_RECV_ERROR || result.code == CURLE_GOT_NOTHING)
      << curl_easy_strerror(result.code);
  EXPECT_EQ(result.status, 0);
}

TEST_F(SandboxHttpServerTest, CloseActionIsAnEmptyReply) {
  StartWith([](const HttpRequest&) {
    HttpReply reply;
    reply.action = ReplyAction::kCloseWithoutResponse;
    return reply;
  });
  CurlRequest request;
  request.url = Url("/x");
  EXPECT_EQ(Perform(request).code, CURLE_GOT_NOTHING);
}

TEST_F(SandboxHttpServerTest, WaitsTheReplyDelay) {
  StartWith([](const HttpRequest&) {
    HttpReply reply;
    reply.delay = absl::Milliseconds(150);
    return reply;
  });
  CurlRequest request;
  request.url = Url("/x");
  const CurlResult result = Perform(request);
  ASSERT_TRUE(result.ok());
  EXPECT_GE(result.elapsed, absl::Milliseconds(150));
}

TEST_F(SandboxHttpServerTest, StopUnblocksIdleAndWaitingConnections) {
  absl::Notification handler_entered;
  StartWith([&](const HttpRequest& request) {
    HttpReply reply;
    if (request.path == "/slow") {
      reply.delay = absl::Hours(1);
      handler_entered.Notify();
    }
    return reply;
  });
  // An idle keep-alive connection...
  CurlSession idle;
  CurlRequest quick;
  quick.url = Url("/quick");
  ASSERT_TRUE(idle.Perform(quick).ok());
  // ...and a request whose answer waits an hour.
  CurlResult slow_result;
  std::thread slow([&] {
    CurlRequest slow_request;
    slow_request.url = Url("/slow");
    slow_request.timeout = absl::Seconds(60);
    slow_result = Perform(slow_request);
  });
  handler_entered.WaitForNotification();
  const absl::Time start = absl::Now();
  server_->Stop();
  slow.join();
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
  EXPECT_FALSE(slow_result.ok());
  // Stopped means stopped: nothing answers any more.
  EXPECT_FALSE(Perform(quick).ok());
}

TEST_F(SandboxHttpServerTest, ReportsABusyPort) {
  StartWith(Echo);
  HttpServer::Options options;
  options.port = server_->port();
  HttpServer second(options, Echo);
  EXPECT_FALSE(second.Start().ok());
}

TEST_F(SandboxHttpServerTest, ServesConcurrentConnections) {
  StartWith(Echo);
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back([&, i] {
      CurlRequest request;
      request.url = Url(absl::StrCat("/c", i));
      const CurlResult result = Perform(request);
      if (result.ok() && result.Json()["path"] == absl::StrCat("/c", i)) ++ok;
    });
  }
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(ok.load(), 8);
}

}  // namespace
}  // namespace cancela::sandbox
