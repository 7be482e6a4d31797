#include "mxedge/http/retry_after.hpp"

#include <time.h>

#include <string>

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "string_view_compat.hpp"

namespace mxedge::http {
namespace {

constexpr int64_t kMaxDelayMs = int64_t{365} * 24 * 3600 * 1000;  // a year: anything more is junk

std::optional<int64_t> FromJsonBody(const std::string& body) {
  if (body.empty()) {
    return std::nullopt;
  }
  nlohmann::json json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) {
    return std::nullopt;
  }
  auto it = json.find("retry_after_ms");
  if (it == json.end() || !it->is_number_integer() || it->get<int64_t>() < 0) {
    return std::nullopt;
  }
  return std::min(it->get<int64_t>(), kMaxDelayMs);
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> ParseHttpDate(std::string_view text) {
  const std::string input(absl::StripAsciiWhitespace(internal::ToAbsl(text)));
  // IMF-fixdate, then the obsolete RFC 850 and asctime forms recipients must also accept.
  for (const char* format :
       {"%a, %d %b %Y %H:%M:%S GMT", "%A, %d-%b-%y %H:%M:%S GMT", "%a %b %e %H:%M:%S %Y"}) {
    struct tm tm = {};
    const char* end = strptime(input.c_str(), format, &tm);
    if (end != nullptr && *end == '\0') {
      const time_t seconds = timegm(&tm);
      if (seconds == static_cast<time_t>(-1)) {
        return std::nullopt;
      }
      return std::chrono::system_clock::from_time_t(seconds);
    }
  }
  return std::nullopt;
}

std::optional<int64_t> RetryAfterMs(const Response& response,
                                    std::chrono::system_clock::time_point now) {
  if (auto from_body = FromJsonBody(response.body)) {
    return from_body;
  }
  std::optional<std::string> header = FindHeader(response.headers, "Retry-After");
  if (!header) {
    return std::nullopt;
  }
  const absl::string_view value = absl::StripAsciiWhitespace(*header);
  int64_t seconds = 0;
  if (!value.empty() && absl::ascii_isdigit(static_cast<unsigned char>(value[0])) &&
      absl::SimpleAtoi(value, &seconds)) {
    return std::min(seconds, kMaxDelayMs / 1000) * 1000;
  }
  std::optional<std::chrono::system_clock::time_point> date = ParseHttpDate(internal::ToStd(value));
  if (!date) {
    return std::nullopt;
  }
  const int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(*date - now).count();
  return std::clamp<int64_t>(ms, 0, kMaxDelayMs);
}

}  // namespace mxedge::http
