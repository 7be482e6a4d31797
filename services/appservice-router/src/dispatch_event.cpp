#include "dispatch_event.hpp"

#include "dispatch_text.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::appservice_router {

using dispatch_text::Cat;
namespace {

using nlohmann::json;

absl::Status Invalid(const DispatchEntry& entry, std::string_view what) {
  return absl::InvalidArgumentError(Cat("stream entry ", entry.stream_id, ": ", what));
}

// The string member `key`, nullopt when absent; an error status when present but not a string.
absl::StatusOr<std::optional<std::string>> OptionalString(const json& object, const char* key,
                                                          const DispatchEntry& entry) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return std::optional<std::string>();
  }
  if (!it->is_string()) {
    return Invalid(entry, Cat("event field ", key, " is not a string"));
  }
  return std::optional<std::string>(it->get<std::string>());
}

absl::StatusOr<std::string> RequiredString(const json& object, const char* key,
                                           const DispatchEntry& entry) {
  absl::StatusOr<std::optional<std::string>> value = OptionalString(object, key, entry);
  if (!value.ok()) {
    return value.status();
  }
  if (!value->has_value() || (*value)->empty()) {
    return Invalid(entry, Cat("event has no ", key));
  }
  return **value;
}

absl::StatusOr<std::string> ContentJson(const json& object, const DispatchEntry& entry) {
  auto it = object.find("content");
  if (it == object.end() || it->is_null()) {
    return std::string("{}");
  }
  if (!it->is_object()) {
    return Invalid(entry, "event content is not an object");
  }
  return it->dump();
}

}  // namespace

absl::StatusOr<DispatchEvent> ParseDispatchEvent(DispatchEntry entry) {
  json parsed = json::parse(entry.event_json, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return Invalid(entry, "event is not a JSON object");
  }
  DispatchEvent out;
  absl::StatusOr<std::string> content = ContentJson(parsed, entry);
  if (!content.ok()) {
    return content.status();
  }
  absl::StatusOr<std::optional<std::string>> room = OptionalString(parsed, "room_id", entry);
  if (!room.ok()) {
    return room.status();
  }
  if (entry.kind == EntryKind::kEphemeral) {
    absl::StatusOr<std::string> type = RequiredString(parsed, "type", entry);
    if (!type.ok()) {
      return type.status();
    }
    absl::StatusOr<std::optional<std::string>> sender = OptionalString(parsed, "sender", entry);
    if (!sender.ok()) {
      return sender.status();
    }
    out.edu.set_type(*type);
    out.edu.set_room_id(room->value_or(""));
    out.edu.set_sender(sender->value_or(""));
    out.edu.set_content_json(*content);
    out.entry = std::move(entry);
    return out;
  }
  absl::StatusOr<std::string> event_id = RequiredString(parsed, "event_id", entry);
  if (!event_id.ok()) {
    return event_id.status();
  }
  absl::StatusOr<std::string> sender = RequiredString(parsed, "sender", entry);
  if (!sender.ok()) {
    return sender.status();
  }
  absl::StatusOr<std::string> type = RequiredString(parsed, "type", entry);
  if (!type.ok()) {
    return type.status();
  }
  if (!room->has_value() || (*room)->empty()) {
    return Invalid(entry, "event has no room_id");
  }
  absl::StatusOr<std::optional<std::string>> state_key = OptionalString(parsed, "state_key", entry);
  if (!state_key.ok()) {
    return state_key.status();
  }
  absl::StatusOr<std::optional<std::string>> redacts = OptionalString(parsed, "redacts", entry);
  if (!redacts.ok()) {
    return redacts.status();
  }
  out.pdu.set_event_id(*event_id);
  out.pdu.set_room_id(**room);
  out.pdu.set_sender(*sender);
  out.pdu.set_type(*type);
  if (state_key->has_value()) {
    out.pdu.set_state_key(**state_key);
  }
  if (auto ts = parsed.find("origin_server_ts"); ts != parsed.end() && ts->is_number_integer()) {
    out.pdu.set_origin_server_ts(ts->get<int64_t>());
  }
  out.pdu.set_content_json(*content);
  if (auto unsigned_it = parsed.find("unsigned");
      unsigned_it != parsed.end() && unsigned_it->is_object()) {
    out.pdu.set_unsigned_json(unsigned_it->dump());
  }
  out.pdu.set_redacts(redacts->value_or(""));
  if (*type == "m.room.member") {
    auto content_it = parsed.find("content");
    if (content_it != parsed.end() && content_it->is_object()) {
      auto membership = content_it->find("membership");
      if (membership != content_it->end() && membership->is_string()) {
        out.membership = membership->get<std::string>();
      }
    }
  }
  out.entry = std::move(entry);
  return out;
}

}  // namespace mxedge::appservice_router
