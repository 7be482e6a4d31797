#include "mxedge/msc3079/coap_code.hpp"

#include <gtest/gtest.h>

#include <map>

namespace mxedge::msc3079 {
namespace {

TEST(CoapCodeTest, FormatsAsClassDotDetail) {
  EXPECT_EQ(CoapCode(4, 4).ToString(), "4.04");
  EXPECT_EQ(CoapCode(2, 5).ToString(), "2.05");
  EXPECT_EQ(CoapCode(4, 29).ToString(), "4.29");
  EXPECT_EQ(CoapCode().ToString(), "0.00");
  EXPECT_EQ(CoapCode(4, 4).raw(), 0x84);
  EXPECT_EQ(CoapCode::FromRaw(0xa3), CoapCode(5, 3));
  EXPECT_EQ(CoapCode::FromRaw(0x45).code_class(), 2);
  EXPECT_EQ(CoapCode::FromRaw(0x45).detail(), 5);
}

TEST(CoapCodeTest, HttpStatusMapsPerTheTable) {
  const std::map<int, std::string> table = {
      {200, "2.05"}, {400, "4.00"}, {401, "4.01"}, {403, "4.03"}, {404, "4.04"}, {405, "4.05"},
      {406, "4.06"}, {409, "4.09"}, {412, "4.12"}, {413, "4.13"}, {415, "4.15"}, {429, "4.29"},
      {500, "5.00"}, {501, "5.01"}, {502, "5.02"}, {503, "5.03"}, {504, "5.04"}};
  for (const auto& [http, coap] : table) {
    EXPECT_EQ(HttpStatusToCoap(http).ToString(), coap) << http;
    EXPECT_EQ(CoapToHttpStatus(HttpStatusToCoap(http)), http) << http;
  }
}

TEST(CoapCodeTest, NeverAnswersZero) {
  EXPECT_EQ(HttpStatusToCoap(201), kCoapContent);
  EXPECT_EQ(HttpStatusToCoap(204), kCoapContent);
  EXPECT_EQ(HttpStatusToCoap(418), kCoapBadRequest);
  EXPECT_EQ(HttpStatusToCoap(499), kCoapBadRequest);
  EXPECT_EQ(HttpStatusToCoap(507), kCoapInternalServerError);
  EXPECT_EQ(HttpStatusToCoap(302), kCoapBadGateway);
  EXPECT_EQ(HttpStatusToCoap(100), kCoapBadGateway);
  EXPECT_EQ(HttpStatusToCoap(0), kCoapBadGateway);
  EXPECT_EQ(HttpStatusToCoap(-1), kCoapBadGateway);
  for (int status = -10; status < 1000; ++status) {
    EXPECT_NE(HttpStatusToCoap(status).raw(), 0) << status;
  }
}

TEST(CoapCodeTest, CoapCodesMapBackToHttp) {
  EXPECT_EQ(CoapToHttpStatus(CoapCode(2, 1)), 200);
  EXPECT_EQ(CoapToHttpStatus(CoapCode(2, 4)), 200);
  EXPECT_EQ(CoapToHttpStatus(CoapCode(4, 2)), 400);
  EXPECT_EQ(CoapToHttpStatus(CoapCode(4, 8)), 400);
  EXPECT_EQ(CoapToHttpStatus(CoapCode(5, 5)), 500);
  EXPECT_EQ(CoapToHttpStatus(CoapCode(0, 0)), 502);
  EXPECT_EQ(CoapToHttpStatus(CoapCode(7, 31)), 502);
}

}  // namespace
}  // namespace mxedge::msc3079
