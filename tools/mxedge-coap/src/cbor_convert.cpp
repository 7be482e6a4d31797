#include "cbor_convert.hpp"

#include "absl/strings/ascii.h"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/msc3079/cbor_decoder.hpp"
#include "mxedge/msc3079/cbor_encoder.hpp"
#include "mxedge/msc3079/key_table.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::coap_cli {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

const msc3079::KeyTable& TableFor(const ConvertOptions& options) {
  return options.strings ? msc3079::KeyTable::Empty() : msc3079::KeyTable::V1();
}

}  // namespace

absl::StatusOr<std::string> DecodeHex(std::string_view hex) {
  std::string bytes;
  bytes.reserve(hex.size() / 2);
  int high = -1;
  for (size_t i = 0; i < hex.size(); ++i) {
    const char c = hex[i];
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      continue;
    }
    const int value = HexValue(c);
    if (value < 0) {
      return absl::InvalidArgumentError(common::Cat("not a hex digit at offset ", i));
    }
    if (high < 0) {
      high = value;
    } else {
      bytes.push_back(static_cast<char>((high << 4) | value));
      high = -1;
    }
  }
  if (high >= 0) {
    return absl::InvalidArgumentError("odd number of hex digits");
  }
  return bytes;
}

std::string EncodeHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 0x0f]);
  }
  return hex;
}

absl::StatusOr<std::string> CborToJson(std::string_view input, const ConvertOptions& options) {
  std::string bytes;
  if (options.hex) {
    absl::StatusOr<std::string> decoded = DecodeHex(input);
    if (!decoded.ok()) {
      return absl::InvalidArgumentError(common::Cat("bad hex input: ", decoded.status().message()));
    }
    bytes = *std::move(decoded);
  } else {
    bytes = std::string(input);
  }
  if (bytes.empty()) {
    return absl::InvalidArgumentError("empty input: expected one CBOR item");
  }
  msc3079::CborDecodeOptions decode_options;
  decode_options.key_table = &TableFor(options);
  absl::StatusOr<nlohmann::json> value = msc3079::DecodeCbor(bytes, decode_options);
  if (!value.ok()) {
    return absl::InvalidArgumentError(common::Cat("bad CBOR: ", value.status().message()));
  }
  return common::Cat(value->dump(), "\n");
}

absl::StatusOr<std::string> JsonToCbor(std::string_view input, const ConvertOptions& options) {
  nlohmann::json value;
  try {
    value = nlohmann::json::parse(input);
  } catch (const nlohmann::json::parse_error& error) {
    return absl::InvalidArgumentError(common::Cat("bad JSON at byte ", error.byte));
  } catch (const nlohmann::json::exception&) {
    return absl::InvalidArgumentError("bad JSON");
  }
  msc3079::CborEncodeOptions encode_options;
  encode_options.key_table = &TableFor(options);
  absl::StatusOr<std::string> bytes = msc3079::EncodeCbor(value, encode_options);
  if (!bytes.ok()) {
    return absl::InvalidArgumentError(
        common::Cat("cannot encode as CBOR: ", bytes.status().message()));
  }
  if (options.hex) {
    return common::Cat(EncodeHex(*bytes), "\n");
  }
  return *std::move(bytes);
}

}  // namespace mxedge::coap_cli
