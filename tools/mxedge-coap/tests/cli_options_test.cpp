#include "cli_options.hpp"

#include <gtest/gtest.h>

namespace mxedge::coap_cli {
namespace {

absl::StatusOr<Invocation> Parse(std::vector<std::string> args) { return ParseInvocation(args); }

TEST(ParseInvocationTest, PlainGet) {
  absl::StatusOr<Invocation> got = Parse({"coap://h/_matrix/client/versions"});
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->command, Command::kRequest);
  EXPECT_EQ(got->request.method, "GET");
  EXPECT_EQ(got->request.url, "coap://h/_matrix/client/versions");
  EXPECT_FALSE(got->request.data.has_value());
  EXPECT_EQ(got->request.timeout, std::chrono::seconds(30));
}

TEST(ParseInvocationTest, DataImpliesPostUnlessAMethodIsGiven) {
  EXPECT_EQ(Parse({"-d", "{}", "coap://h/x"})->request.method, "POST");
  EXPECT_EQ(Parse({"-X", "put", "-d", "{}", "coap://h/x"})->request.method, "PUT");
  EXPECT_EQ(Parse({"--data={}", "--request=ipatch", "coap://h/x"})->request.method, "iPATCH");
}

TEST(ParseInvocationTest, AllRequestFlags) {
  absl::StatusOr<Invocation> got =
      Parse({"-X", "GET", "--psk", "client:sec:ret", "--observe", "--token", "syt_abc", "--accept",
             "json", "-v", "--timeout", "2.5", "coaps://h/_matrix/client/r0/sync"});
  ASSERT_TRUE(got.ok()) << got.status();
  const RequestOptions& r = got->request;
  EXPECT_EQ(r.dtls.psk_identity, "client");
  EXPECT_EQ(r.dtls.psk_key, "sec:ret");
  EXPECT_TRUE(r.observe);
  EXPECT_EQ(r.token, "syt_abc");
  EXPECT_TRUE(r.accept_json);
  EXPECT_TRUE(r.verbose);
  EXPECT_EQ(r.timeout, std::chrono::milliseconds(2500));
}

TEST(ParseInvocationTest, CaAndInsecure) {
  EXPECT_EQ(Parse({"--ca", "/x/ca.pem", "coaps://h/"})->request.dtls.ca_file, "/x/ca.pem");
  EXPECT_TRUE(Parse({"-k", "coaps://h/"})->request.dtls.insecure);
}

TEST(ParseInvocationTest, RejectsBadRequestLines) {
  const std::vector<std::vector<std::string>> bad = {
      {},
      {"-X", "GET"},
      {"-X"},
      {"-X", "BREW", "coap://h/"},
      {"coap://a/", "coap://b/"},
      {"--psk", "nokey", "coaps://h/"},
      {"--psk", ":k", "coaps://h/"},
      {"--psk", "id:", "coaps://h/"},
      {"--psk", "a:b", "--insecure", "coaps://h/"},
      {"--ca", "x", "-k", "coaps://h/"},
      {"--timeout", "0", "coap://h/"},
      {"--timeout", "-1", "coap://h/"},
      {"--timeout", "abc", "coap://h/"},
      {"--accept", "cbor", "coap://h/"},
      {"--token", "", "coap://h/"},
      {"--observe", "-X", "PUT", "coap://h/"},
      {"--frobnicate", "coap://h/"},
  };
  for (const auto& args : bad) {
    absl::StatusOr<Invocation> got = Parse(args);
    EXPECT_EQ(got.status().code(), absl::StatusCode::kInvalidArgument)
        << (args.empty() ? std::string("<none>") : args.front());
  }
}

TEST(ParseInvocationTest, HelpWinsAnywhere) {
  EXPECT_EQ(Parse({"--help"})->command, Command::kHelp);
  EXPECT_EQ(Parse({"-h", "coap://h/"})->command, Command::kHelp);
  EXPECT_EQ(Parse({"proxy", "--help"})->command, Command::kHelp);
  EXPECT_EQ(Parse({"cbor2json", "-h"})->command, Command::kHelp);
}

TEST(ParseInvocationTest, Converters) {
  absl::StatusOr<Invocation> got = Parse({"cbor2json", "--hex", "--strings"});
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->command, Command::kCborToJson);
  EXPECT_TRUE(got->convert.hex);
  EXPECT_TRUE(got->convert.strings);
  EXPECT_EQ(Parse({"json2cbor"})->command, Command::kJsonToCbor);
  EXPECT_FALSE(Parse({"json2cbor", "--pretty"}).ok());
}

TEST(ParseInvocationTest, Proxy) {
  absl::StatusOr<Invocation> got =
      Parse({"proxy", "--listen", "0.0.0.0:9000", "--media-upstream", "http://hs:8008", "--psk",
             "id:key", "--timeout=5", "--trace", "coaps://gw:5684"});
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->command, Command::kProxy);
  EXPECT_EQ(got->proxy.listen_host, "0.0.0.0");
  EXPECT_EQ(got->proxy.listen_port, 9000);
  EXPECT_EQ(got->proxy.media_upstream, "http://hs:8008");
  EXPECT_EQ(got->proxy.dtls.psk_identity, "id");
  EXPECT_EQ(got->proxy.timeout, std::chrono::seconds(5));
  EXPECT_EQ(got->proxy.gateway_url, "coaps://gw:5684");
  EXPECT_TRUE(got->proxy.trace);

  absl::StatusOr<Invocation> defaults = Parse({"proxy", "coap://gw"});
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->proxy.listen_host, "127.0.0.1");
  EXPECT_EQ(defaults->proxy.listen_port, 8009);
  EXPECT_FALSE(defaults->proxy.media_upstream.has_value());
  EXPECT_FALSE(defaults->proxy.trace);
}

TEST(ParseInvocationTest, RejectsBadProxyLines) {
  const std::vector<std::vector<std::string>> bad = {
      {"proxy"},
      {"proxy", "--listen", "8009", "coap://gw"},
      {"proxy", "--listen", "h:99999", "coap://gw"},
      {"proxy", "--listen", ":1", "coap://gw"},
      {"proxy", "--media-upstream", "ftp://x", "coap://gw"},
      {"proxy", "coap://a", "coap://b"},
      {"proxy", "--observe", "coap://gw"},
  };
  for (const auto& args : bad) {
    EXPECT_EQ(Parse(args).status().code(), absl::StatusCode::kInvalidArgument) << args[1];
  }
}

TEST(UsageTextTest, NamesEveryMode) {
  const std::string usage = UsageText("mxedge-coap");
  for (const char* word : {"cbor2json", "json2cbor", "proxy", "--psk", "--observe", "-v"}) {
    EXPECT_NE(usage.find(word), std::string::npos) << word;
  }
}

}  // namespace
}  // namespace mxedge::coap_cli
