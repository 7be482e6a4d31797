#include "mxedge/rpc/bearer_token.hpp"

#include <gtest/gtest.h>

#include "grpcpp/test/server_context_test_spouse.h"
#include "mxedge/common/status_mapping.hpp"

namespace mxedge::rpc {
namespace {

TEST(BearerTokenVerifierTest, AcceptsTheExactHeader) {
  BearerTokenVerifier verifier("s3cret");
  EXPECT_TRUE(verifier.CheckHeaderValue("Bearer s3cret").ok());
}

TEST(BearerTokenVerifierTest, RejectsWrongMissingOrMalformedHeaders) {
  BearerTokenVerifier verifier("s3cret");
  for (std::string_view bad : {"", "Bearer", "Bearer ", "Bearer s3cre", "Bearer s3cret2",
                               "bearer s3cret", "s3cret", "Basic s3cret", " Bearer s3cret"}) {
    absl::Status status = verifier.CheckHeaderValue(bad);
    EXPECT_EQ(status.code(), absl::StatusCode::kUnauthenticated) << bad;
    EXPECT_EQ(common::PublicMessage(status).find("s3cret"), std::string::npos);
  }
}

TEST(BearerTokenVerifierTest, AnEmptyTokenRefusesEverything) {
  BearerTokenVerifier verifier("");
  for (std::string_view header : {"", "Bearer", "Bearer ", "Bearer x"}) {
    EXPECT_EQ(verifier.CheckHeaderValue(header).code(), absl::StatusCode::kUnauthenticated)
        << header;
  }
}

TEST(BearerTokenVerifierTest, ChecksServerContextMetadata) {
  BearerTokenVerifier verifier("tok");
  grpc::ServerContext ok_context;
  grpc::testing::ServerContextTestSpouse ok_spouse(&ok_context);
  ok_spouse.AddClientMetadata("authorization", "Bearer tok");
  EXPECT_TRUE(verifier.Check(ok_context).ok());
  EXPECT_TRUE(verifier.CheckGrpc(ok_context).ok());

  grpc::ServerContext missing;
  EXPECT_EQ(verifier.CheckGrpc(missing).error_code(), grpc::StatusCode::UNAUTHENTICATED);

  grpc::ServerContext wrong;
  grpc::testing::ServerContextTestSpouse wrong_spouse(&wrong);
  wrong_spouse.AddClientMetadata("authorization", "Bearer other");
  EXPECT_EQ(verifier.Check(wrong).code(), absl::StatusCode::kUnauthenticated);
}

TEST(BearerTokenVerifierTest, RejectsTwoAuthorizationValues) {
  BearerTokenVerifier verifier("tok");
  grpc::ServerContext context;
  grpc::testing::ServerContextTestSpouse spouse(&context);
  spouse.AddClientMetadata("authorization", "Bearer tok");
  spouse.AddClientMetadata("authorization", "Bearer other");
  EXPECT_EQ(verifier.Check(context).code(), absl::StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace mxedge::rpc
