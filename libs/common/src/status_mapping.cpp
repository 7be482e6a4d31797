#include "mxedge/common/status_mapping.hpp"

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "mxedge/common/log.hpp"

namespace mxedge::common {

namespace {

// Debian's abseil has its own string_view type, distinct from std::string_view.
absl::string_view Absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

constexpr std::string_view kErrcodeUrl = "type.mxedge.dev/mxedge.common.MatrixErrcode";
constexpr std::string_view kRetryAfterUrl = "type.mxedge.dev/mxedge.common.RetryAfterMs";
constexpr std::string_view kPublicMessageUrl = "type.mxedge.dev/mxedge.common.PublicMessage";

std::optional<std::string> PayloadOf(const absl::Status& status, std::string_view url) {
  if (status.ok()) {
    return std::nullopt;
  }
  auto payload = status.GetPayload(Absl(url));
  if (!payload.has_value()) {
    return std::nullopt;
  }
  return std::string(*payload);
}

absl::Status WithPayload(absl::Status status, std::string_view url, std::string_view value) {
  if (!status.ok()) {
    status.SetPayload(Absl(url), absl::Cord(Absl(value)));
  }
  return status;
}

std::string_view DerivedErrcode(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return "";
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return "M_INVALID_PARAM";
    case absl::StatusCode::kUnauthenticated:
      return "M_UNAUTHORIZED";
    case absl::StatusCode::kPermissionDenied:
      return "M_FORBIDDEN";
    case absl::StatusCode::kNotFound:
      return "M_NOT_FOUND";
    case absl::StatusCode::kResourceExhausted:
      return "M_LIMIT_EXCEEDED";
    case absl::StatusCode::kUnimplemented:
      return "M_UNRECOGNIZED";
    default:
      return "M_UNKNOWN";
  }
}

bool MessageIsAboutTheRequest(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kNotFound:
    case absl::StatusCode::kAlreadyExists:
      return true;
    default:
      return false;
  }
}

std::string_view GenericMessage(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return "";
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kFailedPrecondition:
      return "Bad request";
    case absl::StatusCode::kUnauthenticated:
      return "Authentication required";
    case absl::StatusCode::kPermissionDenied:
      return "Forbidden";
    case absl::StatusCode::kNotFound:
      return "Not found";
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
      return "Conflict";
    case absl::StatusCode::kResourceExhausted:
      return "Too many requests";
    case absl::StatusCode::kCancelled:
      return "Request cancelled";
    case absl::StatusCode::kUnimplemented:
      return "Not implemented";
    case absl::StatusCode::kUnavailable:
      return "Service unavailable";
    case absl::StatusCode::kDeadlineExceeded:
      return "Upstream timed out";
    default:
      return "Internal server error";
  }
}

}  // namespace

int HttpStatusFromCode(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return 200;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kFailedPrecondition:
      return 400;
    case absl::StatusCode::kUnauthenticated:
      return 401;
    case absl::StatusCode::kPermissionDenied:
      return 403;
    case absl::StatusCode::kNotFound:
      return 404;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
      return 409;
    case absl::StatusCode::kResourceExhausted:
      return 429;
    case absl::StatusCode::kCancelled:
      return 499;
    case absl::StatusCode::kUnimplemented:
      return 501;
    case absl::StatusCode::kUnavailable:
      return 503;
    case absl::StatusCode::kDeadlineExceeded:
      return 504;
    default:
      return 500;  // kUnknown, kInternal, kDataLoss and any code added later
  }
}

std::string CoapCode::ToString() const {
  return absl::StrCat(code_class, ".", detail < 10 ? "0" : "", detail);
}

CoapCode CoapCodeFromCode(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return {2, 5};
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
    case absl::StatusCode::kFailedPrecondition:
      return {4, 0};
    case absl::StatusCode::kUnauthenticated:
      return {4, 1};
    case absl::StatusCode::kPermissionDenied:
      return {4, 3};
    case absl::StatusCode::kNotFound:
      return {4, 4};
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
      return {4, 9};
    case absl::StatusCode::kResourceExhausted:
      return {4, 29};
    case absl::StatusCode::kUnimplemented:
      return {5, 1};
    case absl::StatusCode::kCancelled:
    case absl::StatusCode::kUnavailable:
      return {5, 3};
    case absl::StatusCode::kDeadlineExceeded:
      return {5, 4};
    default:
      return {5, 0};
  }
}

absl::Status WithMatrixErrcode(absl::Status status, std::string_view errcode) {
  return WithPayload(std::move(status), kErrcodeUrl, errcode);
}

std::optional<std::string> MatrixErrcodeOf(const absl::Status& status) {
  return PayloadOf(status, kErrcodeUrl);
}

std::string MatrixErrcodeFor(const absl::Status& status) {
  if (auto attached = MatrixErrcodeOf(status); attached.has_value()) {
    return *std::move(attached);
  }
  return std::string(DerivedErrcode(status.code()));
}

absl::Status WithRetryAfter(absl::Status status, std::chrono::milliseconds delay) {
  const int64_t ms = delay.count() < 0 ? 0 : static_cast<int64_t>(delay.count());
  return WithPayload(std::move(status), kRetryAfterUrl, absl::StrCat(ms));
}

std::optional<std::chrono::milliseconds> RetryAfterOf(const absl::Status& status) {
  const std::optional<std::string> text = PayloadOf(status, kRetryAfterUrl);
  int64_t ms = 0;
  if (!text.has_value() || !absl::SimpleAtoi(*text, &ms) || ms < 0) {
    return std::nullopt;
  }
  return std::chrono::milliseconds(ms);
}

absl::Status WithPublicMessage(absl::Status status, std::string_view message) {
  return WithPayload(std::move(status), kPublicMessageUrl, message);
}

std::string PublicMessage(const absl::Status& status) {
  if (auto attached = PayloadOf(status, kPublicMessageUrl); attached.has_value()) {
    return *std::move(attached);
  }
  if (MessageIsAboutTheRequest(status.code()) && !status.message().empty()) {
    return std::string(status.message());
  }
  return std::string(GenericMessage(status.code()));
}

std::string MatrixError::ToJson() const {
  std::string out = "{\"errcode\":";
  AppendJsonString(out, errcode);
  out += ",\"error\":";
  AppendJsonString(out, error);
  if (retry_after_ms.has_value()) {
    absl::StrAppend(&out, ",\"retry_after_ms\":", *retry_after_ms);
  }
  out += '}';
  return out;
}

std::optional<std::string> MatrixError::RetryAfterHeader() const {
  if (!retry_after_ms.has_value()) {
    return std::nullopt;
  }
  return absl::StrCat((*retry_after_ms + 999) / 1000);
}

MatrixError ToMatrixError(const absl::Status& status) {
  if (status.ok()) {
    return MatrixError{500, "M_UNKNOWN", "Internal server error", std::nullopt};
  }
  MatrixError error;
  error.http_status = HttpStatusFromCode(status.code());
  error.errcode = MatrixErrcodeFor(status);
  error.error = PublicMessage(status);
  if (auto retry = RetryAfterOf(status); retry.has_value()) {
    error.retry_after_ms = retry->count();
  }
  return error;
}

}  // namespace mxedge::common
