#pragma once
// Internal: request building and answer reading shared by CurlHomeserverClient's calls.
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mxedge::matrix::internal {

using QueryPairs = std::vector<std::pair<std::string, std::string>>;

// One percent-encoded path segment.
std::string Enc(std::string_view segment);
// "k=v&k2=v2", keys and values percent-encoded, order kept.
std::string BuildQuery(const QueryPairs& query);
// Adds user_id=<user> (masquerading) unless `user` is empty.
void AddUser(QueryPairs& query, const std::string& user);

// InvalidArgument naming `field` unless `user` is empty or a valid user id.
absl::Status CheckUser(const std::string& user, std::string_view field);
absl::Status CheckRoom(const std::string& room_id);
absl::Status CheckNonEmpty(const std::string& value, std::string_view field);
// The text must be a JSON object (it is sent as given, not re-serialised).
absl::Status CheckJsonObject(const std::string& text, std::string_view field);

// The homeserver's 2xx answer as a JSON object, else Internal naming `context`.
absl::StatusOr<nlohmann::json> ParseObject(const std::string& body, std::string_view context);
// One string member of a 2xx answer, else Internal naming `context` and the field.
absl::StatusOr<std::string> StringField(const std::string& body, const char* field,
                                        std::string_view context);
// A JSON object of the non-empty fields.
std::string ObjectWith(std::initializer_list<std::pair<const char*, std::string>> fields);

}  // namespace mxedge::matrix::internal
