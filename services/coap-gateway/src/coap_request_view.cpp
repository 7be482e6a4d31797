#include "coap_request_view.hpp"

#include "mxedge/common/str_cat.hpp"

namespace mxedge::coap_gateway {
namespace {

absl::Status BadOption(std::uint16_t number, std::string_view why) {
  return WithCoapCode(absl::InvalidArgumentError(common::Cat("option ", number, ": ", why)),
                      kCoapBadOption);
}

absl::StatusOr<std::uint32_t> Uint(const CoapOption& option) {
  auto value = DecodeUintOption(option.value);
  if (!value.ok()) {
    return BadOption(option.number, "not a uint of at most 4 bytes");
  }
  return *value;
}

}  // namespace

absl::StatusOr<RequestView> ViewRequest(const InboundRequest& inbound) {
  RequestView view;
  view.request.method = inbound.code;
  view.request.body = inbound.payload;
  for (const CoapOption& option : inbound.options) {
    switch (option.number) {
      case kOptionUriPath:
        view.request.uri_path.push_back(option.value);
        break;
      case kOptionUriQuery:
        view.request.uri_query.push_back(option.value);
        break;
      case kOptionAccessToken:
        view.request.access_token = option.value;
        break;
      case kOptionEnumVersion: {
        if (option.value.size() > 8) {
          return BadOption(option.number, "not a uint of at most 8 bytes");
        }
        std::uint64_t value = 0;
        for (char byte : option.value) {
          value = (value << 8) | static_cast<std::uint8_t>(byte);
        }
        view.request.enum_version = value;
        break;
      }
      case kOptionContentFormat:
      case kOptionAccept:
      case kOptionObserve:
      case kOptionSize1: {
        auto value = Uint(option);
        if (!value.ok()) {
          return value.status();
        }
        if (option.number == kOptionContentFormat || option.number == kOptionAccept) {
          if (*value > 0xffff) {
            return BadOption(option.number, "a content format is at most 2 bytes");
          }
          (option.number == kOptionContentFormat ? view.request.content_format
                                                 : view.request.accept) =
              static_cast<std::uint16_t>(*value);
        } else if (option.number == kOptionObserve) {
          view.observe = *value;
        } else {
          view.size1 = *value;
        }
        break;
      }
      default:
        break;
    }
  }
  auto block1 = FindBlockOption(inbound.options, kOptionBlock1);
  if (!block1.ok()) {
    return block1.status();
  }
  view.block1 = *block1;
  auto block2 = FindBlockOption(inbound.options, kOptionBlock2);
  if (!block2.ok()) {
    return block2.status();
  }
  view.block2 = *block2;
  return view;
}

OutboundMessage ToOutbound(const CoapResponse& response) {
  OutboundMessage message;
  message.code = response.code;
  if (response.content_format) {
    message.options.push_back({kOptionContentFormat, EncodeUintOption(*response.content_format)});
  }
  if (response.max_age) {
    message.options.push_back({kOptionMaxAge, EncodeUintOption(*response.max_age)});
  }
  message.payload = response.body;
  return message;
}

}  // namespace mxedge::coap_gateway
