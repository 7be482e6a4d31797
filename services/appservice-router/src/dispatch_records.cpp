#include "dispatch_records.hpp"

#include "dispatch_text.hpp"
#include "mxedge/ownership/idempotency_record.hpp"

namespace mxedge::appservice_router {

using dispatch_text::Cat;

std::string EventRecordKey(std::string_view key_prefix, std::string_view event_id,
                           std::string_view sink) {
  return Cat(key_prefix, "ev:", event_id, ":", sink);
}

absl::StatusOr<std::vector<bool>> ReadDoneRecords(redis::RedisClient& client,
                                                  std::span<const std::string> keys) {
  std::vector<bool> done(keys.size(), false);
  if (keys.empty()) {
    return done;
  }
  std::vector<std::string> mget = {"MGET"};
  mget.insert(mget.end(), keys.begin(), keys.end());
  absl::StatusOr<redis::Reply> reply = client.Execute(mget);
  if (!reply.ok()) {
    return dispatch_text::WithContext(reply.status(), "reading idempotency records");
  }
  if (!reply->IsArray() || reply->elements().size() != keys.size()) {
    return absl::InternalError(
        Cat("reading idempotency records: unexpected reply ", reply->DebugString()));
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    const redis::Reply& value = reply->elements()[i];
    if (value.IsString()) {
      absl::StatusOr<ownership::IdempotencyRecord> record =
          ownership::ParseIdempotencyRecord(value.str());
      done[i] = record.ok() && record->done();
    }
  }
  return done;
}

absl::Status WriteDoneAndAck(redis::RedisClient& client, std::span<const std::string> done_keys,
                             std::chrono::milliseconds ttl, std::string_view stream,
                             std::string_view group, std::span<const std::string> ack_ids) {
  std::vector<std::vector<std::string>> commands;
  commands.reserve(done_keys.size() + 1);
  const std::string done = ownership::IdempotencyRecord::Done().ToString();
  for (const std::string& key : done_keys) {
    if (ttl.count() > 0) {
      commands.push_back({"SET", key, done, "PX", Cat(ttl.count())});
    } else {
      commands.push_back({"SET", key, done});
    }
  }
  if (!ack_ids.empty()) {
    std::vector<std::string> xack = {"XACK", std::string(stream), std::string(group)};
    xack.insert(xack.end(), ack_ids.begin(), ack_ids.end());
    commands.push_back(std::move(xack));
  }
  if (commands.empty()) {
    return absl::OkStatus();
  }
  absl::StatusOr<std::vector<redis::Reply>> replies = client.Pipeline(commands);
  if (!replies.ok()) {
    return dispatch_text::WithContext(replies.status(),
                                      Cat("writing done records and acks on ", stream));
  }
  for (const redis::Reply& reply : *replies) {
    if (reply.IsError()) {
      return absl::UnknownError(
          Cat("writing done records and acks on ", stream, ": ", reply.str()));
    }
  }
  return absl::OkStatus();
}

}  // namespace mxedge::appservice_router
