#include "mxedge/matrix/homeserver_errors.hpp"

#include <nlohmann/json.hpp>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl_compat.hpp"
#include "mxedge/common/status_mapping.hpp"
#include "mxedge/http/retry_after.hpp"

namespace mxedge::matrix {

absl::StatusCode CodeFromHttpStatus(int http_status) {
  if (http_status >= 200 && http_status < 300) {
    return absl::StatusCode::kOk;
  }
  switch (http_status) {
    case 400:
      return absl::StatusCode::kInvalidArgument;
    case 401:
      return absl::StatusCode::kUnauthenticated;
    case 403:
      return absl::StatusCode::kPermissionDenied;
    case 404:
      return absl::StatusCode::kNotFound;
    case 405:
    case 501:
      return absl::StatusCode::kUnimplemented;
    case 408:
    case 504:
      return absl::StatusCode::kDeadlineExceeded;
    case 409:
      return absl::StatusCode::kAborted;
    case 413:
    case 429:
      return absl::StatusCode::kResourceExhausted;
    case 502:
    case 503:
      return absl::StatusCode::kUnavailable;
    default:
      break;
  }
  if (http_status >= 400 && http_status < 500) {
    return absl::StatusCode::kFailedPrecondition;
  }
  return absl::StatusCode::kInternal;
}

absl::Status StatusFromResponse(const http::Response& response, std::string_view context,
                                std::chrono::system_clock::time_point now) {
  const absl::StatusCode code = CodeFromHttpStatus(response.status);
  if (code == absl::StatusCode::kOk) {
    return absl::OkStatus();
  }
  std::string errcode;
  std::string error;
  const nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
  if (body.is_object()) {
    if (auto it = body.find("errcode"); it != body.end() && it->is_string()) {
      errcode = it->get<std::string>();
    }
    if (auto it = body.find("error"); it != body.end() && it->is_string()) {
      error = it->get<std::string>().substr(0, 300);
    }
  }
  std::string message = absl::StrCat(internal::Sv(context), ": HTTP ", response.status);
  if (!errcode.empty()) {
    absl::StrAppend(&message, " ", errcode);
  }
  if (!error.empty()) {
    absl::StrAppend(&message, ": ", error);
  }
  absl::Status status(code, message);
  if (!errcode.empty()) {
    status = common::WithMatrixErrcode(std::move(status), errcode);
  }
  if (std::optional<int64_t> wait = http::RetryAfterMs(response, now); wait.has_value()) {
    status = common::WithRetryAfter(std::move(status), std::chrono::milliseconds(*wait));
  }
  return status;
}

}  // namespace mxedge::matrix
