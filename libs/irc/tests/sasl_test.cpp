#include "mxedge/irc/sasl.hpp"

#include <gtest/gtest.h>

#include "mxedge/irc/formatter.hpp"

namespace mxedge::irc {
namespace {

TEST(Base64EncodeTest, Rfc4648Vectors) {
  EXPECT_EQ(Base64Encode(""), "");
  EXPECT_EQ(Base64Encode("f"), "Zg==");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  EXPECT_EQ(Base64Encode("foo"), "Zm9v");
  EXPECT_EQ(Base64Encode("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64Encode("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode("\xff\xfe\xfd"), "//79");
}

TEST(SaslPlainTest, PayloadIsAuthzidAuthcidPasswordWithNuls) {
  // base64("\0jilles\0sesame"), the example of the IRCv3 SASL spec.
  EXPECT_EQ(SaslPlainPayload("jilles", "sesame"), "AGppbGxlcwBzZXNhbWU=");
  EXPECT_EQ(SaslPlainPayload("u", "p", "z"), Base64Encode(std::string("z\0u\0p", 5)));
}

TEST(SaslPlainTest, ChunksOf400WithPlusAfterAnExactMultiple) {
  EXPECT_EQ(AuthenticateChunks(""), std::vector<std::string>{"+"});
  EXPECT_EQ(AuthenticateChunks("abc"), std::vector<std::string>{"abc"});
  const std::string exact(400, 'A');
  EXPECT_EQ(AuthenticateChunks(exact), (std::vector<std::string>{exact, "+"}));
  const std::string two(800, 'B');
  EXPECT_EQ(AuthenticateChunks(two),
            (std::vector<std::string>{std::string(400, 'B'), std::string(400, 'B'), "+"}));
  const std::string over(401, 'C');
  EXPECT_EQ(AuthenticateChunks(over), (std::vector<std::string>{std::string(400, 'C'), "C"}));
}

TEST(SaslPlainTest, MessagesAreAuthenticateLines) {
  const std::vector<Message> messages = SaslPlainMessages("jilles", "sesame");
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(*FormatMessage(messages[0]), "AUTHENTICATE AGppbGxlcwBzZXNhbWU=\r\n");
  // A long password spills over lines; every line stays within 400 payload bytes.
  const std::vector<Message> long_messages = SaslPlainMessages("user", std::string(600, 'p'));
  ASSERT_EQ(long_messages.size(), 3u);  // (1 + 4 + 1 + 600) bytes → 808 base64 → 400 + 400 + 8
  EXPECT_EQ(long_messages[0].params[0].size(), 400u);
  EXPECT_EQ(long_messages[2].params[0].size(), 8u);
}

TEST(SaslMechanismsTest, SplitsTheCapValue) {
  EXPECT_EQ(SaslMechanisms("PLAIN,EXTERNAL"), (std::vector<std::string>{"PLAIN", "EXTERNAL"}));
  EXPECT_EQ(SaslMechanisms(""), std::vector<std::string>{});
  EXPECT_EQ(SaslMechanisms("PLAIN,,"), std::vector<std::string>{"PLAIN"});
}

}  // namespace
}  // namespace mxedge::irc
