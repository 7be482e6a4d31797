#pragma once
// MatrixResources: what rendering a Matrix message for IRC needs from the router's MatrixOut:
// uploading a long message as a text file, a link to a file that works without a Matrix login
// (MediaLink: signed, expiring), and the content of an earlier event (the original of an edit).
// Errors: UnavailableError / DeadlineExceededError when the router or homeserver is unreachable or
// busy (the caller retries the event later); any other code when the request was refused.
#include <chrono>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mxedge::irc_worker {

// An earlier event as the bridge reads it.
struct EarlierEvent {
  std::string sender;
  std::string content_json;
};

class MatrixResources {
 public:
  virtual ~MatrixResources() = default;

  // Uploads `text` as a UTF-8 text file named `filename` (as the bridge bot); the mxc:// URI.
  virtual absl::StatusOr<std::string> UploadText(std::string_view filename,
                                                 std::string_view text) = 0;

  // A public URL for `content_uri` (mxc://…) valid for `ttl`; `filename` goes into the URL.
  virtual absl::StatusOr<std::string> MediaLink(std::string_view content_uri,
                                                std::string_view filename,
                                                std::chrono::milliseconds ttl) = 0;

  // The sender and content of event `event_id` in `room_id`, read as the bridge bot.
  virtual absl::StatusOr<EarlierEvent> GetEvent(std::string_view room_id,
                                                std::string_view event_id) = 0;
};

}  // namespace mxedge::irc_worker
