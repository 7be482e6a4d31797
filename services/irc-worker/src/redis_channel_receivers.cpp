#include "redis_channel_receivers.hpp"

#include <utility>

#include "mxedge/common/str_cat.hpp"
#include "mxedge/redis/commands.hpp"
#include "mxedge/redis/script.hpp"
#include "script_replies.hpp"

namespace mxedge::irc_worker {

using common::Cat;

namespace {

// KEYS[1] receiver lease. ARGV[1] "<worker_id>:<mxid>", ARGV[2] lease ms.
// {1, holder} when taken or renewed, {0, holder} when someone else holds it.
const redis::Script& AcquireScript() {
  static const redis::Script script(R"lua(
local current = redis.call('GET', KEYS[1])
if current and current ~= ARGV[1] then
  return {0, current}
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return {1, ARGV[1]}
)lua");
  return script;
}

absl::StatusOr<Receiver> ParseStored(std::string_view key, std::string_view value) {
  absl::StatusOr<Receiver> receiver = ParseReceiver(value);
  if (!receiver.ok()) {
    return absl::DataLossError(
        Cat("channel receiver ", key, ": ", common::Std(receiver.status().message())));
  }
  return receiver;
}

}  // namespace

RedisChannelReceivers::RedisChannelReceivers(redis::RedisClient& client, IrcKeys keys)
    : client_(client), keys_(std::move(keys)) {}

absl::StatusOr<ReceiverClaim> RedisChannelReceivers::TryAcquire(std::string_view network,
                                                                std::string_view folded_channel,
                                                                const Receiver& me,
                                                                std::chrono::milliseconds lease) {
  if (absl::Status s = ValidateReceiverArgs(network, folded_channel, me); !s.ok()) {
    return s;
  }
  if (absl::Status s = scripts::ValidatePositive("receiver lease", lease); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {keys_.Receiver(network, folded_channel)};
  const std::vector<std::string> args = {me.ToString(), std::to_string(lease.count())};
  absl::StatusOr<redis::Reply> reply = redis::EvalScript(client_, AcquireScript(), keys, args);
  if (!reply.ok()) {
    return scripts::Context(reply.status(), Cat("acquire channel receiver ", keys[0]));
  }
  absl::StatusOr<std::vector<redis::Reply>> cells = scripts::ToArray("receiver claim", *reply, 2);
  if (!cells.ok()) {
    return cells.status();
  }
  absl::StatusOr<int64_t> acquired = scripts::ToInt("receiver claim", (*cells)[0]);
  absl::StatusOr<std::string> holder = scripts::ToString("receiver holder", (*cells)[1]);
  if (!acquired.ok() || !holder.ok()) {
    return absl::InternalError(Cat("unexpected receiver claim reply ", reply->DebugString()));
  }
  absl::StatusOr<Receiver> parsed = ParseStored(keys[0], *holder);
  if (!parsed.ok()) {
    return parsed.status();
  }
  return ReceiverClaim{*acquired == 1, *std::move(parsed)};
}

absl::StatusOr<bool> RedisChannelReceivers::Release(std::string_view network,
                                                    std::string_view folded_channel,
                                                    const Receiver& me) {
  if (absl::Status s = ValidateReceiverArgs(network, folded_channel, me); !s.ok()) {
    return s;
  }
  const std::vector<std::string> keys = {keys_.Receiver(network, folded_channel)};
  const std::vector<std::string> args = {me.ToString()};
  absl::StatusOr<redis::Reply> reply =
      redis::EvalScript(client_, scripts::CompareAndDeleteScript(), keys, args);
  if (!reply.ok()) {
    return scripts::Context(reply.status(), Cat("release channel receiver ", keys[0]));
  }
  absl::StatusOr<int64_t> deleted = scripts::ToInt("release channel receiver", *reply);
  if (!deleted.ok()) {
    return deleted.status();
  }
  return *deleted == 1;
}

absl::StatusOr<std::optional<Receiver>> RedisChannelReceivers::Current(
    std::string_view network, std::string_view folded_channel) {
  if (absl::Status s = ValidateNetwork(network); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateKeyPart("channel", folded_channel); !s.ok()) {
    return s;
  }
  const std::string key = keys_.Receiver(network, folded_channel);
  absl::StatusOr<std::optional<std::string>> value = redis::Get(client_, key);
  if (!value.ok()) {
    return scripts::Context(value.status(), Cat("read channel receiver ", key));
  }
  if (!value->has_value()) {
    return std::nullopt;
  }
  absl::StatusOr<Receiver> receiver = ParseStored(key, **value);
  if (!receiver.ok()) {
    return receiver.status();
  }
  return *std::move(receiver);
}

}  // namespace mxedge::irc_worker
