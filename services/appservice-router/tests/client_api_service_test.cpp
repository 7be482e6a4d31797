#include "client_api_service.hpp"

#include <gtest/gtest.h>

namespace mxedge::appservice_router {
namespace {

TEST(ClientApiPathTest, AcceptsClientPaths) {
  for (std::string_view ok : {"/_matrix/client/versions", "/_matrix/client/v3/sync",
                              "/_matrix/client/v3/rooms/%21a%3Aexample.org/send/m.room.message/1",
                              "/_matrix/client/v3/rooms/%21a%3Aexample.org/event/%24abc%2Fdef",
                              "/_matrix/client/r0/profile/%40u%3Aexample.org/displayname"}) {
    EXPECT_TRUE(ClientApiService::CheckPath(ok).ok()) << ok;
  }
}

TEST(ClientApiPathTest, DeniesPathsOutsideThePrefix) {
  for (std::string_view bad :
       {"", "/", "/_matrix/app/v1/transactions/1", "/_synapse/admin/v1/users",
        "/_matrix/media/v3/upload", "/_matrix/clientx/v3/sync", "_matrix/client/v3/sync",
        "/_matrix/client/../../_synapse/admin/v1/users", "/_matrix/client/v3/../../../_synapse",
        "/_matrix/client/%2e%2e/%2E%2E/_synapse/admin", "/_matrix/client/v3/%2e/sync",
        "/_matrix/client/./v3/sync", "/_matrix/client/v3/.%2E/x"}) {
    EXPECT_EQ(ClientApiService::CheckPath(bad).code(), absl::StatusCode::kPermissionDenied) << bad;
  }
}

TEST(ClientApiPathTest, RejectsMalformedPaths) {
  for (std::string_view bad :
       {"/_matrix/client/v3//sync", "/_matrix/client/v3/sync?x=1", "/_matrix/client/v3/sync#f",
        "/_matrix/client/v3/a\\b", "/_matrix/client/v3/a b", "/_matrix/client/v3/%zz",
        "/_matrix/client/v3/%4", "/_matrix/client/v3/sync/", "/_matrix/client/v3/\xc3\xa9",
        "/_matrix/client/v3/a\r\nX-Evil: 1"}) {
    EXPECT_EQ(ClientApiService::CheckPath(bad).code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(ClientApiPathTest, KnowsTheEndpointsCalledWithoutAToken) {
  EXPECT_TRUE(ClientApiService::IsUnauthenticatedEndpoint("/_matrix/client/versions"));
  EXPECT_TRUE(ClientApiService::IsUnauthenticatedEndpoint("/_matrix/client/v3/login"));
  EXPECT_TRUE(ClientApiService::IsUnauthenticatedEndpoint("/_matrix/client/r0/register"));
  EXPECT_TRUE(ClientApiService::IsUnauthenticatedEndpoint("/_matrix/client/v3/register/available"));
  EXPECT_TRUE(ClientApiService::IsUnauthenticatedEndpoint("/_matrix/client/v3/refresh"));
  EXPECT_FALSE(ClientApiService::IsUnauthenticatedEndpoint("/_matrix/client/v3/sync"));
  EXPECT_FALSE(ClientApiService::IsUnauthenticatedEndpoint("/_matrix/client/v3/logout"));
  EXPECT_FALSE(ClientApiService::IsUnauthenticatedEndpoint(
      "/_matrix/client/v3/register/email/requestToken"));
  EXPECT_FALSE(ClientApiService::IsUnauthenticatedEndpoint("/_matrix/client/v3"));
}

}  // namespace
}  // namespace mxedge::appservice_router
