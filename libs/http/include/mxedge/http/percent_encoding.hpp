#pragma once
// Percent-encoding (RFC 3986 §2.1) for paths and query strings.
#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mxedge::http {

enum class PlusMeaning { kLiteral, kSpace };

// Decodes %XX escapes. A '%' not followed by two hex digits is InvalidArgument naming the offset.
// With PlusMeaning::kSpace ('+' in a query string) a '+' decodes to a space.
absl::StatusOr<std::string> PercentDecode(std::string_view text,
                                          PlusMeaning plus = PlusMeaning::kLiteral);

// Encodes everything except RFC 3986 unreserved characters (A-Z a-z 0-9 - . _ ~), so the result
// is safe as one path segment or one query key or value.
std::string PercentEncode(std::string_view text);

// Parses "a=1&b=%40x&a=2" into decoded pairs ordered by key, repeated keys kept in order.
// '+' means a space. A malformed escape is InvalidArgument.
absl::StatusOr<std::multimap<std::string, std::string>> ParseQueryString(std::string_view query);

// Builds "a=1&b=%40x" from pairs, encoding keys and values.
std::string BuildQueryString(const std::multimap<std::string, std::string>& params);

}  // namespace mxedge::http
