#pragma once
// absl::Status → wire, one table per transport: HTTP status, Matrix error body, CoAP code.
//
// | absl::StatusCode    | HTTP | CoAP | Matrix errcode (unless one is attached) |
// |---------------------|------|------|-----------------------------------------|
// | kOk                 | 200  | 2.05 | -                                       |
// | kInvalidArgument    | 400  | 4.00 | M_INVALID_PARAM                         |
// | kOutOfRange         | 400  | 4.00 | M_INVALID_PARAM                         |
// | kFailedPrecondition | 400  | 4.00 | M_UNKNOWN                               |
// | kUnauthenticated    | 401  | 4.01 | M_UNAUTHORIZED                          |
// | kPermissionDenied   | 403  | 4.03 | M_FORBIDDEN                             |
// | kNotFound           | 404  | 4.04 | M_NOT_FOUND                             |
// | kAlreadyExists      | 409  | 4.09 | M_UNKNOWN                               |
// | kAborted            | 409  | 4.09 | M_UNKNOWN                               |
// | kResourceExhausted  | 429  | 4.29 | M_LIMIT_EXCEEDED                        |
// | kCancelled          | 499  | 5.03 | M_UNKNOWN                               |
// | kUnknown, kInternal, kDataLoss | 500 | 5.00 | M_UNKNOWN                        |
// | kUnimplemented      | 501  | 5.01 | M_UNRECOGNIZED                          |
// | kUnavailable        | 503  | 5.03 | M_UNKNOWN                               |
// | kDeadlineExceeded   | 504  | 5.04 | M_UNKNOWN                               |
//
// Decisions: FailedPrecondition is 400 (the request cannot succeed in the current state; retrying
// it unchanged will not help) and Aborted is the 409 Conflict code (a concurrent change, retry).
// Cancelled (the caller went away) is nginx's 499. CoAP 4.09 is RFC 8132 and 4.29 RFC 8516; the
// mapping never yields 0.00. A specific Matrix errcode (M_BAD_JSON, M_NOT_JSON, M_MISSING_TOKEN,
// M_UNKNOWN_TOKEN, M_UNRECOGNIZED for an unknown endpoint, ...) is attached with
// WithMatrixErrcode where the error is created.
//
// Messages: clients get PublicMessage(); the full status (ToString()) goes to the log only.
// PublicMessage is, in order: the text attached with WithPublicMessage; the status message for
// codes that describe the client's own request (InvalidArgument, OutOfRange, FailedPrecondition,
// NotFound, AlreadyExists); otherwise a fixed text per code, so internal detail (hosts, keys,
// upstream errors) never reaches a client.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace mxedge::common {

// HTTP status for a status code (table above).
int HttpStatusFromCode(absl::StatusCode code);

// A CoAP response code, class.detail (RFC 7252 §3: 3-bit class, 5-bit detail).
struct CoapCode {
  uint8_t code_class = 0;
  uint8_t detail = 0;

  // The code byte on the wire, e.g. 4.04 → 0x84.
  uint8_t ToByte() const { return static_cast<uint8_t>((code_class << 5) | detail); }
  // "4.04".
  std::string ToString() const;
  friend bool operator==(const CoapCode&, const CoapCode&) = default;
};

// CoAP response code for a status code (table above).
CoapCode CoapCodeFromCode(absl::StatusCode code);

// Attaches / reads a Matrix errcode (e.g. "M_FORBIDDEN"). Attaching to an OK status is a no-op.
absl::Status WithMatrixErrcode(absl::Status status, std::string_view errcode);
std::optional<std::string> MatrixErrcodeOf(const absl::Status& status);
// The attached errcode, else the one derived from the code; empty for OK.
std::string MatrixErrcodeFor(const absl::Status& status);

// Attaches / reads a retry hint (whole milliseconds, ≥ 0). Attaching to OK is a no-op.
absl::Status WithRetryAfter(absl::Status status, std::chrono::milliseconds delay);
std::optional<std::chrono::milliseconds> RetryAfterOf(const absl::Status& status);

// Attaches / reads the client-facing message. Attaching to OK is a no-op.
absl::Status WithPublicMessage(absl::Status status, std::string_view message);
std::string PublicMessage(const absl::Status& status);

// A Matrix error response ready to send.
struct MatrixError {
  int http_status = 500;
  std::string errcode;
  std::string error;
  std::optional<int64_t> retry_after_ms;

  // {"errcode":"M_LIMIT_EXCEEDED","error":"Too many requests","retry_after_ms":2000}
  std::string ToJson() const;
  // Value for an HTTP Retry-After header (whole seconds, rounded up), if a hint is attached.
  std::optional<std::string> RetryAfterHeader() const;
};

// For a non-OK status. An OK status is a bug in the caller and yields 500 M_UNKNOWN.
MatrixError ToMatrixError(const absl::Status& status);

}  // namespace mxedge::common
