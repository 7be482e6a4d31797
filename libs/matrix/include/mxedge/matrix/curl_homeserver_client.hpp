#pragma once
// HomeserverClient over an http::HttpClient (CurlHttpClient in production, FakeHttpClient in
// tests), which it borrows: the HttpClient must outlive this object. Thread-safe.
#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "mxedge/http/http_client.hpp"
#include "mxedge/matrix/homeserver_client.hpp"

namespace mxedge::matrix {

// Called once per HTTP attempt: the endpoint template ("PUT /rooms/{roomId}/send/{eventType}/
// {txnId}", never ids), the HTTP status (0 when no answer arrived) and the attempt's duration.
using HomeserverCallObserver =
    std::function<void(std::string_view endpoint, int http_status, double seconds)>;

struct CurlHomeserverClientOptions {
  std::string base_url;  // "https://matrix.example.org", no trailing path
  std::string as_token;
  // The AS's own user (sender_localpart) on `server_name`.
  std::string sender_localpart;
  std::string server_name;
  // Client-Server API prefix: "v3" (spec v1.1+, Synapse 1.48+) or "r0" for older servers.
  std::string client_api_version = "v3";
  // 429 handling: at most this many retries, each waiting retry_after_ms (or
  // rate_limit_default_wait when the answer names none), capped by rate_limit_max_wait.
  int max_rate_limit_retries = 3;
  std::chrono::milliseconds rate_limit_default_wait{1000};
  std::chrono::milliseconds rate_limit_max_wait{10'000};
  std::chrono::milliseconds timeout{30'000};  // per HTTP attempt
  // Upper bound for JSON answers of the typed calls.
  size_t max_json_response_bytes = size_t{8} << 20;
  // Upper bound for answers passed back by Forward (an initial /sync can be large).
  size_t max_forward_response_bytes = size_t{64} << 20;
  HomeserverCallObserver observer;
  // How the client waits before retrying a 429 (tests record instead of sleeping).
  std::function<void(std::chrono::milliseconds)> sleep;
};

class CurlHomeserverClient final : public HomeserverClient {
 public:
  CurlHomeserverClient(http::HttpClient& http, CurlHomeserverClientOptions options);

  absl::Status Register(const RegisterRequest& request) override;
  absl::StatusOr<std::string> Join(const JoinRequest& request) override;
  absl::Status Leave(const LeaveRequest& request) override;
  absl::Status Invite(const InviteRequest& request) override;
  absl::Status Kick(const KickRequest& request) override;
  absl::StatusOr<std::string> Send(const SendRequest& request) override;
  absl::StatusOr<std::string> SetState(const SetStateRequest& request) override;
  absl::Status SetDisplayName(const ProfileRequest& request) override;
  absl::Status SetAvatarUrl(const ProfileRequest& request) override;
  absl::StatusOr<std::string> CreateRoom(const CreateRoomRequest& request) override;
  absl::StatusOr<ResolvedAlias> ResolveAlias(const ResolveAliasRequest& request) override;
  absl::StatusOr<Event> GetEvent(const GetEventRequest& request) override;
  absl::StatusOr<std::string> GetState(const GetStateRequest& request) override;
  absl::StatusOr<std::vector<JoinedMember>> GetJoinedMembers(
      const JoinedMembersRequest& request) override;
  absl::StatusOr<std::string> UploadMedia(const UploadMediaRequest& request) override;
  absl::StatusOr<Media> DownloadMedia(const DownloadMediaRequest& request) override;
  absl::StatusOr<Versions> GetVersions(const VersionsRequest& request) override;
  absl::StatusOr<ForwardResponse> Forward(const ForwardRequest& request) override;

  // "@<sender_localpart>:<server_name>", the user calls act as when as_user is empty.
  std::string sender_user_id() const;

  // Which download path works: unknown until the first download, then remembered.
  enum class MediaApi { kUnknown, kAuthenticated, kLegacy };
  MediaApi media_api() const { return media_api_.load(); }

 private:
  struct Call;
  absl::StatusOr<http::Response> Execute(const Call& call);
  absl::StatusOr<std::string> ExecuteJson(const Call& call);
  // POST /rooms/{roomId}/<action> with {user_id, reason}: invite and kick.
  template <typename MemberRequest>
  absl::Status MemberAction(std::string_view action, std::string_view context_verb,
                            const MemberRequest& request);
  absl::StatusOr<http::Response> Attempt(const Call& call);

  http::HttpClient& http_;
  CurlHomeserverClientOptions options_;
  std::atomic<MediaApi> media_api_{MediaApi::kUnknown};
};

}  // namespace mxedge::matrix
