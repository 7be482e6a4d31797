#include "mxedge/http/http_server.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "mxedge/http/curl_http_client.hpp"

namespace mxedge::http {
namespace {

using std::chrono::milliseconds;

class HttpServerTest : public ::testing::Test {
 protected:
  HttpServerOptions Options() {
    HttpServerOptions o;
    o.bind_address = "127.0.0.1";
    o.port = 0;
    return o;
  }
  std::string Url(const HttpServer& server, std::string_view path) {
    return server.base_url() + std::string(path);
  }
  absl::StatusOr<Response> Call(std::string method, std::string url, std::string body = "") {
    ClientRequest request;
    request.method = std::move(method);
    request.url = std::move(url);
    request.body = std::move(body);
    request.timeout = milliseconds(10'000);
    return client_.Send(request);
  }
  CurlHttpClient client_;
};

TEST_F(HttpServerTest, ReportsEphemeralPort) {
  HttpServer server(Options());
  ASSERT_TRUE(server.Start().ok());
  EXPECT_NE(server.port(), 0);
  EXPECT_EQ(server.Start().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(HttpServerTest, RepeatedResponseHeadersAreJoined) {
  HttpServer server(Options());
  server.Route("GET", "/links", [](const Request&, Responder out) {
    Response r = Response::Text(200, "ok");
    r.headers.emplace("Link", "</a>; rel=\"one\"");
    r.headers.emplace("link", "</b>; rel=\"two\"");
    r.headers.emplace("X-Single", "1");
    out.Send(std::move(r));
  });
  ASSERT_TRUE(server.Start().ok());
  auto response = Call("GET", Url(server, "/links"));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(FindHeader(response->headers, "Link"), "</a>; rel=\"one\", </b>; rel=\"two\"");
  EXPECT_EQ(FindHeader(response->headers, "X-Single"), "1");
  ASSERT_TRUE(server.Shutdown(milliseconds(5000)).ok());
}

TEST_F(HttpServerTest, AcceptsFiveMegabyteBody) {
  HttpServer server(Options());
  server.Route("PUT", "/_matrix/app/v1/transactions/:txnId", [](const Request& r, Responder out) {
    out.Send(Response::Json(200, std::to_string(r.body.size())));
  });
  ASSERT_TRUE(server.Start().ok());
  const std::string body(5 * 1024 * 1024, 'x');
  const auto start = std::chrono::steady_clock::now();
  auto response = Call("PUT", Url(server, "/_matrix/app/v1/transactions/1"), body);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, std::to_string(body.size()));
  EXPECT_LT(elapsed, milliseconds(900));  // no 1 s Expect: 100-continue stall
}

TEST_F(HttpServerTest, RejectsBodiesOverTheLimitWith413) {
  HttpServerOptions o = Options();
  o.max_body_bytes = 1 << 20;
  HttpServer server(o);
  server.Route("PUT", "/t/:id",
               [](const Request&, Responder out) { out.Send(Response::Json(200, "{}")); });
  ASSERT_TRUE(server.Start().ok());
  // Rejected as soon as the headers announce the length, and the connection is closed after
  // the answer, so the rest of the body is never read as requests.
  for (size_t size : {(size_t{1} << 20) + 10, size_t{3} << 20}) {
    auto over = Call("PUT", Url(server, "/t/1"), std::string(size, 'a'));
    ASSERT_TRUE(over.ok()) << over.status();
    EXPECT_EQ(over->status, 413);
    EXPECT_NE(over->body.find("M_TOO_LARGE"), std::string::npos);
    EXPECT_EQ(FindHeader(over->headers, "Connection"), "Close");
  }
  // The limit is not Pistache's 4 KB default, and the same client goes on being served.
  auto ok = Call("PUT", Url(server, "/t/3"), std::string(512 * 1024, 'a'));
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(Call("PUT", Url(server, "/t/4"), std::string(1 << 20, 'a'))->status, 200);
}

TEST_F(HttpServerTest, DecodesRouteAndQueryParameters) {
  HttpServer server(Options());
  Request seen;
  server.Route("GET", "/_matrix/app/v1/users/:userId", [&seen](const Request& r, Responder out) {
    seen = r;
    out.Send(Response::Json(200, "{}"));
  });
  ASSERT_TRUE(server.Start().ok());
  auto response = Call(
      "GET",
      Url(server, "/_matrix/app/v1/users/%40irc_alice%3Aexample.org?access_token=a%2Bb&x=1+2"));
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(seen.Param("userId"), "@irc_alice:example.org");
  EXPECT_EQ(seen.raw_path, "/_matrix/app/v1/users/%40irc_alice%3Aexample.org");
  EXPECT_EQ(seen.path, "/_matrix/app/v1/users/@irc_alice:example.org");
  EXPECT_EQ(seen.route, "/_matrix/app/v1/users/:userId");
  EXPECT_EQ(seen.QueryValue("access_token"), "a+b");
  EXPECT_EQ(seen.QueryValue("x"), "1 2");
  EXPECT_EQ(seen.Header("user-agent"), "mxedge");
  EXPECT_EQ(seen.method, "GET");
}

TEST_F(HttpServerTest, MalformedEscapeIs400WithAClearMessage) {
  HttpServer server(Options());
  bool called = false;
  server.Route("GET", "/users/:userId", [&called](const Request&, Responder out) {
    called = true;
    out.Send(Response::Json(200, "{}"));
  });
  ASSERT_TRUE(server.Start().ok());
  auto bad_param = Call("GET", Url(server, "/users/%4"));
  ASSERT_TRUE(bad_param.ok());
  EXPECT_EQ(bad_param->status, 400);
  EXPECT_NE(bad_param->body.find("percent escape"), std::string::npos) << bad_param->body;
  auto bad_query = Call("GET", Url(server, "/users/a?user_id=%zz"));
  ASSERT_TRUE(bad_query.ok());
  EXPECT_EQ(bad_query->status, 400);
  EXPECT_NE(bad_query->body.find("user_id"), std::string::npos) << bad_query->body;
  EXPECT_FALSE(called);
}

TEST_F(HttpServerTest, UnknownPathIs404AndWrongMethodIs405) {
  HttpServer server(Options());
  server.Route("PUT", "/transactions/:txnId",
               [](const Request&, Responder out) { out.Send(Response::Json(200, "{}")); });
  ASSERT_TRUE(server.Start().ok());
  auto unknown = Call("GET", Url(server, "/nope"));
  ASSERT_TRUE(unknown.ok());
  EXPECT_EQ(unknown->status, 404);
  EXPECT_NE(unknown->body.find("M_UNRECOGNIZED"), std::string::npos);
  auto wrong = Call("POST", Url(server, "/transactions/1"));
  ASSERT_TRUE(wrong.ok());
  EXPECT_EQ(wrong->status, 405);
  EXPECT_EQ(FindHeader(wrong->headers, "allow"), "PUT");
}

TEST_F(HttpServerTest, CustomFallbackAndMethodNotAllowedHandlers) {
  HttpServer server(Options());
  server.Route("GET", "/a",
               [](const Request&, Responder out) { out.Send(Response::Text(200, "")); });
  server.SetFallback(
      [](const Request& r, Responder out) { out.Send(Response::Text(404, "fallback " + r.path)); });
  server.SetMethodNotAllowed(
      [](const Request&, const std::vector<std::string>& allowed, Responder out) {
        out.Send(Response::Text(405, "allowed " + allowed.at(0)));
      });
  ASSERT_TRUE(server.Start().ok());
  EXPECT_EQ(Call("GET", Url(server, "/b%20c"))->body, "fallback /b c");
  EXPECT_EQ(Call("DELETE", Url(server, "/a"))->body, "allowed GET");
}

TEST_F(HttpServerTest, ThrowingHandlerGives500AndServerKeepsServing) {
  HttpServer server(Options());
  server.Route("GET", "/boom",
               [](const Request&, Responder) -> void { throw std::runtime_error("handler bug"); });
  server.Route("GET", "/fine",
               [](const Request&, Responder out) { out.Send(Response::Text(200, "fine")); });
  ASSERT_TRUE(server.Start().ok());
  for (int i = 0; i < 3; ++i) {
    auto boom = Call("GET", Url(server, "/boom"));
    ASSERT_TRUE(boom.ok()) << boom.status();
    EXPECT_EQ(boom->status, 500);
    EXPECT_EQ(boom->body.find("handler bug"), std::string::npos);  // no internals leak out
  }
  auto fine = Call("GET", Url(server, "/fine"));
  ASSERT_TRUE(fine.ok());
  EXPECT_EQ(fine->body, "fine");
}

TEST_F(HttpServerTest, DeferredAnswerFromAnotherThread) {
  HttpServer server(Options());
  std::promise<Responder> parked;
  server.Route("PUT", "/txn/:id", [&parked](const Request&, Responder out) {
    parked.set_value(std::move(out));  // answered later, elsewhere
  });
  ASSERT_TRUE(server.Start().ok());
  auto call =
      std::async(std::launch::async, [&] { return Call("PUT", Url(server, "/txn/1"), "{}"); });
  Responder responder = parked.get_future().get();
  EXPECT_EQ(server.in_flight(), 1u);
  std::thread([responder] {
    Response r = Response::Json(200, R"({"deferred":true})");
    r.headers.emplace("X-Answer", "later");
    responder.Send(std::move(r));
  }).join();
  auto response = call.get();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->body, R"({"deferred":true})");
  EXPECT_EQ(FindHeader(response->headers, "x-answer"), "later");
  EXPECT_EQ(FindHeader(response->headers, "content-type"), "application/json");
}

TEST_F(HttpServerTest, ShutdownWaitsForInFlightDeferredAnswer) {
  HttpServer server(Options());
  std::promise<Responder> parked;
  server.Route("PUT", "/txn/:id",
               [&parked](const Request&, Responder out) { parked.set_value(std::move(out)); });
  ASSERT_TRUE(server.Start().ok());
  auto call =
      std::async(std::launch::async, [&] { return Call("PUT", Url(server, "/txn/1"), "{}"); });
  Responder responder = parked.get_future().get();
  server.StartDrain();
  EXPECT_TRUE(server.draining());
  auto during_drain = Call("GET", Url(server, "/missing"));  // still served, but not kept alive
  ASSERT_TRUE(during_drain.ok());
  EXPECT_EQ(during_drain->status, 404);
  EXPECT_EQ(FindHeader(during_drain->headers, "Connection"), "Close");
  auto shutdown =
      std::async(std::launch::async, [&] { return server.Shutdown(milliseconds(10'000)); });
  // Shutdown must still be waiting for the parked answer.
  EXPECT_EQ(shutdown.wait_for(milliseconds(100)), std::future_status::timeout);
  responder.Send(Response::Json(200, "{}"));
  EXPECT_TRUE(shutdown.get().ok());
  auto response = call.get();
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->status, 200);
}

TEST_F(HttpServerTest, ShutdownDeadlineReportsAbandonedRequests) {
  HttpServer server(Options());
  std::promise<Responder> parked;
  server.Route("GET", "/hang",
               [&parked](const Request&, Responder out) { parked.set_value(std::move(out)); });
  ASSERT_TRUE(server.Start().ok());
  auto call = std::async(std::launch::async, [&] {
    ClientRequest request{"GET", Url(server, "/hang")};
    request.timeout = milliseconds(1000);
    return client_.Send(request);
  });
  Responder responder = parked.get_future().get();
  absl::Status status = server.Shutdown(milliseconds(50));
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_NE(status.message().find("1 request"), absl::string_view::npos);
  responder.Send(Response::Json(200, "{}"));  // too late: dropped, not a crash
  EXPECT_FALSE(call.get().ok());
}

TEST_F(HttpServerTest, ObserverSeesRouteStatusAndDuration) {
  HttpServer server(Options());
  std::mutex mu;
  std::vector<std::tuple<std::string, std::string, int, double>> seen;
  server.SetObserver([&](std::string_view method, std::string_view route, int status, double s) {
    std::lock_guard<std::mutex> lock(mu);
    seen.emplace_back(std::string(method), std::string(route), status, s);
  });
  server.Route("GET", "/rooms/:roomId",
               [](const Request&, Responder out) { out.Send(Response::Json(200, "{}")); });
  ASSERT_TRUE(server.Start().ok());
  ASSERT_TRUE(Call("GET", Url(server, "/rooms/!a:x")).ok());
  ASSERT_TRUE(Call("GET", Url(server, "/missing")).ok());
  std::lock_guard<std::mutex> lock(mu);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(std::get<1>(seen[0]), "/rooms/:roomId");
  EXPECT_EQ(std::get<2>(seen[0]), 200);
  EXPECT_GE(std::get<3>(seen[0]), 0.0);
  EXPECT_EQ(std::get<1>(seen[1]), "");
  EXPECT_EQ(std::get<2>(seen[1]), 404);
}

// HTTP/1.1 clients that send no Connection header (as curl does) keep their connection.
TEST_F(HttpServerTest, KeepsHttp11ConnectionsWithoutConnectionHeaderAlive) {
  HttpServer server(Options());
  std::mutex mu;
  std::set<std::string> peers;
  server.Route("GET", "/ping", [&](const Request& r, Responder out) {
    {
      std::lock_guard<std::mutex> lock(mu);
      peers.insert(r.remote_address);
    }
    EXPECT_FALSE(r.Header("Connection").has_value());
    out.Send(Response::Text(200, "pong"));
  });
  ASSERT_TRUE(server.Start().ok());
  CURL* curl = curl_easy_init();
  ASSERT_NE(curl, nullptr);
  const std::string url = Url(server, "/ping");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(
      curl, CURLOPT_WRITEFUNCTION, +[](char*, size_t s, size_t n, void*) { return s * n; });
  long total_connects = 0;
  for (int i = 0; i < 5; ++i) {
    ASSERT_EQ(curl_easy_perform(curl), CURLE_OK);
    long connects = 0;
    curl_easy_getinfo(curl, CURLINFO_NUM_CONNECTS, &connects);
    total_connects += connects;
  }
  curl_easy_cleanup(curl);
  EXPECT_EQ(total_connects, 1);
  std::lock_guard<std::mutex> lock(mu);
  EXPECT_EQ(peers.size(), 1u);
}

// Pistache alone never sends `100 Continue` (curl then stalls 1 s before the body); the wrapper
// answers it as soon as the headers are in.
TEST_F(HttpServerTest, AnswersExpectContinueWithoutTheClientTimeout) {
  HttpServer server(Options());
  server.Route("PUT", "/big", [](const Request& r, Responder out) {
    out.Send(Response::Text(200, std::to_string(r.body.size())));
  });
  ASSERT_TRUE(server.Start().ok());
  CURL* curl = curl_easy_init();
  const std::string url = Url(server, "/big");
  const std::string body(2 << 20, 'b');
  std::string answer;
  curl_slist* headers = curl_slist_append(nullptr, "Expect: 100-continue");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "PUT");
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_EXPECT_100_TIMEOUT_MS, 5000L);
  const auto start = std::chrono::steady_clock::now();
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(
      curl, CURLOPT_WRITEFUNCTION, +[](char* d, size_t s, size_t n, void* u) {
        static_cast<std::string*>(u)->append(d, s * n);
        return s * n;
      });
  EXPECT_EQ(curl_easy_perform(curl), CURLE_OK);
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(2000));
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  EXPECT_EQ(status, 200);
  EXPECT_EQ(answer, std::to_string(body.size()));
}

// Writes `bytes` on a fresh loopback connection and reads until the server closes it.
std::string ExchangeRaw(uint16_t port, const std::string& bytes) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  std::string answer;
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      send(fd, bytes.data(), bytes.size(), 0) == static_cast<ssize_t>(bytes.size())) {
    char buf[4096];
    ssize_t n;
    while ((n = recv(fd, buf, sizeof(buf), 0)) > 0) {
      answer.append(buf, static_cast<size_t>(n));
    }
  }
  close(fd);
  return answer;
}

TEST_F(HttpServerTest, MalformedRequestIs400AndTheConnectionIsClosed) {
  HttpServer server(Options());
  ASSERT_TRUE(server.Start().ok());
  // ExchangeRaw returns only once the server has closed its side.
  std::string answer = ExchangeRaw(server.port(), "BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(answer.rfind("HTTP/1.1 400", 0), 0u) << answer;
  EXPECT_NE(answer.find("Connection: Close"), std::string::npos);
  answer = ExchangeRaw(server.port(), "GET /x HTTP/9.9\r\n\r\n");
  EXPECT_NE(answer.find(" 400 "), std::string::npos) << answer;
}

TEST_F(HttpServerTest, SlowClientGets408AndIsDisconnected) {
  HttpServerOptions o = Options();
  o.header_timeout = milliseconds(200);
  HttpServer server(o);
  ASSERT_TRUE(server.Start().ok());
  // Headers never finish; ExchangeRaw returns once the server has closed the connection.
  std::string answer = ExchangeRaw(server.port(), "GET /p HTTP/1.1\r\nHost: x\r\n");
  EXPECT_EQ(answer.rfind("HTTP/1.1 408", 0), 0u) << answer;
}

TEST_F(HttpServerTest, AnswerOverMaxResponseBytesBecomes500) {
  HttpServerOptions o = Options();
  o.max_response_bytes = 1 << 20;
  HttpServer server(o);
  server.Route("GET", "/huge", [](const Request&, Responder out) {
    out.Send(Response::Text(200, std::string(2 << 20, 'h')));
  });
  server.Route("GET", "/fits", [](const Request&, Responder out) {
    out.Send(Response::Text(200, std::string(1 << 20, 'f')));
  });
  ASSERT_TRUE(server.Start().ok());
  auto huge = Call("GET", Url(server, "/huge"));
  ASSERT_TRUE(huge.ok()) << huge.status();
  EXPECT_EQ(huge->status, 500);
  auto fits = Call("GET", Url(server, "/fits"));
  ASSERT_TRUE(fits.ok()) << fits.status();
  EXPECT_EQ(fits->body.size(), size_t{1} << 20);
}

TEST_F(HttpServerTest, PortInUseIsUnavailable) {
  HttpServer first(Options());
  ASSERT_TRUE(first.Start().ok());
  HttpServerOptions o = Options();
  o.port = first.port();
  HttpServer second(o);
  EXPECT_EQ(second.Start().code(), absl::StatusCode::kUnavailable);
}

TEST_F(HttpServerTest, ClosesAfterAnsweringConnectionClose) {
  HttpServer server(Options());
  server.Route("GET", "/p",
               [](const Request&, Responder out) { out.Send(Response::Text(200, "ok")); });
  ASSERT_TRUE(server.Start().ok());
  // ExchangeRaw returns only once the server has closed its side.
  std::string http10 = ExchangeRaw(server.port(), "GET /p HTTP/1.0\r\n\r\n");
  EXPECT_EQ(http10.rfind("HTTP/1.0 200", 0), 0u) << http10;
  EXPECT_NE(http10.find("Connection: Close"), std::string::npos);
  std::string close = ExchangeRaw(server.port(), "GET /p HTTP/1.1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(close.rfind("HTTP/1.1 200", 0), 0u) << close;
}

}  // namespace
}  // namespace mxedge::http
