#include "mxedge/indieweb/server_metadata.hpp"

#include <gtest/gtest.h>

#include "nlohmann/json.hpp"

namespace mxedge::indieweb {
namespace {

using nlohmann::json;

const char* kMetadataUrl = "https://auth.example/.well-known/oauth-authorization-server";

json Valid() {
  return {{"issuer", "https://auth.example/"},
          {"authorization_endpoint", "https://auth.example/auth"},
          {"token_endpoint", "https://auth.example/token"},
          {"introspection_endpoint", "https://auth.example/introspect"},
          {"revocation_endpoint", "https://auth.example/revoke"},
          {"code_challenge_methods_supported", {"S256"}},
          {"scopes_supported", {"create", "update"}},
          {"authorization_response_iss_parameter_supported", true}};
}

TEST(ParseServerMetadataTest, ReadsEveryMember) {
  auto m = ParseServerMetadata(Valid().dump(), kMetadataUrl);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->issuer, "https://auth.example/");
  EXPECT_EQ(m->authorization_endpoint, "https://auth.example/auth");
  EXPECT_EQ(m->token_endpoint, "https://auth.example/token");
  EXPECT_EQ(m->introspection_endpoint, "https://auth.example/introspect");
  EXPECT_EQ(m->revocation_endpoint, "https://auth.example/revoke");
  EXPECT_EQ(m->scopes_supported, (std::vector<std::string>{"create", "update"}));
  EXPECT_TRUE(m->authorization_response_iss_parameter_supported);
  EXPECT_TRUE(m->SupportsS256());
  EXPECT_TRUE(m->userinfo_endpoint.empty());
}

TEST(ParseServerMetadataTest, PkceSupportFollowsTheAdvertisedList) {
  json doc = Valid();
  doc["code_challenge_methods_supported"] = {"plain"};
  EXPECT_FALSE(ParseServerMetadata(doc.dump(), kMetadataUrl)->SupportsS256());
  doc.erase("code_challenge_methods_supported");
  EXPECT_TRUE(ParseServerMetadata(doc.dump(), kMetadataUrl)->SupportsS256());
}

TEST(ParseServerMetadataTest, IssuerMustPrefixTheMetadataUrl) {
  json doc = Valid();
  doc["issuer"] = "https://other.example/";
  auto m = ParseServerMetadata(doc.dump(), kMetadataUrl);
  EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(m.status().message().find("prefix"), std::string::npos);
  doc["issuer"] = "https://auth.example/?x=1";
  EXPECT_FALSE(ParseServerMetadata(doc.dump(), kMetadataUrl).ok());
}

TEST(ParseServerMetadataTest, MalformedDocumentsNameTheMember) {
  EXPECT_FALSE(ParseServerMetadata("not json", kMetadataUrl).ok());
  EXPECT_FALSE(ParseServerMetadata("[1]", kMetadataUrl).ok());
  EXPECT_FALSE(ParseServerMetadata(std::string(70'000, ' '), kMetadataUrl).ok());
  const std::pair<const char*, json> cases[] = {
      {"issuer", nullptr},
      {"authorization_endpoint", nullptr},
      {"token_endpoint", 5},
      {"revocation_endpoint", "javascript:alert(1)"},
      {"code_challenge_methods_supported", "S256"},
      {"scopes_supported", {1, 2}},
      {"authorization_response_iss_parameter_supported", "yes"},
  };
  for (const auto& [member, value] : cases) {
    json doc = Valid();
    if (value.is_null()) {
      doc.erase(member);
    } else {
      doc[member] = value;
    }
    auto m = ParseServerMetadata(doc.dump(), kMetadataUrl);
    EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument) << member;
    EXPECT_NE(m.status().message().find(member), std::string::npos) << m.status();
  }
}

}  // namespace
}  // namespace mxedge::indieweb
