#pragma once
// HTTP answers from the homeserver → absl::Status, keeping the Matrix errcode and retry delay.
#include <chrono>
#include <string_view>

#include "absl/status/status.h"
#include "mxedge/http/response.hpp"

namespace mxedge::matrix {

// 400 InvalidArgument, 401 Unauthenticated, 403 PermissionDenied, 404 NotFound, 405 and 501
// Unimplemented, 408 and 504 DeadlineExceeded, 409 Aborted, 413 and 429 ResourceExhausted,
// 502 and 503 Unavailable, other 4xx FailedPrecondition, other 5xx Internal; 2xx OK.
absl::StatusCode CodeFromHttpStatus(int http_status);

// OK for 2xx. Otherwise a status whose message starts with `context` and holds the HTTP status
// and the homeserver's errcode and error text; the errcode is attached
// (common::WithMatrixErrcode) and a retry delay (Retry-After or retry_after_ms) too.
absl::Status StatusFromResponse(const http::Response& response, std::string_view context,
                                std::chrono::system_clock::time_point now);

}  // namespace mxedge::matrix
