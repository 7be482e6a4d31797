#pragma once
// Everything the suite does against the homeserver's Client-Server API, as an Application Service
// (as_token; `user_id=` masquerading; `ts=` for bridged timestamps), plus a raw Forward used with a
// client's own access token. Implemented by CurlHomeserverClient; tests can fake this interface.
//
// Every request struct carries `request_id`, sent as the X-Request-Id header (a fresh one when
// empty). `as_user` empty means the AS's own sender user.
//
// Errors: a Matrix error body becomes a status whose code follows the HTTP status
// (400 InvalidArgument, 401 Unauthenticated, 403 PermissionDenied, 404 NotFound, 409 Aborted,
// ... see StatusFromResponse in homeserver_errors.hpp) with the errcode attached
// (common::MatrixErrcodeOf). 429 is ResourceExhausted with the retry delay attached
// (common::RetryAfterOf). No answer at all: Unavailable / DeadlineExceeded.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/matrix/event.hpp"

namespace mxedge::matrix {

struct RegisterRequest {
  std::string localpart;
  std::string request_id;
};

struct JoinRequest {
  std::string room_id_or_alias;
  std::string as_user;
  std::vector<std::string> server_names;  // sent as server_name= and via=
  std::string request_id;
};

struct LeaveRequest {
  std::string room_id;
  std::string as_user;
  std::string reason;  // omitted when empty
  std::string request_id;
};

struct InviteRequest {
  std::string room_id;
  std::string user_id;  // who is invited
  std::string as_user;
  std::string reason;
  std::string request_id;
};

struct KickRequest {
  std::string room_id;
  std::string user_id;  // who is kicked
  std::string as_user;
  std::string reason;
  std::string request_id;
};

struct SendRequest {
  std::string room_id;
  std::string type;
  std::string txn_id;               // idempotency key: same txn id, same event
  std::string content_json = "{}";  // a JSON object
  std::string as_user;
  std::optional<int64_t> ts;  // origin_server_ts for bridged messages (ms since epoch)
  std::string request_id;
};

struct SetStateRequest {
  std::string room_id;
  std::string type;
  std::string state_key;
  std::string content_json = "{}";
  std::string as_user;
  std::optional<int64_t> ts;
  std::string request_id;
};

struct ProfileRequest {
  std::string user_id;  // whose profile; the call masquerades as this user
  std::string value;    // the display name, or the mxc:// avatar URL
  std::string request_id;
};

struct CreateRoomRequest {
  std::string body_json = "{}";  // the /createRoom request body
  std::string as_user;
  std::string request_id;
};

struct ResolveAliasRequest {
  std::string alias;
  std::string request_id;
};

struct ResolvedAlias {
  std::string room_id;
  std::vector<std::string> servers;
};

struct GetEventRequest {
  std::string room_id;
  std::string event_id;
  std::string as_user;
  std::string request_id;
};

struct GetStateRequest {
  std::string room_id;
  std::string type;
  std::string state_key;  // may be empty
  std::string as_user;
  std::string request_id;
};

struct JoinedMembersRequest {
  std::string room_id;
  std::string as_user;
  std::string request_id;
};

struct JoinedMember {
  std::string user_id;
  std::optional<std::string> display_name;
  std::optional<std::string> avatar_url;
  friend bool operator==(const JoinedMember&, const JoinedMember&) = default;
};

struct UploadMediaRequest {
  std::string bytes;
  std::string content_type = "application/octet-stream";
  std::string filename;  // omitted when empty
  std::string as_user;
  std::string request_id;
};

struct DownloadMediaRequest {
  std::string mxc;  // mxc://server/media_id
  size_t max_bytes = size_t{64} << 20;
  std::string request_id;
};

struct Media {
  std::string bytes;
  std::string content_type;
  std::string filename;  // from Content-Disposition, empty when none
};

struct VersionsRequest {
  std::string request_id;
};

struct Versions {
  std::vector<std::string> versions;
  std::vector<std::pair<std::string, bool>> unstable_features;
  // Whether `version` ("v1.11") is advertised.
  bool Supports(std::string_view version) const;
};

// A client's own request, passed through unchanged except for the token (sent as a Bearer
// header) and the request id. Only paths under /_matrix/client/ are accepted (InvalidArgument
// otherwise). Never retried: a 429 comes back to the caller with retry_after_ms.
struct ForwardRequest {
  std::string method = "GET";
  std::string path;                                        // raw, already percent-encoded
  std::vector<std::pair<std::string, std::string>> query;  // decoded pairs, order kept
  std::string access_token;
  std::string body;
  std::string content_type;  // omitted when empty
  std::string request_id;
};

struct ForwardResponse {
  int status = 0;
  std::string content_type;
  std::string body;
  std::optional<int64_t> retry_after_ms;  // from Retry-After or the body's retry_after_ms
};

class HomeserverClient {
 public:
  virtual ~HomeserverClient() = default;

  // Registers @localpart:server as an AS user. M_USER_IN_USE counts as success.
  virtual absl::Status Register(const RegisterRequest& request) = 0;
  // Returns the joined room's id.
  virtual absl::StatusOr<std::string> Join(const JoinRequest& request) = 0;
  virtual absl::Status Leave(const LeaveRequest& request) = 0;
  virtual absl::Status Invite(const InviteRequest& request) = 0;
  virtual absl::Status Kick(const KickRequest& request) = 0;
  // Returns the event id.
  virtual absl::StatusOr<std::string> Send(const SendRequest& request) = 0;
  virtual absl::StatusOr<std::string> SetState(const SetStateRequest& request) = 0;
  virtual absl::Status SetDisplayName(const ProfileRequest& request) = 0;
  virtual absl::Status SetAvatarUrl(const ProfileRequest& request) = 0;
  // Returns the new room's id.
  virtual absl::StatusOr<std::string> CreateRoom(const CreateRoomRequest& request) = 0;
  virtual absl::StatusOr<ResolvedAlias> ResolveAlias(const ResolveAliasRequest& request) = 0;
  virtual absl::StatusOr<Event> GetEvent(const GetEventRequest& request) = 0;
  // Returns the content of one state event as JSON object text; NotFound (M_NOT_FOUND) when the
  // room has no such state.
  virtual absl::StatusOr<std::string> GetState(const GetStateRequest& request) = 0;
  virtual absl::StatusOr<std::vector<JoinedMember>> GetJoinedMembers(
      const JoinedMembersRequest& request) = 0;
  // Returns the mxc:// URI.
  virtual absl::StatusOr<std::string> UploadMedia(const UploadMediaRequest& request) = 0;
  virtual absl::StatusOr<Media> DownloadMedia(const DownloadMediaRequest& request) = 0;
  virtual absl::StatusOr<Versions> GetVersions(const VersionsRequest& request) = 0;
  // A non-OK status only when no HTTP answer arrived (or the request was refused locally); any
  // HTTP status from the homeserver is an OK ForwardResponse.
  virtual absl::StatusOr<ForwardResponse> Forward(const ForwardRequest& request) = 0;
};

}  // namespace mxedge::matrix
