#include "call_helpers.hpp"

#include "absl/strings/str_cat.h"
#include "absl_compat.hpp"
#include "mxedge/http/percent_encoding.hpp"
#include "mxedge/matrix/ids.hpp"

namespace mxedge::matrix::internal {

using nlohmann::json;

std::string Enc(std::string_view segment) { return http::PercentEncode(segment); }

std::string BuildQuery(const QueryPairs& query) {
  std::string out;
  for (const auto& [key, value] : query) {
    absl::StrAppend(&out, out.empty() ? "" : "&", Enc(key), "=", Enc(value));
  }
  return out;
}

void AddUser(QueryPairs& query, const std::string& user) {
  if (!user.empty()) {
    query.emplace_back("user_id", user);
  }
}

absl::Status CheckUser(const std::string& user, std::string_view field) {
  if (user.empty()) {
    return absl::OkStatus();
  }
  if (absl::StatusOr<UserId> parsed = ParseUserId(user); !parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(Sv(field), ": ", parsed.status().message()));
  }
  return absl::OkStatus();
}

absl::Status CheckRoom(const std::string& room_id) { return ParseRoomId(room_id).status(); }

absl::Status CheckNonEmpty(const std::string& value, std::string_view field) {
  if (value.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(Sv(field), ": empty"));
  }
  return absl::OkStatus();
}

// The body must be a JSON object (sent as given, not re-serialised).
absl::Status CheckJsonObject(const std::string& text, std::string_view field) {
  const json value = json::parse(text, nullptr, false);
  if (value.is_discarded()) {
    return absl::InvalidArgumentError(absl::StrCat(Sv(field), ": not valid JSON"));
  }
  if (!value.is_object()) {
    return absl::InvalidArgumentError(absl::StrCat(Sv(field), ": must be a JSON object"));
  }
  return absl::OkStatus();
}

absl::StatusOr<json> ParseObject(const std::string& body, std::string_view context) {
  json value = json::parse(body, nullptr, false);
  if (value.is_discarded() || !value.is_object()) {
    return absl::InternalError(
        absl::StrCat(Sv(context), ": homeserver answered with something other than a JSON object"));
  }
  return value;
}

absl::StatusOr<std::string> StringField(const std::string& body, const char* field,
                                        std::string_view context) {
  absl::StatusOr<json> value = ParseObject(body, context);
  if (!value.ok()) {
    return value.status();
  }
  auto it = value->find(field);
  if (it == value->end() || !it->is_string()) {
    return absl::InternalError(
        absl::StrCat(Sv(context), ": homeserver answer has no string \"", field, "\""));
  }
  return it->get<std::string>();
}

std::string ObjectWith(std::initializer_list<std::pair<const char*, std::string>> fields) {
  json out = json::object();
  for (const auto& [key, value] : fields) {
    if (!value.empty()) {
      out[key] = value;
    }
  }
  return out.dump();
}

}  // namespace mxedge::matrix::internal
