#include "pdu_trace.hpp"

#include <charconv>

#include "absl/strings/str_format.h"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::coap_cli {
namespace {

const char* TypeName(coap_pdu_type_t type) {
  switch (type) {
    case COAP_MESSAGE_CON:
      return "CON";
    case COAP_MESSAGE_NON:
      return "NON";
    case COAP_MESSAGE_ACK:
      return "ACK";
    case COAP_MESSAGE_RST:
      return "RST";
  }
  return "???";
}

std::string CodeName(coap_pdu_code_t code) {
  const unsigned raw = static_cast<unsigned>(code);
  switch (raw) {
    case 0:
      return "0.00";
    case 1:
      return "GET";
    case 2:
      return "POST";
    case 3:
      return "PUT";
    case 4:
      return "DELETE";
    case 5:
      return "FETCH";
    case 6:
      return "PATCH";
    case 7:
      return "iPATCH";
    default:
      return absl::StrFormat("%u.%02u", raw >> 5, raw & 0x1f);
  }
}

std::string Hex(const uint8_t* data, size_t length) {
  std::string out;
  for (size_t i = 0; i < length; ++i) {
    absl::StrAppendFormat(&out, "%02x", data[i]);
  }
  return out;
}

std::string DescribeOption(uint16_t number, const coap_opt_t* option) {
  const uint8_t* value = coap_opt_value(option);
  const uint32_t length = coap_opt_length(option);
  const auto text = [&] { return std::string(reinterpret_cast<const char*>(value), length); };
  const auto uint = [&] { return coap_decode_var_bytes(value, length); };
  switch (number) {
    case COAP_OPTION_URI_PATH:
      return common::Cat("Uri-Path \"", text(), "\"");
    case COAP_OPTION_URI_QUERY:
      return common::Cat("Uri-Query \"", text(), "\"");
    case COAP_OPTION_OBSERVE:
      return common::Cat("Observe ", uint());
    case COAP_OPTION_CONTENT_FORMAT:
      return common::Cat("Content-Format ", uint());
    case COAP_OPTION_ACCEPT:
      return common::Cat("Accept ", uint());
    case COAP_OPTION_MAXAGE:
      return common::Cat("Max-Age ", uint());
    case COAP_OPTION_ETAG:
      return common::Cat("ETag ", Hex(value, length));
    case COAP_OPTION_BLOCK1:
    case COAP_OPTION_BLOCK2: {
      const unsigned block = coap_decode_var_bytes(value, length);
      return absl::StrFormat("%s %u/%u/%u", number == COAP_OPTION_BLOCK1 ? "Block1" : "Block2",
                             block >> 4, (block >> 3) & 1, 16u << (block & 7));
    }
    case COAP_OPTION_SIZE1:
      return common::Cat("Size1 ", uint());
    case COAP_OPTION_SIZE2:
      return common::Cat("Size2 ", uint());
    case 256:
      return length == 0 ? std::string("access-token (clear)")
                         : common::Cat("access-token <", length, " bytes>");
    case 257:
      return common::Cat("enum-version ", uint());
    default:
      return common::Cat("option ", number, " <", length, " bytes>");
  }
}

}  // namespace

std::size_t PduWireSize(const coap_pdu_t* pdu) {
  const coap_bin_const_t token = coap_pdu_get_token(pdu);
  std::size_t size = 4 + token.length;
  coap_opt_iterator_t iterator;
  coap_option_iterator_init(pdu, &iterator, COAP_OPT_ALL);
  while (const coap_opt_t* option = coap_option_next(&iterator)) {
    size += coap_opt_size(option);
  }
  size_t length = 0;
  const uint8_t* data = nullptr;
  if (coap_get_data(pdu, &length, &data) != 0 && length > 0) {
    size += 1 + length;
  }
  return size;
}

std::string DescribePdu(char direction, const coap_pdu_t* pdu) {
  const coap_bin_const_t token = coap_pdu_get_token(pdu);
  std::string line = absl::StrFormat(
      "%c %s %s mid=0x%04x token=%s [", direction, TypeName(coap_pdu_get_type(pdu)),
      CodeName(coap_pdu_get_code(pdu)), static_cast<unsigned>(coap_pdu_get_mid(pdu)) & 0xffff,
      Hex(token.s, token.length));
  coap_opt_iterator_t iterator;
  coap_option_iterator_init(pdu, &iterator, COAP_OPT_ALL);
  bool first = true;
  while (const coap_opt_t* option = coap_option_next(&iterator)) {
    line += common::Cat(first ? "" : ", ", DescribeOption(iterator.number, option));
    first = false;
  }
  size_t length = 0;
  const uint8_t* data = nullptr;
  if (coap_get_data(pdu, &length, &data) == 0) {
    length = 0;
  }
  line += common::Cat("] payload ", length, " B, CoAP ", PduWireSize(pdu), " B");
  return line;
}

std::optional<DatagramEvent> ParseDatagramLog(std::string_view line) {
  for (const auto& [marker, sent] : {std::pair<std::string_view, bool>{": sent ", true},
                                     std::pair<std::string_view, bool>{": received ", false}}) {
    const size_t at = line.find(marker);
    if (at == std::string_view::npos) {
      continue;
    }
    std::string_view rest = line.substr(at + marker.size());
    std::size_t bytes = 0;
    const auto [end, error] = std::from_chars(rest.data(), rest.data() + rest.size(), bytes);
    if (error != std::errc() || end == rest.data()) {
      return std::nullopt;
    }
    rest = rest.substr(static_cast<size_t>(end - rest.data()));
    if (rest.substr(0, 6) != " bytes") {
      return std::nullopt;
    }
    if (rest.size() > 6 && rest[6] != '\n') {
      return std::nullopt;  // "sent 10 bytes of 20" and similar are not whole datagrams
    }
    return DatagramEvent{sent, bytes};
  }
  return std::nullopt;
}

}  // namespace mxedge::coap_cli
