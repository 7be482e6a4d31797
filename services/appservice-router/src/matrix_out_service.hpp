#pragma once
// mxedge.v1.MatrixOut (gRPC, default :50054, reached only by sinks): every intent of
// matrix_out.proto, run against the homeserver as application service users.
//
// - Internal bearer token on every call (UNAUTHENTICATED).
// - `as_user` empty acts as the bot (sender) user; otherwise it must be a user id on our server
//   inside the namespace (PERMISSION_DENIED), and is registered first (cached; M_USER_IN_USE is
//   success) and masqueraded with `user_id=`.
// - Send / SetState / Invite / Kick first make sure the acting user is joined (cached per
//   (room, user); Leave and Kick forget the pair, so do homeserver answers that the user is not in
//   the room: the cache entry is dropped, the user joins and the intent is retried once).
// - GetState, GetEvent and GetJoinedMembers read as the acting user without joining: a user who
//   cannot see the room gets the homeserver's refusal (M_FORBIDDEN); absent state is M_NOT_FOUND.
// - Send uses the idempotency key as the txnId (so a repeated send is one event) and
//   `timestamp_ms` as `ts`.
// - A homeserver refusal (M_FORBIDDEN, M_LIMIT_EXCEEDED with retry_after_ms, ...) comes back in
//   the reply's `error` with gRPC OK; a malformed request is INVALID_ARGUMENT; no answer from the
//   homeserver is UNAVAILABLE / DEADLINE_EXCEEDED (see matrix_out_errors.hpp).
// - All homeserver calls run on the executor, never on gRPC threads; a full queue is
//   RESOURCE_EXHAUSTED with a retry hint.
#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "matrix_out_membership_cache.hpp"
#include "media_link.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "mxedge/matrix/homeserver_client.hpp"
#include "mxedge/rpc/bearer_token.hpp"
#include "mxedge/rpc/bounded_executor.hpp"
#include "mxedge/v1/matrix_out.grpc.pb.h"

namespace mxedge::appservice_router {

struct MatrixOutOptions {
  // The internal token sinks present (config secret `grpc.internal_token`).
  std::string internal_token;
  // The homeserver's server name; `as_user` must be on it.
  std::string server_name;
  // The AS sender, "@<sender_localpart>:<server_name>" (acts when `as_user` is empty).
  std::string bot_user_id;
  // Whether a user id is in our exclusive namespace; unset: every user on server_name.
  std::function<bool(std::string_view user_id)> in_namespace;
  // DownloadMedia size when the request names none, and the largest allowed.
  size_t default_download_bytes = size_t{16} << 20;
  size_t max_download_bytes = size_t{64} << 20;
};

class MatrixOutService final : public v1::MatrixOut::CallbackService {
 public:
  // Every reference must outlive the service. `links` may be null: MediaLink then answers
  // FAILED_PRECONDITION (no public base URL or key configured).
  MatrixOutService(MatrixOutOptions options, matrix::HomeserverClient& homeserver,
                   rpc::BoundedExecutor& executor, MatrixOutMembershipCache& cache,
                   const MediaLinkSigner* links, common::MetricsRegistry& metrics);

  grpc::ServerUnaryReactor* Send(grpc::CallbackServerContext* context,
                                 const v1::SendRequest* request, v1::SendReply* reply) override;
  grpc::ServerUnaryReactor* SetState(grpc::CallbackServerContext* context,
                                     const v1::SetStateRequest* request,
                                     v1::SetStateReply* reply) override;
  grpc::ServerUnaryReactor* Join(grpc::CallbackServerContext* context,
                                 const v1::JoinRequest* request, v1::JoinReply* reply) override;
  grpc::ServerUnaryReactor* Leave(grpc::CallbackServerContext* context,
                                  const v1::LeaveRequest* request, v1::LeaveReply* reply) override;
  grpc::ServerUnaryReactor* Invite(grpc::CallbackServerContext* context,
                                   const v1::InviteRequest* request,
                                   v1::InviteReply* reply) override;
  grpc::ServerUnaryReactor* Kick(grpc::CallbackServerContext* context,
                                 const v1::KickRequest* request, v1::KickReply* reply) override;
  grpc::ServerUnaryReactor* SetProfile(grpc::CallbackServerContext* context,
                                       const v1::SetProfileRequest* request,
                                       v1::SetProfileReply* reply) override;
  grpc::ServerUnaryReactor* CreateRoom(grpc::CallbackServerContext* context,
                                       const v1::CreateRoomRequest* request,
                                       v1::CreateRoomReply* reply) override;
  grpc::ServerUnaryReactor* ResolveAlias(grpc::CallbackServerContext* context,
                                         const v1::ResolveAliasRequest* request,
                                         v1::ResolveAliasReply* reply) override;
  grpc::ServerUnaryReactor* GetEvent(grpc::CallbackServerContext* context,
                                     const v1::GetEventRequest* request,
                                     v1::GetEventReply* reply) override;
  grpc::ServerUnaryReactor* GetState(grpc::CallbackServerContext* context,
                                     const v1::GetStateRequest* request,
                                     v1::GetStateReply* reply) override;
  grpc::ServerUnaryReactor* GetJoinedMembers(grpc::CallbackServerContext* context,
                                             const v1::GetJoinedMembersRequest* request,
                                             v1::GetJoinedMembersReply* reply) override;
  grpc::ServerUnaryReactor* UploadMedia(grpc::CallbackServerContext* context,
                                        const v1::UploadMediaRequest* request,
                                        v1::UploadMediaReply* reply) override;
  grpc::ServerUnaryReactor* DownloadMedia(grpc::CallbackServerContext* context,
                                          const v1::DownloadMediaRequest* request,
                                          v1::DownloadMediaReply* reply) override;
  grpc::ServerUnaryReactor* MediaLink(grpc::CallbackServerContext* context,
                                      const v1::MediaLinkRequest* request,
                                      v1::MediaLinkReply* reply) override;

 private:
  // Checks the token, then runs `work` on the executor and answers with its status.
  template <typename Reply>
  grpc::ServerUnaryReactor* Run(grpc::CallbackServerContext* context, std::string_view rpc,
                                const std::string& request_id, Reply* reply,
                                std::function<absl::Status()> work);

  // The acting user for `as_user` ("" for the bot), registered when it is a namespace user.
  absl::StatusOr<std::string> Acting(const std::string& as_user, const std::string& request_id);
  // The user id a cache entry is kept under ("" → the bot).
  const std::string& Member(const std::string& acting) const;
  absl::Status EnsureJoined(const std::string& room_id, const std::string& acting,
                            const std::string& request_id);
  // Runs `intent` after EnsureJoined; when the homeserver answers that the user is not in the
  // room, forgets the cache entry, joins and runs it once more.
  absl::Status WithMembership(const std::string& room_id, const std::string& acting,
                              const std::string& request_id,
                              const std::function<absl::Status()>& intent);

  MatrixOutOptions options_;
  rpc::BearerTokenVerifier verifier_;
  matrix::HomeserverClient& homeserver_;
  rpc::BoundedExecutor& executor_;
  MatrixOutMembershipCache& cache_;
  const MediaLinkSigner* links_;
  common::CounterFamily& calls_;
  common::HistogramFamily& latency_;
};

}  // namespace mxedge::appservice_router
