#include "coap_address.hpp"

#include <arpa/inet.h>

#include "coap_transport.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::coap_gateway {

absl::StatusOr<coap_address_t> ParseAddress(const std::string& host, std::uint16_t port,
                                            std::string_view setting) {
  coap_address_t address;
  coap_address_init(&address);
  if (inet_pton(AF_INET, host.c_str(), &address.addr.sin.sin_addr) == 1) {
    address.addr.sin.sin_family = AF_INET;
    address.addr.sin.sin_port = htons(port);
    address.size = sizeof(address.addr.sin);
    return address;
  }
  if (inet_pton(AF_INET6, host.c_str(), &address.addr.sin6.sin6_addr) == 1) {
    address.addr.sin6.sin6_family = AF_INET6;
    address.addr.sin6.sin6_port = htons(port);
    address.size = sizeof(address.addr.sin6);
    return address;
  }
  return absl::InvalidArgumentError(common::Cat(setting, ": not an IPv4 or IPv6 address: ", host));
}

absl::Status ValidatePlainBindAddress(std::string_view address) {
  std::string host(address);
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
    if ((ntohl(v4.s_addr) >> 24) == 127) {
      return absl::OkStatus();
    }
  } else {
    in6_addr v6{};
    if (inet_pton(AF_INET6, host.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6)) {
      return absl::OkStatus();
    }
  }
  return absl::InvalidArgumentError(common::Cat(
      "plain_bind_address: plain CoAP (no DTLS) is only served on a loopback address, not ",
      address));
}

}  // namespace mxedge::coap_gateway
