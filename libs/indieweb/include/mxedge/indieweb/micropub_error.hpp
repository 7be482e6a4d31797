#pragma once
// Micropub error answers in all the shapes servers send (REC §3.7.4 and the observed ones):
// 400/401/403 with `error`/`error_description`, `message` instead of a description,
// `insufficient_scope` with `scope` on 401 or 403, a 3xx to a login page, HTML error pages.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "mxedge/http/response.hpp"

namespace mxedge::indieweb {

enum class MicropubErrorKind {
  kInvalidRequest,     // 400: the post was refused
  kUnauthorized,       // 401 or invalid_token: refresh, else link again
  kLoginRedirect,      // a 3xx (to a login page): the token was not accepted
  kForbidden,          // 403: the token's user may not do this
  kInsufficientScope,  // link again asking for `scope`
  kNotFound,           // 404: no such post or endpoint
  kRateLimited,        // 429
  kServerError,        // 5xx
  kMissingLocation,    // 2xx to a create or upload without a Location header
  kUnexpected,         // any other status
};

struct MicropubError {
  int http_status = 0;
  MicropubErrorKind kind = MicropubErrorKind::kUnexpected;
  std::string error;        // the `error` code, when the body had one
  std::string description;  // readable, bounded, from the body (JSON, HTML or text)
  std::string scope;        // for insufficient_scope, when the server named it
  std::string location;     // for kLoginRedirect

  // One line for the user, e.g. "HTTP 403 insufficient_scope: Missing scope (needs scope
  // delete)".
  std::string Summary() const;
  // The matching absl::Status (InvalidArgument, Unauthenticated, PermissionDenied, NotFound,
  // ResourceExhausted, Unavailable, FailedPrecondition, Unknown) carrying this error as a
  // payload, so MicropubErrorFromStatus() gives it back.
  absl::Status ToStatus() const;
};

// Classifies a non-success answer. Never fails: any body gives at least the status.
MicropubError ParseMicropubError(const http::Response& response);

// The MicropubError a status from MicropubClient carries, if any (transport failures carry
// none).
std::optional<MicropubError> MicropubErrorFromStatus(const absl::Status& status);

// Readable text from an HTML page: the <title> and the text of the page without tags, scripts
// and styles, entities decoded, whitespace collapsed, cut at `max_chars` bytes on a UTF-8
// boundary with "…".
std::string HtmlToText(std::string_view html, size_t max_chars = 200);

}  // namespace mxedge::indieweb
