#include "request_translator.hpp"

#include <algorithm>
#include <string_view>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "mxedge/common/status_mapping.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/msc3079/cbor_decoder.hpp"
#include "mxedge/msc3079/content_format.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::coap_gateway {
namespace {

constexpr std::string_view kCoapCodePayload = "type.mxedge/coap_gateway.coap_code";
constexpr std::string_view kJsonType = "application/json";

absl::Status BadRequest(std::string_view message, std::string_view errcode) {
  absl::Status status = absl::InvalidArgumentError(common::Absl(message));
  return common::WithMatrixErrcode(std::move(status), errcode);
}

absl::StatusOr<v1::HttpMethod> MethodOf(std::uint8_t code) {
  switch (code) {
    case 1:
      return v1::HTTP_METHOD_GET;
    case 2:
      return v1::HTTP_METHOD_POST;
    case 3:
      return v1::HTTP_METHOD_PUT;
    case 4:
      return v1::HTTP_METHOD_DELETE;
    default:
      break;
  }
  absl::Status status = absl::UnimplementedError(
      common::Cat("Method 0.", code < 10 ? "0" : "", static_cast<int>(code), " is not supported"));
  status = common::WithMatrixErrcode(std::move(status), "M_UNRECOGNIZED");
  status = common::WithPublicMessage(std::move(status), common::Std(status.message()));
  return WithCoapCode(std::move(status), msc3079::kCoapMethodNotAllowed);
}

// The token of option 256 without a `Bearer ` prefix.
std::string_view StripBearer(std::string_view token) {
  constexpr std::string_view kScheme = "bearer ";
  if (token.size() >= kScheme.size() &&
      std::equal(kScheme.begin(), kScheme.end(), token.begin(),
                 [](char a, char b) { return a == absl::ascii_tolower(b); })) {
    token.remove_prefix(kScheme.size());
  }
  return token;
}

absl::Status AppendQuery(const std::vector<std::string>& options, v1::HttpCall& call) {
  for (const std::string& option : options) {
    std::string_view text = option;
    std::size_t eq = text.find('=');
    std::string_view key = text.substr(0, eq);
    std::string_view value =
        eq == std::string_view::npos ? std::string_view() : text.substr(eq + 1);
    if (key.empty()) {
      return BadRequest("Uri-Query option without a parameter name", "M_INVALID_PARAM");
    }
    v1::QueryParam* param = call.add_query();
    param->set_key(std::string(key));
    param->set_value(std::string(value));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> CborToJson(std::string_view body, const msc3079::KeyTable& table) {
  msc3079::CborDecodeOptions decode_options;
  decode_options.key_table = &table;
  absl::StatusOr<nlohmann::json> value = msc3079::DecodeCbor(body, decode_options);
  if (!value.ok()) {
    return BadRequest(common::Cat("Request body is not valid CBOR: ", value.status().message()),
                      "M_NOT_JSON");
  }
  return value->dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
}

bool IsJson(std::string_view body) { return nlohmann::json::accept(body.begin(), body.end()); }

// Sets body and content type of `call` from the request body and its Content-Format.
absl::Status TranslateBody(const CoapRequest& request, const TranslateOptions& options,
                           const msc3079::KeyTable& table, v1::HttpCall& call) {
  if (request.body.size() > options.max_body_bytes) {
    absl::Status status = absl::InvalidArgumentError(
        common::Cat("Request body of ", request.body.size(), " bytes exceeds the limit of ",
                    options.max_body_bytes));
    status = common::WithMatrixErrcode(std::move(status), "M_TOO_LARGE");
    return WithCoapCode(std::move(status), msc3079::kCoapRequestEntityTooLarge);
  }
  if (request.body.empty()) {
    return absl::OkStatus();
  }
  if (!request.content_format.has_value()) {
    msc3079::CborDecodeOptions decode_options;
    decode_options.key_table = &table;
    absl::StatusOr<nlohmann::json> value = msc3079::DecodeCbor(request.body, decode_options);
    if (value.ok() && (value->is_object() || value->is_array())) {
      call.set_body(value->dump(-1, ' ', false, nlohmann::json::error_handler_t::strict));
      call.set_content_type(std::string(kJsonType));
      return absl::OkStatus();
    }
    if (IsJson(request.body)) {
      call.set_body(request.body);
      call.set_content_type(std::string(kJsonType));
      return absl::OkStatus();
    }
    return BadRequest("Request body without Content-Format is neither a CBOR map or array nor JSON",
                      "M_NOT_JSON");
  }
  switch (*request.content_format) {
    case static_cast<std::uint16_t>(msc3079::ContentFormat::kCbor): {
      absl::StatusOr<std::string> json = CborToJson(request.body, table);
      if (!json.ok()) {
        return json.status();
      }
      call.set_body(*std::move(json));
      call.set_content_type(std::string(kJsonType));
      return absl::OkStatus();
    }
    case static_cast<std::uint16_t>(msc3079::ContentFormat::kJson):
      if (!IsJson(request.body)) {
        return BadRequest("Request body is not valid JSON", "M_NOT_JSON");
      }
      call.set_body(request.body);
      call.set_content_type(std::string(kJsonType));
      return absl::OkStatus();
    case static_cast<std::uint16_t>(msc3079::ContentFormat::kTextPlain):
    case static_cast<std::uint16_t>(msc3079::ContentFormat::kOctetStream):
      call.set_body(request.body);
      call.set_content_type(std::string(
          msc3079::MediaTypeOf(static_cast<msc3079::ContentFormat>(*request.content_format))));
      return absl::OkStatus();
    default:
      break;
  }
  absl::Status status = absl::InvalidArgumentError(
      common::Cat("Content-Format ", *request.content_format, " is not supported"));
  status = common::WithMatrixErrcode(std::move(status), "M_UNRECOGNIZED");
  return WithCoapCode(std::move(status), msc3079::CoapCode(4, 15));
}

}  // namespace

absl::Status WithCoapCode(absl::Status status, msc3079::CoapCode code) {
  if (status.ok()) {
    return status;
  }
  status.SetPayload(common::Absl(kCoapCodePayload),
                    absl::Cord(std::string(1, static_cast<char>(code.raw()))));
  return status;
}

std::optional<msc3079::CoapCode> CoapCodeOf(const absl::Status& status) {
  auto payload = status.GetPayload(common::Absl(kCoapCodePayload));
  if (!payload.has_value() || payload->size() != 1) {
    return std::nullopt;
  }
  std::string raw(*payload);
  return msc3079::CoapCode::FromRaw(static_cast<std::uint8_t>(raw[0]));
}

absl::StatusOr<v1::HttpCall> TranslateRequest(const CoapRequest& request,
                                              const TranslateOptions& options,
                                              SessionState& session) {
  v1::HttpCall call;
  absl::StatusOr<v1::HttpMethod> method = MethodOf(request.method);
  if (!method.ok()) {
    return method.status();
  }
  call.set_method(*method);

  msc3079::SessionEnumVersion enum_version = session.enum_version;
  if (absl::Status applied = enum_version.Apply(request.enum_version); !applied.ok()) {
    return common::WithMatrixErrcode(
        absl::InvalidArgumentError(common::Cat("Option 257: ", applied.message())),
        "M_INVALID_PARAM");
  }

  absl::StatusOr<std::string> path = msc3079::CoapPathToHttp(request.uri_path, options.api_version);
  if (!path.ok()) {
    return BadRequest(common::Std(path.status().message()), "M_INVALID_PARAM");
  }
  call.set_path(*std::move(path));

  if (absl::Status query = AppendQuery(request.uri_query, call); !query.ok()) {
    return query;
  }
  if (absl::Status body = TranslateBody(request, options, enum_version.key_table(), call);
      !body.ok()) {
    return body;
  }

  std::string token = session.access_token;
  if (request.access_token.has_value()) {
    token = std::string(StripBearer(*request.access_token));
  } else if (!options.sticky_tokens) {
    token.clear();
  }
  call.set_access_token(token);

  session.enum_version = enum_version;
  if (options.sticky_tokens) {
    session.access_token = std::move(token);
  }
  return call;
}

}  // namespace mxedge::coap_gateway
