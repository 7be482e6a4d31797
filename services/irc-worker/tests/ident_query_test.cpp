#include "ident_query.hpp"

#include <string>

#include "gtest/gtest.h"

namespace mxedge::irc_worker {
namespace {

TEST(ParseIdentQueryTest, ReadsBothPortsWithCrLf) {
  absl::StatusOr<IdentQuery> query = ParseIdentQuery("6193, 23\r\n");
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->local_port, 6193);
  EXPECT_EQ(query->remote_port, 23);
}

TEST(ParseIdentQueryTest, AcceptsBlanksAroundNumbersAndBareLf) {
  absl::StatusOr<IdentQuery> query = ParseIdentQuery(" \t54321 ,\t6667 \n");
  ASSERT_TRUE(query.ok()) << query.status();
  EXPECT_EQ(query->local_port, 54321);
  EXPECT_EQ(query->remote_port, 6667);
  EXPECT_TRUE(ParseIdentQuery("1,65535").ok());
}

TEST(ParseIdentQueryTest, RejectsEachMalformedClassPrecisely) {
  struct Case {
    std::string line;
    std::string message;
  };
  const Case cases[] = {
      {"", "empty line"},
      {"\r\n", "empty line"},
      {"6193 23", "expected ','"},
      {", 23", "local port is missing"},
      {"6193,", "remote port is missing"},
      {"0, 23", "local port 0 is not in 1-65535"},
      {"6193, 65536", "remote port 65536 is not in 1-65535"},
      {"000006193, 23", "local port is too long"},
      {"-1, 23", "local port is missing"},
      {"6193, 23 x", "unexpected bytes after the remote port"},
      {"6193, 23, 24", "unexpected bytes after the remote port"},
      {std::string(kMaxIdentQueryBytes + 1, ' '), "longer than"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<IdentQuery> query = ParseIdentQuery(c.line);
    ASSERT_FALSE(query.ok()) << c.line;
    EXPECT_EQ(query.status().code(), absl::StatusCode::kInvalidArgument) << c.line;
    EXPECT_NE(query.status().message().find(c.message), std::string::npos)
        << c.line << " → " << query.status();
  }
}

TEST(FormatIdentReplyTest, WritesRfc1413Lines) {
  const IdentQuery query{.local_port = 6193, .remote_port = 23};
  EXPECT_EQ(FormatIdentUserReply(query, "alice"), "6193 , 23 : USERID : UNIX : alice\r\n");
  EXPECT_EQ(FormatIdentErrorReply(query, "NO-USER"), "6193 , 23 : ERROR : NO-USER\r\n");
}

TEST(IsIdentUserTest, RefusesSeparatorsAndControls) {
  EXPECT_TRUE(IsIdentUser("alice_1"));
  EXPECT_FALSE(IsIdentUser(""));
  EXPECT_FALSE(IsIdentUser("a:b"));
  EXPECT_FALSE(IsIdentUser("a,b"));
  EXPECT_FALSE(IsIdentUser("a b"));
  EXPECT_FALSE(IsIdentUser("a\r\nb"));
  EXPECT_FALSE(IsIdentUser(std::string(65, 'a')));
}

}  // namespace
}  // namespace mxedge::irc_worker
