#include "mxedge/matrix/event.hpp"

#include "mxedge/matrix/ids.hpp"

#include <limits>
#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl_compat.hpp"
#include "event_json.hpp"

namespace mxedge::matrix {
namespace {

constexpr size_t kMaxEventNesting = 64;

}  // namespace

namespace internal {
namespace {

using nlohmann::json;

absl::Status FieldError(std::string_view where, std::string_view field, std::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat(Sv(where), ".", Sv(field), ": ", Sv(why)));
}

// A required string member.
absl::Status RequireString(const json& object, std::string_view where, const char* field,
                           std::string& out) {
  auto it = object.find(field);
  if (it == object.end()) {
    return FieldError(where, field, "missing");
  }
  if (!it->is_string()) {
    return FieldError(where, field, absl::StrCat("must be a string, not ", it->type_name()));
  }
  out = it->get<std::string>();
  return absl::OkStatus();
}

// An optional string member; null counts as absent.
absl::Status OptionalString(const json& object, std::string_view where, const char* field,
                            std::optional<std::string>& out) {
  auto it = object.find(field);
  if (it == object.end() || it->is_null()) {
    return absl::OkStatus();
  }
  if (!it->is_string()) {
    return FieldError(where, field, absl::StrCat("must be a string, not ", it->type_name()));
  }
  out = it->get<std::string>();
  return absl::OkStatus();
}

}  // namespace

bool NestingWithin(std::string_view text, size_t limit) {
  size_t depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > limit) {
        return false;
      }
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return true;
}

std::string CompactJson(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

absl::StatusOr<Event> EventFromJson(const json& value, std::string_view where) {
  if (!value.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat(Sv(where), ": must be an object, not ", value.type_name()));
  }
  Event event;
  for (auto [field, out] : {std::pair<const char*, std::string*>{"event_id", &event.event_id},
                            {"room_id", &event.room_id},
                            {"sender", &event.sender},
                            {"type", &event.type}}) {
    if (absl::Status s = RequireString(value, where, field, *out); !s.ok()) {
      return s;
    }
  }
  if (event.event_id.empty()) {
    return FieldError(where, "event_id", "empty");
  }
  // Ids end up in Redis keys and in the fingerprint, whose separator is '\n'.
  if (absl::Status s = ValidateEventId(event.event_id); !s.ok()) {
    return FieldError(where, "event_id", Std(s.message()));
  }
  auto content = value.find("content");
  if (content == value.end()) {
    return FieldError(where, "content", "missing");
  }
  if (!content->is_object()) {
    return FieldError(where, "content",
                      absl::StrCat("must be an object, not ", content->type_name()));
  }
  event.content = CompactJson(*content);
  if (absl::Status s = OptionalString(value, where, "state_key", event.state_key); !s.ok()) {
    return s;
  }
  if (auto ts = value.find("origin_server_ts"); ts != value.end() && !ts->is_null()) {
    if (ts->is_number_unsigned()) {
      if (ts->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        return FieldError(where, "origin_server_ts", "out of range");
      }
      event.origin_server_ts = static_cast<int64_t>(ts->get<uint64_t>());
    } else if (ts->is_number_integer()) {
      event.origin_server_ts = ts->get<int64_t>();
    } else {
      return FieldError(where, "origin_server_ts",
                        absl::StrCat("must be an integer, not ", ts->type_name()));
    }
  }
  if (auto unsigned_it = value.find("unsigned");
      unsigned_it != value.end() && !unsigned_it->is_null()) {
    if (!unsigned_it->is_object()) {
      return FieldError(where, "unsigned",
                        absl::StrCat("must be an object, not ", unsigned_it->type_name()));
    }
    event.unsigned_data = CompactJson(*unsigned_it);
  }
  if (absl::Status s = OptionalString(value, where, "redacts", event.redacts); !s.ok()) {
    return s;
  }
  if (!event.redacts && event.type == "m.room.redaction") {
    if (auto r = content->find("redacts"); r != content->end() && r->is_string()) {
      event.redacts = r->get<std::string>();
    }
  }
  if (event.type == "m.room.member") {
    if (auto m = content->find("membership"); m != content->end() && m->is_string()) {
      event.membership = m->get<std::string>();
    }
  }
  return event;
}

absl::StatusOr<EphemeralEvent> EphemeralFromJson(const json& value, std::string_view where) {
  if (!value.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat(Sv(where), ": must be an object, not ", value.type_name()));
  }
  EphemeralEvent event;
  if (absl::Status s = RequireString(value, where, "type", event.type); !s.ok()) {
    return s;
  }
  std::optional<std::string> room_id;
  if (absl::Status s = OptionalString(value, where, "room_id", room_id); !s.ok()) {
    return s;
  }
  event.room_id = room_id.value_or("");
  std::optional<std::string> sender;
  if (absl::Status s = OptionalString(value, where, "sender", sender); !s.ok()) {
    return s;
  }
  event.sender = sender.value_or("");
  auto content = value.find("content");
  if (content == value.end()) {
    return FieldError(where, "content", "missing");
  }
  if (!content->is_object()) {
    return FieldError(where, "content",
                      absl::StrCat("must be an object, not ", content->type_name()));
  }
  event.content = CompactJson(*content);
  return event;
}

}  // namespace internal

std::optional<std::string> Event::MembershipTarget() const {
  if (!IsMembership()) {
    return std::nullopt;
  }
  return state_key;
}

bool Event::HasMembership(std::string_view value) const {
  return IsMembership() && membership.has_value() && *membership == value;
}

std::string Event::ToJson() const {
  nlohmann::json out = {{"event_id", event_id},
                        {"room_id", room_id},
                        {"sender", sender},
                        {"type", type},
                        {"origin_server_ts", origin_server_ts}};
  out["content"] = nlohmann::json::parse(content, nullptr, false);
  if (out["content"].is_discarded()) {
    out["content"] = nlohmann::json::object();
  }
  nlohmann::json unsigned_value = nlohmann::json::parse(unsigned_data, nullptr, false);
  if (unsigned_value.is_object() && !unsigned_value.empty()) {
    out["unsigned"] = std::move(unsigned_value);
  }
  if (state_key) {
    out["state_key"] = *state_key;
  }
  if (redacts) {
    out["redacts"] = *redacts;
  }
  return internal::CompactJson(out);
}

absl::StatusOr<Event> ParseEvent(std::string_view json) {
  if (!internal::NestingWithin(json, kMaxEventNesting)) {
    return absl::InvalidArgumentError(
        absl::StrCat("event: nested deeper than ", kMaxEventNesting, " levels"));
  }
  nlohmann::json value = nlohmann::json::parse(json, nullptr, false);
  if (value.is_discarded()) {
    return absl::InvalidArgumentError("event: not valid JSON");
  }
  return internal::EventFromJson(value, "event");
}

std::string EphemeralEvent::ToJson() const {
  nlohmann::json out = {{"type", type}};
  if (!room_id.empty()) {
    out["room_id"] = room_id;
  }
  if (!sender.empty()) {
    out["sender"] = sender;
  }
  out["content"] = nlohmann::json::parse(content, nullptr, false);
  if (out["content"].is_discarded()) {
    out["content"] = nlohmann::json::object();
  }
  return internal::CompactJson(out);
}

}  // namespace mxedge::matrix
