#include "mxedge/redis/redis_client.hpp"

#include "absl/strings/ascii.h"
#include "absl/strings/cord.h"
#include "cat.hpp"

namespace mxedge::redis {
namespace {

constexpr std::string_view kServerErrorPayload = "type.mxedge.dev/redis.ServerError";

std::string_view ErrorCode(std::string_view message) {
  const size_t space = message.find(' ');
  return space == std::string_view::npos ? message : message.substr(0, space);
}

}  // namespace

absl::Status ServerErrorFromReply(std::string_view command, std::string_view server_message) {
  const std::string_view code = ErrorCode(server_message);
  const std::string text =
      internal::Cat("redis ", absl::AsciiStrToUpper(internal::Absl(command)), ": ", server_message);
  absl::Status status;
  if (code == "WRONGTYPE" || code == "NOSCRIPT" || code == "BUSYGROUP" || code == "NOGROUP" ||
      code == "BUSYKEY" || code == "EXECABORT" || code == "OOM" || code == "READONLY" ||
      code == "NOPERM" || code == "NOAUTH" || code == "WRONGPASS") {
    status = absl::FailedPreconditionError(text);
  } else if (code == "ERR") {
    status = absl::InvalidArgumentError(text);
  } else if (code == "LOADING" || code == "BUSY" || code == "MASTERDOWN") {
    status = absl::UnavailableError(text);
  } else {
    status = absl::UnknownError(text);
  }
  status.SetPayload(internal::Absl(kServerErrorPayload),
                    absl::Cord(internal::Absl(server_message)));
  return status;
}

std::optional<std::string> ServerErrorMessage(const absl::Status& status) {
  auto payload = status.GetPayload(internal::Absl(kServerErrorPayload));
  if (!payload.has_value()) return std::nullopt;
  return std::string(*payload);
}

bool IsServerError(const absl::Status& status, std::string_view code) {
  std::optional<std::string> message = ServerErrorMessage(status);
  return message.has_value() && ErrorCode(*message) == code;
}

}  // namespace mxedge::redis
