#include "script_replies.hpp"

#include "absl/strings/numbers.h"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker::scripts {

using common::Cat;

const redis::Script& CompareAndDeleteScript() {
  static const redis::Script script(R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
)lua");
  return script;
}

std::string WithNow(std::string_view body) { return Cat(kNowMs, body); }

absl::StatusOr<int64_t> ToInt(std::string_view what, const redis::Reply& reply) {
  if (reply.IsInteger()) {
    return reply.integer();
  }
  int64_t value = 0;
  if (reply.IsString() && !reply.str().empty() &&
      absl::SimpleAtoi(common::Absl(reply.str()), &value) && std::to_string(value) == reply.str()) {
    return value;
  }
  return absl::InternalError(Cat(what, ": expected an integer, got ", reply.DebugString()));
}

absl::StatusOr<std::string> ToString(std::string_view what, const redis::Reply& reply) {
  if (reply.IsString()) {
    return reply.str();
  }
  return absl::InternalError(Cat(what, ": expected a string, got ", reply.DebugString()));
}

absl::StatusOr<std::vector<redis::Reply>> ToArray(std::string_view what, const redis::Reply& reply,
                                                  size_t size) {
  if (!reply.IsArray() && !reply.IsNil()) {
    return absl::InternalError(Cat(what, ": expected an array, got ", reply.DebugString()));
  }
  if (size != 0 && reply.elements().size() != size) {
    return absl::InternalError(
        Cat(what, ": expected ", size, " elements, got ", reply.DebugString()));
  }
  return reply.elements();
}

absl::Status Context(const absl::Status& status, std::string_view operation) {
  absl::Status wrapped(status.code(), Cat(operation, ": ", common::Std(status.message())));
  status.ForEachPayload([&wrapped](absl::string_view type_url, const absl::Cord& payload) {
    wrapped.SetPayload(type_url, payload);
  });
  return wrapped;
}

absl::Status ValidatePositive(std::string_view what, std::chrono::milliseconds value) {
  if (value.count() <= 0) {
    return absl::InvalidArgumentError(Cat(what, " must be positive, got ", value.count(), " ms"));
  }
  return absl::OkStatus();
}

}  // namespace mxedge::irc_worker::scripts
