#pragma once
// CoAP Uri-Path ↔ Matrix Client-Server HTTP path, with the MSC3079 v1 path codes.
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace mxedge::msc3079 {

// Which Client-Server API path prefix the v1 codes expand to. The short form on the wire is the
// same for both; `/_matrix/client/versions` (code 0) is unversioned either way.
enum class ClientApiVersion {
  kR0,  // `/_matrix/client/r0/...`, as the MSC tables are written
  kV3,  // `/_matrix/client/v3/...`
};

// Percent-encodes one path segment: unreserved characters (A-Z a-z 0-9 - . _ ~) and
// `@ : $ = & + ,` stay, every other byte becomes %XX (upper-case hex).
std::string EscapePathSegment(std::string_view segment);

// CoAP → HTTP. `segments` are the Uri-Path options as received (unescaped, one per option).
// When the first segment is a v1 code, the template's parameters are taken from the following
// segments in template order and each is escaped; extra segments are ignored; a missing
// parameter is an InvalidArgumentError naming it (an empty segment is an empty parameter).
// Otherwise the segments are the full path: each escaped, joined with '/'. A segment "." or ".."
// is an InvalidArgumentError either way (URL normalisation would move the request elsewhere).
absl::StatusOr<std::string> CoapPathToHttp(std::span<const std::string> segments,
                                           ClientApiVersion version = ClientApiVersion::kR0);

// HTTP → CoAP, as a client or proxy would send it: "/<code>/<param>/..." when the path matches a
// v1 template (every parameter non-empty and not "." or "..", at most one trailing '/'), the path
// unchanged otherwise.
// Parameters are copied as they are: this never percent-decodes. `http_path` has no query.
std::string HttpPathToCoap(std::string_view http_path);

// Splits a textual CoAP path such as "/9/a b/c" into Uri-Path segments ("9", "a b", "c"). The
// leading '/' is optional; "" and "/" give no segments; a trailing '/' gives a last empty segment.
std::vector<std::string> SplitCoapPath(std::string_view path);

}  // namespace mxedge::msc3079
