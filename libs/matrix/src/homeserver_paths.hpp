#pragma once
// Internal helpers of CurlHomeserverClient, separate so they are unit-tested directly.
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "mxedge/http/response.hpp"

namespace mxedge::matrix::internal {

// Whether an answer means "this endpoint does not exist here" rather than "this media does not
// exist": 404 with M_UNRECOGNIZED or without a Matrix errcode, 405, or 400 M_UNRECOGNIZED.
bool IsUnknownEndpoint(const http::Response& response);

// The file name of a Content-Disposition value: filename*=UTF-8''<percent-encoded> wins over
// filename="..." or filename=token (RFC 6266). Path separators and control characters are
// removed; empty when there is none.
std::string FilenameFromContentDisposition(std::string_view value);

// A forwarded client call may use GET, POST, PUT or DELETE on a path under /_matrix/client/
// without dot segments, query, fragment, backslashes or control characters.
absl::Status CheckForwardPath(std::string_view method, std::string_view path);

}  // namespace mxedge::matrix::internal
