#include "mxedge/indieweb/url_guard.hpp"

#include <gtest/gtest.h>

namespace mxedge::indieweb {
namespace {

IpAddress Ip(std::string_view text) { return *IpAddress::Parse(text); }

class UrlGuardTest : public ::testing::Test {
 protected:
  void SetUp() override {
    resolver_.Set("public.example", {Ip("93.184.216.34"), Ip("2606:2800:220:1::1")});
    resolver_.Set("internal.example", {Ip("10.0.0.5")});
    resolver_.Set("mixed.example", {Ip("93.184.216.34"), Ip("127.0.0.1")});
    resolver_.Set("metadata.example", {Ip("169.254.169.254")});
    resolver_.Set("localhost", {Ip("127.0.0.1"), Ip("::1")});
  }
  FakeResolver resolver_;
};

TEST_F(UrlGuardTest, AcceptsPublicHostsAndPinsTheAddress) {
  UrlGuard guard(resolver_);
  auto vetted = guard.Check("https://public.example/page?x=1");
  ASSERT_TRUE(vetted.ok()) << vetted.status();
  EXPECT_EQ(vetted->address.ToString(), "93.184.216.34");
  EXPECT_EQ(vetted->url.host, "public.example");
  auto literal = guard.Check("http://8.8.8.8:8080/");
  ASSERT_TRUE(literal.ok()) << literal.status();
  EXPECT_EQ(literal->address.ToString(), "8.8.8.8");
}

TEST_F(UrlGuardTest, RefusesInternalAddresses) {
  UrlGuard guard(resolver_);
  for (const char* url :
       {"http://internal.example/", "http://mixed.example/", "http://metadata.example/latest",
        "http://localhost/", "http://127.0.0.1/", "http://[::1]/", "http://[::ffff:127.0.0.1]/",
        "http://[64:ff9b::7f00:1]/", "http://[fd00::1]/", "http://[fe80::1]/", "http://100.64.1.1/",
        "http://192.168.0.1/", "http://0.0.0.0/", "http://224.0.0.1/"}) {
    auto vetted = guard.Check(url);
    EXPECT_EQ(vetted.status().code(), absl::StatusCode::kPermissionDenied) << url;
  }
}

TEST_F(UrlGuardTest, RefusesOddIpv4SpellingsEvenOfPublicAddresses) {
  UrlGuard guard(resolver_, {.allow_loopback_for_tests = true});
  for (const char* url : {"http://0177.0.0.1/", "http://2130706433/", "http://127.1/",
                          "http://0x7f.0.0.1/", "http://0x08.8.8.8/", "http://134744072/"}) {
    auto vetted = guard.Check(url);
    EXPECT_EQ(vetted.status().code(), absl::StatusCode::kPermissionDenied) << url;
    EXPECT_NE(vetted.status().message().find("unusual IPv4"), std::string::npos) << url;
  }
}

TEST_F(UrlGuardTest, RefusesOtherSchemesAndCredentials) {
  UrlGuard guard(resolver_);
  EXPECT_EQ(guard.Check("ftp://public.example/").status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(guard.Check("file:///etc/passwd").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(guard.Check("http://user:pw@public.example/").status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(guard.Check("public.example/").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(guard.Check("http://unknown.example/").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(UrlGuardTest, TestSwitchAllowsOnlyLoopback) {
  UrlGuard guard(resolver_, {.allow_loopback_for_tests = true});
  auto vetted = guard.Check("http://localhost:8090/");
  ASSERT_TRUE(vetted.ok()) << vetted.status();
  EXPECT_EQ(vetted->address.ToString(), "127.0.0.1");
  EXPECT_TRUE(guard.Check("http://[::1]:8090/").ok());
  EXPECT_EQ(guard.Check("http://internal.example/").status().code(),
            absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace mxedge::indieweb
