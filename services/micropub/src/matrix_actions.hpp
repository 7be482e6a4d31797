#pragma once
// What the bot asks of the Matrix side, all through the router's MatrixOut (the only component
// talking to the homeserver). MatrixOutActions is the gRPC implementation; tests use a fake.
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/indieweb/multipart_form.hpp"

namespace mxedge::micropub {

class MatrixActions {
 public:
  virtual ~MatrixActions() = default;
  // Sends an m.notice as the bot. `idempotency_key` is the same for every delivery of the event
  // that caused it, so the homeserver turns repeats into one notice.
  virtual absl::Status Notice(std::string_view room_id, std::string_view text,
                              std::string_view idempotency_key) = 0;
  virtual absl::Status Join(std::string_view room_id) = 0;
  // Creates an unencrypted direct chat with `user_id`; returns its room id.
  virtual absl::StatusOr<std::string> CreateDirectRoom(std::string_view user_id) = 0;
  // Downloads mxc content, at most `max_bytes`.
  virtual absl::StatusOr<indieweb::MediaFile> Download(std::string_view mxc_uri,
                                                       int64_t max_bytes) = 0;
};

}  // namespace mxedge::micropub
