#include "coap_pdu_codec.hpp"

#include <algorithm>
#include <cstdint>

namespace mxedge::coap_gateway {
namespace {

// Bytes of an option delta or length nibble extension (RFC 7252 §3.1).
std::size_t ExtensionBytes(std::size_t value) {
  if (value < 13) {
    return 0;
  }
  if (value < 269) {
    return 1;
  }
  return 2;
}

}  // namespace

std::vector<CoapOption> ReadOptions(const coap_pdu_t* pdu) {
  std::vector<CoapOption> options;
  coap_opt_iterator_t iterator;
  if (coap_option_iterator_init(pdu, &iterator, COAP_OPT_ALL) == nullptr) {
    return options;
  }
  while (coap_opt_t* option = coap_option_next(&iterator)) {
    const std::uint8_t* value = coap_opt_value(option);
    const std::uint32_t length = coap_opt_length(option);
    options.push_back(CoapOption{static_cast<std::uint16_t>(iterator.number),
                                 std::string(reinterpret_cast<const char*>(value), length)});
  }
  return options;
}

std::string ReadPayload(const coap_pdu_t* pdu) {
  std::size_t length = 0;
  const std::uint8_t* data = nullptr;
  if (coap_get_data(pdu, &length, &data) == 0 || data == nullptr) {
    return {};
  }
  return std::string(reinterpret_cast<const char*>(data), length);
}

std::size_t EncodedSize(std::size_t token_length, const std::vector<CoapOption>& options,
                        std::size_t payload_length) {
  std::size_t size = 4 + token_length;
  std::uint16_t previous = 0;
  for (const CoapOption& option : options) {
    const std::size_t delta = option.number - previous;
    previous = option.number;
    size += 1 + ExtensionBytes(delta) + ExtensionBytes(option.value.size()) + option.value.size();
  }
  if (payload_length > 0) {
    size += 1 + payload_length;
  }
  return size;
}

bool WriteMessage(const OutboundMessage& message, coap_pdu_t* pdu) {
  coap_pdu_set_code(pdu, static_cast<coap_pdu_code_t>(message.code.raw()));
  std::vector<const CoapOption*> sorted;
  sorted.reserve(message.options.size());
  for (const CoapOption& option : message.options) {
    sorted.push_back(&option);
  }
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const CoapOption* a, const CoapOption* b) { return a->number < b->number; });
  for (const CoapOption* option : sorted) {
    if (coap_add_option(pdu, option->number, option->value.size(),
                        reinterpret_cast<const std::uint8_t*>(option->value.data())) == 0) {
      return false;
    }
  }
  if (!message.payload.empty() &&
      coap_add_data(pdu, message.payload.size(),
                    reinterpret_cast<const std::uint8_t*>(message.payload.data())) == 0) {
    return false;
  }
  return true;
}

}  // namespace mxedge::coap_gateway
