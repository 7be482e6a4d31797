#include "response_translator.hpp"

#include <string_view>
#include <utility>

#include "mxedge/common/status_mapping.hpp"
#include "mxedge/msc3079/cbor_encoder.hpp"
#include "mxedge/msc3079/content_format.hpp"
#include "mxedge/msc3079/key_table.hpp"
#include "nlohmann/json.hpp"
#include "request_translator.hpp"

namespace mxedge::coap_gateway {
namespace {

constexpr std::string_view kVersionsPath = "/_matrix/client/versions";

const msc3079::KeyTable& TableFor(int version) {
  if (version < 0) {
    return msc3079::KeyTable::V1();
  }
  absl::StatusOr<const msc3079::KeyTable*> table =
      msc3079::KeyTable::ForVersion(static_cast<std::uint64_t>(version));
  return table.ok() ? **table : msc3079::KeyTable::V1();
}

std::optional<std::uint32_t> MaxAgeOf(std::int64_t retry_after_ms) {
  if (retry_after_ms <= 0) {
    return std::nullopt;
  }
  std::int64_t seconds = (retry_after_ms + 999) / 1000;
  constexpr std::int64_t kMax = 0xffffffff;
  return static_cast<std::uint32_t>(seconds > kMax ? kMax : seconds);
}

// CBOR (or JSON when encoding fails, which only a value nlohmann cannot hold would cause) of a
// Matrix error object.
CoapResponse MatrixErrorResponse(msc3079::CoapCode code, const nlohmann::json& error,
                                 const msc3079::KeyTable& table) {
  CoapResponse response;
  response.code = code;
  msc3079::CborEncodeOptions encode_options;
  encode_options.key_table = &table;
  absl::StatusOr<std::string> cbor = msc3079::EncodeCbor(error, encode_options);
  if (cbor.ok()) {
    response.body = *std::move(cbor);
    response.content_format = static_cast<std::uint16_t>(msc3079::ContentFormat::kCbor);
  } else {
    response.body = error.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    response.content_format = static_cast<std::uint16_t>(msc3079::ContentFormat::kJson);
  }
  return response;
}

void AddLowBandwidth(nlohmann::json& versions, std::uint16_t dtls_port) {
  nlohmann::json low_bandwidth = {
      {"dtls", dtls_port}, {"cbor_enum_version", 1}, {"coap_enum_version", 1}};
  versions["m.low_bandwidth"] = low_bandwidth;
  versions["org.matrix.msc3079.low_bandwidth"] = std::move(low_bandwidth);
}

}  // namespace

CoapResponse TranslateResponse(const v1::HttpResult& result, const ResponseOptions& options,
                               int key_table_version) {
  const msc3079::KeyTable& table = TableFor(key_table_version);
  CoapResponse response;
  response.code = msc3079::HttpStatusToCoap(result.status());
  if (result.status() == 429 || result.status() == 503) {
    response.max_age = MaxAgeOf(result.retry_after_ms());
  }
  if (result.body().empty()) {
    return response;
  }
  std::optional<msc3079::ContentFormat> format = msc3079::ContentFormatOf(result.content_type());
  if (format != msc3079::ContentFormat::kJson) {
    response.body = result.body();
    response.content_format =
        static_cast<std::uint16_t>(format.value_or(msc3079::ContentFormat::kOctetStream));
    return response;
  }

  nlohmann::json value = nlohmann::json::parse(result.body(), nullptr, false);
  if (value.is_discarded()) {
    nlohmann::json error = {{"errcode", "M_UNKNOWN"},
                            {"error", "The homeserver answered with invalid JSON"}};
    return MatrixErrorResponse(msc3079::kCoapBadGateway, error, table);
  }
  bool versions =
      options.http_path == kVersionsPath && response.code.IsSuccess() && value.is_object();
  if (versions) {
    AddLowBandwidth(value, options.dtls_port);
  }
  if (options.accept == static_cast<std::uint16_t>(msc3079::ContentFormat::kJson)) {
    response.body = versions ? value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                             : result.body();
    response.content_format = static_cast<std::uint16_t>(msc3079::ContentFormat::kJson);
    return response;
  }
  msc3079::CborEncodeOptions encode_options;
  encode_options.key_table = &table;
  absl::StatusOr<std::string> cbor = msc3079::EncodeCbor(value, encode_options);
  if (!cbor.ok()) {
    nlohmann::json error = {{"errcode", "M_UNKNOWN"},
                            {"error", "The homeserver's answer cannot be encoded as CBOR"}};
    return MatrixErrorResponse(msc3079::kCoapBadGateway, error, table);
  }
  response.body = *std::move(cbor);
  response.content_format = static_cast<std::uint16_t>(msc3079::ContentFormat::kCbor);
  return response;
}

CoapResponse ErrorResponse(const absl::Status& status, int key_table_version) {
  common::MatrixError matrix = common::ToMatrixError(status);
  msc3079::CoapCode code;
  if (std::optional<msc3079::CoapCode> attached = CoapCodeOf(status); attached.has_value()) {
    code = *attached;
  } else {
    common::CoapCode mapped = common::CoapCodeFromCode(status.code());
    code = msc3079::CoapCode(mapped.code_class, mapped.detail);
  }
  if (status.ok() || !(code.code_class() == 4 || code.code_class() == 5)) {
    code = msc3079::kCoapInternalServerError;
  }
  nlohmann::json error = {{"errcode", matrix.errcode}, {"error", matrix.error}};
  if (matrix.retry_after_ms.has_value()) {
    error["retry_after_ms"] = *matrix.retry_after_ms;
  }
  CoapResponse response = MatrixErrorResponse(code, error, TableFor(key_table_version));
  if (matrix.retry_after_ms.has_value()) {
    response.max_age = MaxAgeOf(*matrix.retry_after_ms);
  }
  return response;
}

}  // namespace mxedge::coap_gateway
