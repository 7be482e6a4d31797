#include "mxedge/msc3079/coap_code.hpp"

#include <array>
#include <cstdio>

namespace mxedge::msc3079 {
namespace {

struct StatusPair {
  int http;
  CoapCode coap;
};

// The MSC3079 README table: lb's entries plus the codes lb answered with 0.00.
constexpr std::array<StatusPair, 16> kErrorStatuses = {{
    {400, CoapCode(4, 0)},
    {401, CoapCode(4, 1)},
    {403, CoapCode(4, 3)},
    {404, CoapCode(4, 4)},
    {405, CoapCode(4, 5)},
    {406, CoapCode(4, 6)},
    {409, CoapCode(4, 9)},
    {412, CoapCode(4, 12)},
    {413, CoapCode(4, 13)},
    {415, CoapCode(4, 15)},
    {429, CoapCode(4, 29)},
    {500, CoapCode(5, 0)},
    {501, CoapCode(5, 1)},
    {502, CoapCode(5, 2)},
    {503, CoapCode(5, 3)},
    {504, CoapCode(5, 4)},
}};

}  // namespace

std::string CoapCode::ToString() const {
  char buffer[8];
  const int length =
      std::snprintf(buffer, sizeof(buffer), "%u.%02u", static_cast<unsigned>(code_class()),
                    static_cast<unsigned>(detail()));
  return std::string(buffer, static_cast<std::size_t>(length));
}

CoapCode HttpStatusToCoap(int http_status) {
  if (http_status >= 200 && http_status <= 299) {
    return kCoapContent;
  }
  for (const StatusPair& pair : kErrorStatuses) {
    if (pair.http == http_status) {
      return pair.coap;
    }
  }
  if (http_status >= 400 && http_status <= 499) {
    return kCoapBadRequest;
  }
  if (http_status >= 500 && http_status <= 599) {
    return kCoapInternalServerError;
  }
  return kCoapBadGateway;
}

int CoapToHttpStatus(CoapCode code) {
  if (code.IsSuccess()) {
    return 200;
  }
  for (const StatusPair& pair : kErrorStatuses) {
    if (pair.coap == code) {
      return pair.http;
    }
  }
  switch (code.code_class()) {
    case 4:
      return 400;
    case 5:
      return 500;
    default:
      return 502;
  }
}

}  // namespace mxedge::msc3079
