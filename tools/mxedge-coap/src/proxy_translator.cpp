#include "proxy_translator.hpp"

#include <string>

#include "ascii_text.hpp"
#include "coap_url.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/http/percent_encoding.hpp"
#include "mxedge/msc3079/cbor_decoder.hpp"
#include "mxedge/msc3079/cbor_encoder.hpp"
#include "mxedge/msc3079/content_format.hpp"
#include "mxedge/msc3079/path_codes.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::coap_cli {
namespace {

using msc3079::ContentFormat;

constexpr std::uint16_t Cf(ContentFormat format) { return static_cast<std::uint16_t>(format); }

std::string_view ErrcodeForStatus(int status) {
  switch (status) {
    case 400:
      return "M_BAD_JSON";
    case 401:
      return "M_MISSING_TOKEN";
    case 403:
      return "M_FORBIDDEN";
    case 404:
    case 405:
      return "M_UNRECOGNIZED";
    case 413:
      return "M_TOO_LARGE";
    case 429:
      return "M_LIMIT_EXCEEDED";
    default:
      return "M_UNKNOWN";
  }
}

absl::StatusOr<std::optional<std::string>> BearerToken(const http::Request& request) {
  const std::optional<std::string> header = request.Header("Authorization");
  if (!header.has_value()) {
    if (std::optional<std::string> query_token = request.QueryValue("access_token")) {
      return query_token;
    }
    return std::optional<std::string>();
  }
  std::string_view value = StripAsciiWhitespace(*header);
  if (value.size() < 7 || !StartsWithIgnoreCase(value, "Bearer ")) {
    return absl::UnauthenticatedError("only Bearer authorization can be carried over CoAP");
  }
  value = StripAsciiWhitespace(value.substr(7));
  if (value.empty()) {
    return absl::UnauthenticatedError("empty Bearer token");
  }
  return std::optional<std::string>(std::string(value));
}

absl::Status TranslateBody(const http::Request& request, CoapRequest& out) {
  if (request.body.empty()) {
    return absl::OkStatus();
  }
  const std::optional<std::string> content_type = request.Header("Content-Type");
  const std::optional<ContentFormat> format =
      content_type.has_value() ? msc3079::ContentFormatOf(*content_type) : ContentFormat::kJson;
  // Matrix bodies are JSON whatever the client labels them (curl -d says form-urlencoded, and
  // homeservers parse JSON regardless): an unknown or octet-stream type is tried as JSON too.
  const bool maybe_json = !format.has_value() || format == ContentFormat::kOctetStream;
  if (format == ContentFormat::kJson || maybe_json) {
    nlohmann::json json;
    try {
      json = nlohmann::json::parse(request.body);
    } catch (const nlohmann::json::exception&) {
      if (maybe_json) {
        out.body = request.body;
        out.content_format = Cf(ContentFormat::kOctetStream);
        return absl::OkStatus();
      }
      return absl::InvalidArgumentError("the request body is not JSON");
    }
    absl::StatusOr<std::string> cbor = msc3079::EncodeCbor(json);
    if (!cbor.ok()) {
      return absl::InvalidArgumentError(
          common::Cat("the request body cannot travel as CBOR: ", cbor.status().message()));
    }
    out.body = *std::move(cbor);
    out.content_format = Cf(ContentFormat::kCbor);
    return absl::OkStatus();
  }
  out.body = request.body;
  out.content_format = Cf(format.value_or(ContentFormat::kOctetStream));
  return absl::OkStatus();
}

}  // namespace

bool IsMediaPath(std::string_view raw_path) {
  return raw_path.starts_with("/_matrix/media/") ||
         raw_path.starts_with("/_matrix/client/v1/media/");
}

absl::StatusOr<CoapRequest> HttpToCoap(const http::Request& request) {
  CoapRequest out;
  absl::StatusOr<CoapMethod> method = ParseCoapMethod(request.method);
  if (!method.ok() || *method == CoapMethod::kFetch || *method == CoapMethod::kPatch ||
      *method == CoapMethod::kIPatch) {
    return absl::UnimplementedError(
        common::Cat("method ", request.method, " cannot be carried over CoAP"));
  }
  out.method = *method;

  for (const std::string& segment : msc3079::SplitCoapPath(CompressMatrixPath(request.raw_path))) {
    absl::StatusOr<std::string> decoded = http::PercentDecode(segment);
    if (!decoded.ok()) {
      return absl::InvalidArgumentError("malformed percent-escape in the request path");
    }
    out.path.push_back(*std::move(decoded));
  }

  absl::StatusOr<std::optional<std::string>> token = BearerToken(request);
  if (!token.ok()) {
    return token.status();
  }
  out.access_token = *std::move(token);
  const bool token_from_query = !request.Header("Authorization").has_value();
  for (const auto& [key, value] : request.query) {
    if (key == "access_token" && token_from_query) {
      continue;  // travels in option 256, sticky
    }
    out.query.push_back(common::Cat(key, "=", value));
  }

  if (absl::Status status = TranslateBody(request, out); !status.ok()) {
    return status;
  }
  return out;
}

