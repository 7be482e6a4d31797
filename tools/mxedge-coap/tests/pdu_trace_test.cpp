#include "pdu_trace.hpp"

#include <gtest/gtest.h>

namespace mxedge::coap_cli {
namespace {

class PduTraceTest : public ::testing::Test {
 protected:
  void SetUp() override { coap_startup(); }
};

TEST_F(PduTraceTest, WireSizeCountsHeaderTokenOptionsAndPayload) {
  coap_pdu_t* pdu = coap_pdu_init(COAP_MESSAGE_CON, COAP_REQUEST_CODE_GET, 0x1234, 128);
  ASSERT_NE(pdu, nullptr);
  const uint8_t token[2] = {0xab, 0xcd};
  ASSERT_TRUE(coap_add_token(pdu, 2, token));
  ASSERT_NE(coap_add_option(pdu, COAP_OPTION_URI_PATH, 1, reinterpret_cast<const uint8_t*>("7")),
            0u);
  const std::string access_token(26, 't');
  ASSERT_NE(coap_add_option(pdu, 256, access_token.size(),
                            reinterpret_cast<const uint8_t*>(access_token.data())),
            0u);
  ASSERT_TRUE(coap_add_data(pdu, 3, reinterpret_cast<const uint8_t*>("abc")));
  // 4 header + 2 token + (1 + 1) Uri-Path + (3 + 26) option 256 (delta 245: one extra byte for
  // the delta, one for the length) + 1 marker + 3 payload.
  EXPECT_EQ(PduWireSize(pdu), 4u + 2 + 2 + 29 + 1 + 3);
  const std::string line = DescribePdu('>', pdu);
  EXPECT_NE(line.find("> CON GET mid=0x1234 token=abcd"), std::string::npos) << line;
  EXPECT_NE(line.find("Uri-Path \"7\""), std::string::npos) << line;
  EXPECT_NE(line.find("access-token <26 bytes>"), std::string::npos) << line;
  EXPECT_EQ(line.find("tttt"), std::string::npos) << "the token must not be printed";
  EXPECT_NE(line.find("payload 3 B, CoAP 41 B"), std::string::npos) << line;
  coap_delete_pdu(pdu);
}

TEST_F(PduTraceTest, ResponseCodesAreDotted) {
  coap_pdu_t* pdu =
      coap_pdu_init(COAP_MESSAGE_ACK, static_cast<coap_pdu_code_t>(COAP_RESPONSE_CODE(429)), 1, 16);
  ASSERT_NE(pdu, nullptr);
  EXPECT_EQ(PduWireSize(pdu), 4u);
  EXPECT_NE(DescribePdu('<', pdu).find("< ACK 4.29"), std::string::npos);
  coap_delete_pdu(pdu);
}

TEST(ParseDatagramLogTest, SentAndReceived) {
  std::optional<DatagramEvent> sent =
      ParseDatagramLog("*  127.0.0.1:40000 <-> 127.0.0.1:5684 DTLS: sent 98 bytes\n");
  ASSERT_TRUE(sent.has_value());
  EXPECT_TRUE(sent->sent);
  EXPECT_EQ(sent->bytes, 98u);
  std::optional<DatagramEvent> received =
      ParseDatagramLog("*  127.0.0.1:40000 <-> 127.0.0.1:5683 UDP : received 12 bytes\n");
  ASSERT_TRUE(received.has_value());
  EXPECT_FALSE(received->sent);
  EXPECT_EQ(received->bytes, 12u);
}

TEST(ParseDatagramLogTest, OtherLinesAreIgnored) {
  EXPECT_FALSE(ParseDatagramLog("*  x: sent 10 bytes of 20\n").has_value());
  EXPECT_FALSE(ParseDatagramLog("*  x: failed to send 10 bytes\n").has_value());
  EXPECT_FALSE(ParseDatagramLog("v:1 t:CON c:GET i:1234").has_value());
  EXPECT_FALSE(ParseDatagramLog("*  x: sent many bytes").has_value());
}

}  // namespace
}  // namespace mxedge::coap_cli
