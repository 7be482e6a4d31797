#include "member_display_name.hpp"

#include "nlohmann/json.hpp"

namespace mxedge::irc_worker {

absl::StatusOr<std::optional<std::string>> OwnJoinDisplayName(std::string_view mxid,
                                                              const v1::MatrixEvent& event) {
  if (event.type() != "m.room.member" || !event.has_state_key() || event.state_key() != mxid ||
      event.sender() != mxid) {
    return std::nullopt;
  }
  const nlohmann::json content = nlohmann::json::parse(event.content_json(), nullptr, false);
  if (!content.is_object()) {
    return absl::InvalidArgumentError("m.room.member content is not a JSON object");
  }
  const auto membership = content.find("membership");
  if (membership == content.end() || !membership->is_string() || *membership != "join") {
    return std::nullopt;
  }
  const auto name = content.find("displayname");
  if (name == content.end() || name->is_null()) {
    return std::nullopt;
  }
  if (!name->is_string()) {
    return absl::InvalidArgumentError("m.room.member displayname is not a string");
  }
  return name->get<std::string>();
}

}  // namespace mxedge::irc_worker