http::Response CoapToHttp(const CoapResponse& response) {
  if (response.code == msc3079::CoapCode(2, 31)) {
    return http::Response::MatrixError(502, "M_UNKNOWN",
                                       "the gateway answered 2.31 Continue as a final response");
  }
  const int status = msc3079::CoapToHttpStatus(response.code);
  http::Response out;
  const std::optional<std::uint16_t> format = response.content_format;
  if (response.body.empty()) {
    out = status == 200 ? http::Response::Json(200, "{}")
                        : http::Response::MatrixError(
                              status, ErrcodeForStatus(status),
                              common::Cat("the gateway answered ", response.code.ToString()));
  } else if (!format.has_value() || *format == Cf(ContentFormat::kCbor)) {
    absl::StatusOr<nlohmann::json> json = msc3079::DecodeCbor(response.body);
    if (json.ok()) {
      out = http::Response::Json(status, json->dump());
    } else if (format.has_value()) {
      return http::Response::MatrixError(502, "M_UNKNOWN",
                                         "the gateway's answer is not valid MSC3079 CBOR");
    } else {
      // Unlabelled and not CBOR: passed on as it came.
      out.status = status;
      out.body = response.body;
      http::SetHeader(out.headers, "Content-Type", "application/octet-stream");
    }
  } else if (*format == Cf(ContentFormat::kJson)) {
    out = http::Response::Json(status, response.body);
  } else if (*format == Cf(ContentFormat::kTextPlain)) {
    out = http::Response::Text(status, response.body);
  } else {
    out.status = status;
    out.body = response.body;
    http::SetHeader(out.headers, "Content-Type", "application/octet-stream");
  }
  if (response.max_age.has_value() && status >= 400) {
    http::SetHeader(out.headers, "Retry-After", std::to_string(*response.max_age));
  }
  return out;
}

http::Response RewriteHomeserverBaseUrl(http::Response response, std::string_view raw_path,
                                        std::string_view proxy_base_url) {
  const bool login = raw_path.ends_with("/login") && raw_path.starts_with("/_matrix/client/");
  const bool well_known = raw_path == "/.well-known/matrix/client";
  if (response.status != 200 || (!login && !well_known)) {
    return response;
  }
  nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
  if (!body.is_object()) {
    return response;
  }
  nlohmann::json* discovery = &body;
  if (login) {
    auto it = body.find("well_known");
    if (it == body.end() || !it->is_object()) {
      return response;
    }
    discovery = &*it;
  }
  auto homeserver = discovery->find("m.homeserver");
  if (homeserver == discovery->end() || !homeserver->is_object() ||
      !homeserver->contains("base_url")) {
    return response;
  }
  (*homeserver)["base_url"] = std::string(proxy_base_url);
  response.body = body.dump();
  return response;
}

http::Response ErrorToHttp(const absl::Status& status) {
  const std::string message(status.message());
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
      return http::Response::MatrixError(
          400, message.find("JSON") != std::string::npos ? "M_NOT_JSON" : "M_INVALID_PARAM",
          message);
    case absl::StatusCode::kUnimplemented:
      return http::Response::MatrixError(405, "M_UNRECOGNIZED", message);
    case absl::StatusCode::kUnauthenticated:
      return http::Response::MatrixError(401, "M_MISSING_TOKEN", message);
    case absl::StatusCode::kDeadlineExceeded:
      return http::Response::MatrixError(504, "M_UNKNOWN",
                                         "the CoAP gateway did not answer in time");
    case absl::StatusCode::kResourceExhausted:
      return http::Response::MatrixError(503, "M_LIMIT_EXCEEDED", message);
    default:
      return http::Response::MatrixError(502, "M_UNKNOWN", "the CoAP gateway is unreachable");
  }
}

}  // namespace mxedge::coap_cli
