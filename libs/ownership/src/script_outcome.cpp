#include "script_outcome.hpp"

#include "absl/strings/str_cat.h"
#include "absl_compat.hpp"

namespace mxedge::ownership::internal {

absl::StatusOr<ScriptOutcome> ParseScriptOutcome(std::string_view script,
                                                 const redis::Reply& reply) {
  const auto unexpected = [&] {
    return absl::InternalError(
        absl::StrCat("unexpected reply to the ", Sv(script), " script: ", reply.DebugString()));
  };
  if (!reply.IsArray() || reply.elements().empty() || reply.elements().size() > 2) {
    return unexpected();
  }
  const redis::Reply& flag = reply.elements()[0];
  if (!flag.IsInteger() || (flag.integer() != 0 && flag.integer() != 1)) {
    return unexpected();
  }
  ScriptOutcome outcome{flag.integer() == 1, std::nullopt};
  if (reply.elements().size() == 2) {
    const redis::Reply& value = reply.elements()[1];
    if (!value.IsString()) {
      return unexpected();
    }
    outcome.value = value.str();
  }
  return outcome;
}

absl::Status WithContext(const absl::Status& status, std::string_view operation,
                         std::string_view key) {
  absl::Status wrapped(status.code(),
                       absl::StrCat(Sv(operation), " ", Sv(key), ": ", status.message()));
  status.ForEachPayload([&wrapped](absl::string_view type_url, const absl::Cord& payload) {
    wrapped.SetPayload(type_url, payload);
  });
  return wrapped;
}

}  // namespace mxedge::ownership::internal
