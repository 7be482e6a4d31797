#include "mxedge/indieweb/token_response.hpp"

#include <cstdint>
#include <map>

#include "absl/status/status.h"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/http/percent_encoding.hpp"
#include "nlohmann/json.hpp"
#include "text.hpp"

namespace mxedge::indieweb {

using common::Cat;

namespace {

using nlohmann::json;

std::string Bounded(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (out.size() >= 200) break;
    out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  }
  return out;
}

// The body's members as strings (numbers kept as their text), from JSON or a form.
absl::StatusOr<std::map<std::string, std::string>> Members(const http::Response& response) {
  std::map<std::string, std::string> out;
  const std::string_view body = internal::Trim(response.body);
  const std::optional<std::string> type = http::FindHeader(response.headers, "Content-Type");
  const bool form_type = type.has_value() &&
                         internal::StartsWithIgnoreCase(*type, "application/x-www-form-urlencoded");
  if (!form_type && !body.empty() && body.front() == '{') {
    const json doc = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object()) {
      return absl::InvalidArgumentError("token endpoint answered malformed JSON");
    }
    for (const auto& [key, value] : doc.items()) {
      if (value.is_string()) {
        out[key] = value.get<std::string>();
      } else if (value.is_number_integer() || value.is_number_unsigned()) {
        out[key] = value.dump();
      } else if (value.is_number()) {
        out[key] = "x";  // a fraction: kept so expires_in validation rejects it
      }
    }
    return out;
  }
  absl::StatusOr<std::multimap<std::string, std::string>> form = http::ParseQueryString(body);
  if (!form.ok()) {
    return absl::InvalidArgumentError(
        Cat("token endpoint answered neither JSON nor a form: ", form.status().message()));
  }
  for (const auto& [key, value] : *form) {
    out.emplace(key, value);
  }
  return out;
}

absl::Status OAuthError(int status, const std::map<std::string, std::string>& members) {
  const auto error_it = members.find("error");
  const std::string error = error_it == members.end() ? "" : Bounded(error_it->second);
  std::string message = Cat("token endpoint answered HTTP ", status);
  if (!error.empty()) message = Cat(message, ": ", error);
  const auto description = members.find("error_description");
  if (description != members.end() && !description->second.empty()) {
    message = Cat(message, " (", Bounded(description->second), ")");
  }
  if (status >= 500) return absl::UnavailableError(message);
  if (status == 403) return absl::PermissionDeniedError(message);
  if ((status == 400 || status == 401) &&
      (error == "invalid_grant" || error == "invalid_client" || error == "unauthorized_client" ||
       error == "unauthorized" || error == "invalid_token" || (error.empty() && status == 401))) {
    return absl::UnauthenticatedError(message);
  }
  return absl::InvalidArgumentError(message);
}

}  // namespace

absl::StatusOr<TokenGrant> ParseTokenResponse(const http::Response& response,
                                              const common::Clock& clock) {
  if (response.body.size() > kMaxTokenResponseBytes) {
    return absl::InvalidArgumentError(
        Cat("token endpoint answer is over ", kMaxTokenResponseBytes, " bytes"));
  }
  absl::StatusOr<std::map<std::string, std::string>> members = Members(response);
  if (response.status < 200 || response.status > 299) {
    return OAuthError(response.status,
                      members.ok() ? *members : std::map<std::string, std::string>{});
  }
  if (!members.ok()) return members.status();
  TokenGrant grant;
  auto take = [&](const char* name) {
    const auto it = members->find(name);
    return it == members->end() ? std::string() : it->second;
  };
  grant.access_token = take("access_token");
  if (grant.access_token.empty()) {
    if (!take("error").empty()) return OAuthError(400, *members);
    return absl::InvalidArgumentError("token endpoint answer has no access_token");
  }
  grant.token_type = take("token_type");
  if (!grant.token_type.empty() && !internal::EqualsIgnoreCase(grant.token_type, "bearer")) {
    return absl::InvalidArgumentError(
        Cat("token endpoint issued a '", Bounded(grant.token_type), "' token, not Bearer"));
  }
  grant.me = take("me");
  grant.scope = std::string(internal::Trim(take("scope")));
  grant.refresh_token = take("refresh_token");
  const std::string expires_in = take("expires_in");
  if (!expires_in.empty()) {
    int64_t seconds = 0;
    for (char c : expires_in) {
      if (c < '0' || c > '9' || seconds > (int64_t{1} << 40)) {
        return absl::InvalidArgumentError(Cat("token endpoint expires_in '", Bounded(expires_in),
                                              "' is not a number of seconds"));
      }
      seconds = seconds * 10 + (c - '0');
    }
    grant.expires_at = clock.Now() + std::chrono::seconds(seconds);
  }
  return grant;
}

}  // namespace mxedge::indieweb
