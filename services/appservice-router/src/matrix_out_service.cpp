#include "matrix_out_service.hpp"

#include <algorithm>
#include <utility>

#include <nlohmann/json.hpp>

#include "absl/strings/str_cat.h"
#include "matrix_out_errors.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/request_id.hpp"
#include "mxedge/common/status_mapping.hpp"
#include "mxedge/matrix/ids.hpp"
#include "mxedge/matrix/mxc_uri.hpp"
#include "mxedge/rpc/status_conversion.hpp"

namespace mxedge::appservice_router {

namespace {

using nlohmann::json;

constexpr size_t kMaxIdempotencyKeyBytes = 255;

absl::Status Invalid(std::string_view why) { return absl::InvalidArgumentError(std::string(why)); }

absl::Status CheckRoomId(std::string_view room_id) {
  if (!matrix::ParseRoomId(room_id).ok()) {
    return Invalid("room_id is not a valid room id");
  }
  return absl::OkStatus();
}

absl::Status CheckJsonObject(std::string_view text, std::string_view field) {
  json value = json::parse(text.begin(), text.end(), nullptr, false);
  if (value.is_discarded() || !value.is_object()) {
    return Invalid(absl::StrCat(std::string(field), " must be a JSON object"));
  }
  return absl::OkStatus();
}

absl::Status CheckEventType(std::string_view type) {
  if (type.empty() || type.size() > 255) {
    return Invalid("event_type must be 1 to 255 bytes");
  }
  return absl::OkStatus();
}

// The request id sent to the homeserver as X-Request-Id: the caller's when it is safe to put in
// a header and a log, else empty (the homeserver client then makes a fresh one).
template <typename Request>
std::string Rid(const Request& request) {
  return common::IsAcceptableRequestId(request.request_id()) ? request.request_id() : std::string();
}

bool IsNotInRoom(const absl::Status& status) {
  return common::MatrixErrcodeOf(status) == "M_FORBIDDEN" &&
         status.message().find("not in room") != absl::string_view::npos;
}

std::string_view OutcomeOf(const absl::Status& status) {
  if (status.ok()) {
    return "ok";
  }
  if (IsHomeserverRefusal(status)) {
    return "refused";
  }
  switch (status.code()) {
    case absl::StatusCode::kInvalidArgument:
      return "invalid";
    case absl::StatusCode::kPermissionDenied:
      return "denied";
    case absl::StatusCode::kDeadlineExceeded:
      return "timeout";
    default:
      return "error";
  }
}

json CreateRoomBody(const v1::CreateRoomRequest& request, absl::Status& error) {
  json body = json::object();
  if (!request.alias_localpart().empty()) {
    body["room_alias_name"] = request.alias_localpart();
  }
  if (!request.name().empty()) {
    body["name"] = request.name();
  }
  if (!request.topic().empty()) {
    body["topic"] = request.topic();
  }
  if (request.visibility() == v1::ROOM_VISIBILITY_PUBLIC) {
    body["visibility"] = "public";
  } else if (request.visibility() == v1::ROOM_VISIBILITY_PRIVATE) {
    body["visibility"] = "private";
  }
  switch (request.preset()) {
    case v1::ROOM_PRESET_PRIVATE_CHAT:
      body["preset"] = "private_chat";
      break;
    case v1::ROOM_PRESET_TRUSTED_PRIVATE_CHAT:
      body["preset"] = "trusted_private_chat";
      break;
    case v1::ROOM_PRESET_PUBLIC_CHAT:
      body["preset"] = "public_chat";
      break;
    default:
      break;
  }
  if (request.invite_size() > 0) {
    body["invite"] = json::array();
    for (const std::string& user : request.invite()) {
      if (!matrix::ParseUserId(user).ok()) {
        error = Invalid("invite holds an invalid user id");
        return body;
      }
      body["invite"].push_back(user);
    }
  }
  if (request.initial_state_size() > 0) {
    body["initial_state"] = json::array();
    for (const v1::InitialStateEvent& state : request.initial_state()) {
      json content = json::parse(state.content_json(), nullptr, false);
      if (content.is_discarded() || !content.is_object() || state.type().empty()) {
        error = Invalid("initial_state needs a type and a JSON object content");
        return body;
      }
      body["initial_state"].push_back(
          {{"type", state.type()}, {"state_key", state.state_key()}, {"content", content}});
    }
  }
  if (request.is_direct()) {
    body["is_direct"] = true;
  }
  for (auto [text, key] :
       {std::pair{&request.creation_content_json(), "creation_content"},
        std::pair{&request.power_level_content_override_json(), "power_level_content_override"}}) {
    if (text->empty()) {
      continue;
    }
    json value = json::parse(*text, nullptr, false);
    if (value.is_discarded() || !value.is_object()) {
      error = Invalid(absl::StrCat(key, " must be a JSON object"));
      return body;
    }
    body[key] = value;
  }
  return body;
}

}  // namespace

MatrixOutService::MatrixOutService(MatrixOutOptions options, matrix::HomeserverClient& homeserver,
                                   rpc::BoundedExecutor& executor, MatrixOutMembershipCache& cache,
                                   const MediaLinkSigner* links, common::MetricsRegistry& metrics)
    : options_(std::move(options)),
      verifier_(options_.internal_token),
      homeserver_(homeserver),
      executor_(executor),
      cache_(cache),
      links_(links),
      calls_(metrics.AddCounterFamily("mxedge_appservice_router_matrix_out_calls_total",
                                      "MatrixOut calls by RPC and outcome.", {"rpc", "outcome"})),
      latency_(metrics.AddHistogramFamily("mxedge_appservice_router_matrix_out_call_seconds",
                                          "MatrixOut call latency by RPC.", {"rpc"})) {}

template <typename Reply>
grpc::ServerUnaryReactor* MatrixOutService::Run(grpc::CallbackServerContext* context,
                                                std::string_view rpc, const std::string& request_id,
                                                Reply* reply, std::function<absl::Status()> work) {
  const auto started = std::chrono::steady_clock::now();
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (absl::Status auth = verifier_.Check(*context); !auth.ok()) {
    calls_.WithLabels({rpc, "unauthenticated"}).Increment();
    reactor->Finish(rpc::ToGrpcStatus(auth));
    return reactor;
  }
  reply->set_request_id(request_id);
  auto run = [this, reactor, reply, rpc, request_id, started, work = std::move(work)] {
    absl::Status status;
    try {
      status = work();
    } catch (const std::exception& e) {
      status = absl::InternalError(absl::StrCat("matrix out ", std::string(rpc), ": ", e.what()));
    }
    if (!status.ok() && !IsHomeserverRefusal(status)) {
      common::LogWarn("matrix out call failed",
                      {{"rpc", rpc}, {"request_id", request_id}, {"status", status.ToString()}});
    }
    calls_.WithLabels({rpc, OutcomeOf(status)}).Increment();
    latency_.WithLabels({rpc}).Observe(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    reactor->Finish(AnswerFor(status, *reply->mutable_error()));
  };
  if (!executor_.TrySubmit(std::move(run))) {
    calls_.WithLabels({rpc, "busy"}).Increment();
    reactor->Finish(rpc::ToGrpcStatus(
        common::WithRetryAfter(absl::ResourceExhaustedError("matrix out executor full"),
                               std::chrono::milliseconds(1000))));
  }
  return reactor;
}

absl::StatusOr<std::string> MatrixOutService::Acting(const std::string& as_user,
                                                     const std::string& request_id) {
  if (as_user.empty() || as_user == options_.bot_user_id) {
    return std::string();
  }
  absl::StatusOr<matrix::UserId> user = matrix::ParseUserId(as_user);
  if (!user.ok()) {
    return Invalid("as_user is not a valid user id");
  }
  if (user->server_name != options_.server_name ||
      (options_.in_namespace && !options_.in_namespace(as_user))) {
    return common::WithPublicMessage(
        absl::PermissionDeniedError(absl::StrCat("as_user outside the namespace: ", as_user)),
        "as_user is outside the application service namespace");
  }
  if (!cache_.IsRegistered(as_user)) {
    absl::Status registered =
        homeserver_.Register({.localpart = user->localpart, .request_id = request_id});
    if (!registered.ok()) {
      return registered;
    }
    cache_.MarkRegistered(as_user);
  }
  return as_user;
}

const std::string& MatrixOutService::Member(const std::string& acting) const {
  return acting.empty() ? options_.bot_user_id : acting;
}

absl::Status MatrixOutService::EnsureJoined(const std::string& room_id, const std::string& acting,
                                            const std::string& request_id) {
  if (cache_.IsJoined(room_id, Member(acting))) {
    return absl::OkStatus();
  }
  absl::StatusOr<std::string> joined =
      homeserver_.Join({.room_id_or_alias = room_id, .as_user = acting, .request_id = request_id});
  if (!joined.ok()) {
    return joined.status();
  }
  cache_.MarkJoined(*joined, Member(acting));
  return absl::OkStatus();
}

absl::Status MatrixOutService::WithMembership(const std::string& room_id, const std::string& acting,
                                              const std::string& request_id,
                                              const std::function<absl::Status()>& intent) {
  if (absl::Status joined = EnsureJoined(room_id, acting, request_id); !joined.ok()) {
    return joined;
  }
  absl::Status status = intent();
  if (!IsNotInRoom(status)) {
    return status;
  }
  common::LogInfo("matrix out: not in room, joining again",
                  {{"room_id", room_id}, {"user_id", Member(acting)}, {"request_id", request_id}});
  cache_.ForgetJoined(room_id, Member(acting));
  if (absl::Status joined = EnsureJoined(room_id, acting, request_id); !joined.ok()) {
    return joined;
  }
  return intent();
}

grpc::ServerUnaryReactor* MatrixOutService::Send(grpc::CallbackServerContext* context,
                                                 const v1::SendRequest* request,
                                                 v1::SendReply* reply) {
  return Run(context, "Send", request->request_id(), reply, [this, request, reply] {
    if (absl::Status s = CheckRoomId(request->room_id()); !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckEventType(request->event_type()); !s.ok()) {
      return s;
    }
    if (request->idempotency_key().empty() ||
        request->idempotency_key().size() > kMaxIdempotencyKeyBytes) {
      return Invalid("idempotency_key must be 1 to 255 bytes");
    }
    if (absl::Status s = CheckJsonObject(request->content_json(), "content_json"); !s.ok()) {
      return s;
    }
    absl::StatusOr<std::string> acting = Acting(request->as_user(), Rid(*request));
    if (!acting.ok()) {
      return acting.status();
    }
    matrix::SendRequest send{.room_id = request->room_id(),
                             .type = request->event_type(),
                             .txn_id = request->idempotency_key(),
                             .content_json = request->content_json(),
                             .as_user = *acting,
                             .request_id = Rid(*request)};
    if (request->has_timestamp_ms()) {
      send.ts = request->timestamp_ms();
    }
    return WithMembership(request->room_id(), *acting, Rid(*request), [&] {
      absl::StatusOr<std::string> event_id = homeserver_.Send(send);
      if (event_id.ok()) {
        reply->set_event_id(*event_id);
      }
      return event_id.status();
    });
  });
}

grpc::ServerUnaryReactor* MatrixOutService::SetState(grpc::CallbackServerContext* context,
                                                     const v1::SetStateRequest* request,
                                                     v1::SetStateReply* reply) {
  return Run(context, "SetState", request->request_id(), reply, [this, request, reply] {
    if (absl::Status s = CheckRoomId(request->room_id()); !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckEventType(request->event_type()); !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckJsonObject(request->content_json(), "content_json"); !s.ok()) {
      return s;
    }
    absl::StatusOr<std::string> acting = Acting(request->as_user(), Rid(*request));
    if (!acting.ok()) {
      return acting.status();
    }
    matrix::SetStateRequest state{.room_id = request->room_id(),
                                  .type = request->event_type(),
                                  .state_key = request->state_key(),
                                  .content_json = request->content_json(),
                                  .as_user = *acting,
                                  .request_id = Rid(*request)};
    return WithMembership(request->room_id(), *acting, Rid(*request), [&] {
      absl::StatusOr<std::string> event_id = homeserver_.SetState(state);
      if (event_id.ok()) {
        reply->set_event_id(*event_id);
      }
      return event_id.status();
    });
  });
}

grpc::ServerUnaryReactor* MatrixOutService::Join(grpc::CallbackServerContext* context,
                                                 const v1::JoinRequest* request,
                                                 v1::JoinReply* reply) {
  return Run(context, "Join", request->request_id(), reply, [this, request, reply] {
    if (!matrix::ValidateRoomIdOrAlias(request->room_id_or_alias()).ok()) {
      return Invalid("room_id_or_alias is neither a room id nor an alias");
    }
    absl::StatusOr<std::string> acting = Acting(request->as_user(), Rid(*request));
    if (!acting.ok()) {
      return acting.status();
    }
    matrix::JoinRequest join{.room_id_or_alias = request->room_id_or_alias(),
                             .as_user = *acting,
                             .request_id = Rid(*request)};
    join.server_names.assign(request->via_servers().begin(), request->via_servers().end());
    absl::StatusOr<std::string> room_id = homeserver_.Join(join);
    if (!room_id.ok()) {
      return room_id.status();
    }
    cache_.MarkJoined(*room_id, Member(*acting));
    reply->set_room_id(*room_id);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MatrixOutService::Leave(grpc::CallbackServerContext* context,
                                                  const v1::LeaveRequest* request,
                                                  v1::LeaveReply* reply) {
  return Run(context, "Leave", request->request_id(), reply, [this, request] {
    if (absl::Status s = CheckRoomId(request->room_id()); !s.ok()) {
      return s;
    }
    absl::StatusOr<std::string> acting = Acting(request->as_user(), Rid(*request));
    if (!acting.ok()) {
      return acting.status();
    }
    cache_.ForgetJoined(request->room_id(), Member(*acting));
    return homeserver_.Leave({.room_id = request->room_id(),
                              .as_user = *acting,
                              .reason = request->reason(),
                              .request_id = Rid(*request)});
  });
}

grpc::ServerUnaryReactor* MatrixOutService::Invite(grpc::CallbackServerContext* context,
                                                   const v1::InviteRequest* request,
                                                   v1::InviteReply* reply) {
  return Run(context, "Invite", request->request_id(), reply, [this, request] {
    if (absl::Status s = CheckRoomId(request->room_id()); !s.ok()) {
      return s;
    }
    if (!matrix::ParseUserId(request->invitee()).ok()) {
      return Invalid("invitee is not a valid user id");
    }
    absl::StatusOr<std::string> acting = Acting(request->as_user(), Rid(*request));
    if (!acting.ok()) {
      return acting.status();
    }
    return WithMembership(request->room_id(), *acting, Rid(*request), [&] {
      return homeserver_.Invite({.room_id = request->room_id(),
                                 .user_id = request->invitee(),
                                 .as_user = *acting,
                                 .reason = request->reason(),
                                 .request_id = Rid(*request)});
    });
  });
}

grpc::ServerUnaryReactor* MatrixOutService::Kick(grpc::CallbackServerContext* context,
                                                 const v1::KickRequest* request,
                                                 v1::KickReply* reply) {
  return Run(context, "Kick", request->request_id(), reply, [this, request] {
    if (absl::Status s = CheckRoomId(request->room_id()); !s.ok()) {
      return s;
    }
    if (!matrix::ParseUserId(request->target()).ok()) {
      return Invalid("target is not a valid user id");
    }
    absl::StatusOr<std::string> acting = Acting(request->as_user(), Rid(*request));
    if (!acting.ok()) {
      return acting.status();
    }
    absl::Status kicked = WithMembership(request->room_id(), *acting, Rid(*request), [&] {
      return homeserver_.Kick({.room_id = request->room_id(),
                               .user_id = request->target(),
                               .as_user = *acting,
                               .reason = request->reason(),
                               .request_id = Rid(*request)});
    });
    if (kicked.ok()) {
      cache_.ForgetJoined(request->room_id(), request->target());
    }
    return kicked;
  });
}

grpc::ServerUnaryReactor* MatrixOutService::SetProfile(grpc::CallbackServerContext* context,
                                                       const v1::SetProfileRequest* request,
                                                       v1::SetProfileReply* reply) {
  return Run(context, "SetProfile", request->request_id(), reply, [this, request] {
    absl::StatusOr<std::string> acting = Acting(request->as_user(), Rid(*request));
    if (!acting.ok()) {
      return acting.status();
    }
    const std::string& user_id = Member(*acting);
    if (request->has_display_name()) {
      absl::Status s = homeserver_.SetDisplayName(
          {.user_id = user_id, .value = request->display_name(), .request_id = Rid(*request)});
      if (!s.ok()) {
        return s;
      }
    }
    if (request->has_avatar_url()) {
      if (!request->avatar_url().empty() && !matrix::ParseMxcUri(request->avatar_url()).ok()) {
        return Invalid("avatar_url must be an mxc:// URI");
      }
      return homeserver_.SetAvatarUrl(
          {.user_id = user_id, .value = request->avatar_url(), .request_id = Rid(*request)});
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MatrixOutService::CreateRoom(grpc::CallbackServerContext* context,
                                                       const v1::CreateRoomRequest* request,
                                                       v1::CreateRoomReply* reply) {
  return Run(context, "CreateRoom", request->request_id(), reply, [this, request, reply] {
    absl::Status body_error;
    json body = CreateRoomBody(*request, body_error);
    if (!body_error.ok()) {
      return body_error;
    }
    absl::StatusOr<std::string> acting = Acting(request->as_user(), Rid(*request));
    if (!acting.ok()) {
      return acting.status();
    }
    absl::StatusOr<std::string> room_id = homeserver_.CreateRoom(
        {.body_json = body.dump(), .as_user = *acting, .request_id = Rid(*request)});
    if (!room_id.ok()) {
      return room_id.status();
    }
    cache_.MarkJoined(*room_id, Member(*acting));
    reply->set_room_id(*room_id);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MatrixOutService::ResolveAlias(grpc::CallbackServerContext* context,
                                                         const v1::ResolveAliasRequest* request,
                                                         v1::ResolveAliasReply* reply) {
  return Run(context, "ResolveAlias", request->request_id(), reply, [this, request, reply] {
    if (!matrix::ParseRoomAlias(request->alias()).ok()) {
      return Invalid("alias is not a valid room alias");
    }
    absl::StatusOr<matrix::ResolvedAlias> resolved =
        homeserver_.ResolveAlias({.alias = request->alias(), .request_id = Rid(*request)});
    if (!resolved.ok()) {
      return resolved.status();
    }
    reply->set_room_id(resolved->room_id);
    for (const std::string& server : resolved->servers) {
      reply->add_servers(server);
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MatrixOutService::GetEvent(grpc::CallbackServerContext* context,
                                                     const v1::GetEventRequest* request,
                                                     v1::GetEventReply* reply) {
  return Run(context, "GetEvent", request->request_id(), reply, [this, request, reply] {
    if (absl::Status s = CheckRoomId(request->room_id()); !s.ok()) {
      return s;
    }
    if (!matrix::ValidateEventId(request->event_id()).ok()) {
      return Invalid("event_id is not a valid event id");
    }
    absl::StatusOr<std::string> acting = Acting(request->as_user(), Rid(*request));
    if (!acting.ok()) {
      return acting.status();
    }
    absl::StatusOr<matrix::Event> event = homeserver_.GetEvent({.room_id = request->room_id(),
                                                                .event_id = request->event_id(),
                                                                .as_user = *acting,
                                                                .request_id = Rid(*request)});
    if (!event.ok()) {
      return event.status();
    }
    v1::MatrixEvent& out = *reply->mutable_event();
    out.set_event_id(event->event_id);
    out.set_room_id(event->room_id);
    out.set_sender(event->sender);
    out.set_type(event->type);
    if (event->state_key) {
      out.set_state_key(*event->state_key);
    }
    out.set_origin_server_ts(event->origin_server_ts);
    out.set_content_json(event->content);
    out.set_unsigned_json(event->unsigned_data);
    out.set_redacts(event->redacts.value_or(""));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MatrixOutService::GetState(grpc::CallbackServerContext* context,
                                                     const v1::GetStateRequest* request,
                                                     v1::GetStateReply* reply) {
  return Run(context, "GetState", request->request_id(), reply, [this, request, reply] {
    if (absl::Status s = CheckRoomId(request->room_id()); !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckEventType(request->event_type()); !s.ok()) {
      return s;
    }
    absl::StatusOr<std::string> acting = Acting(request->as_user(), Rid(*request));
    if (!acting.ok()) {
      return acting.status();
    }
    absl::StatusOr<std::string> content = homeserver_.GetState({.room_id = request->room_id(),
                                                                .type = request->event_type(),
                                                                .state_key = request->state_key(),
                                                                .as_user = *acting,
                                                                .request_id = Rid(*request)});
    if (!content.ok()) {
      return content.status();
    }
    reply->set_content_json(*std::move(content));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MatrixOutService::GetJoinedMembers(
    grpc::CallbackServerContext* context, const v1::GetJoinedMembersRequest* request,
    v1::GetJoinedMembersReply* reply) {
  return Run(context, "GetJoinedMembers", request->request_id(), reply, [this, request, reply] {
    if (absl::Status s = CheckRoomId(request->room_id()); !s.ok()) {
      return s;
    }
    absl::StatusOr<std::string> acting = Acting(request->as_user(), Rid(*request));
    if (!acting.ok()) {
      return acting.status();
    }
    absl::StatusOr<std::vector<matrix::JoinedMember>> members = homeserver_.GetJoinedMembers(
        {.room_id = request->room_id(), .as_user = *acting, .request_id = Rid(*request)});
    if (!members.ok()) {
      return members.status();
    }
    for (const matrix::JoinedMember& member : *members) {
      v1::JoinedMember& out = *reply->add_members();
      out.set_user_id(member.user_id);
      out.set_display_name(member.display_name.value_or(""));
      out.set_avatar_url(member.avatar_url.value_or(""));
    }
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MatrixOutService::UploadMedia(grpc::CallbackServerContext* context,
                                                        const v1::UploadMediaRequest* request,
                                                        v1::UploadMediaReply* reply) {
  return Run(context, "UploadMedia", request->request_id(), reply, [this, request, reply] {
    if (request->content_type().find_first_of("\r\n") != std::string::npos ||
        request->filename().find_first_of("\r\n") != std::string::npos) {
      return Invalid("content_type and filename may not hold line breaks");
    }
    absl::StatusOr<std::string> acting = Acting(request->as_user(), Rid(*request));
    if (!acting.ok()) {
      return acting.status();
    }
    matrix::UploadMediaRequest upload{.bytes = request->data(),
                                      .filename = request->filename(),
                                      .as_user = *acting,
                                      .request_id = Rid(*request)};
    if (!request->content_type().empty()) {
      upload.content_type = request->content_type();
    }
    absl::StatusOr<std::string> uri = homeserver_.UploadMedia(upload);
    if (!uri.ok()) {
      return uri.status();
    }
    reply->set_content_uri(*uri);
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MatrixOutService::DownloadMedia(grpc::CallbackServerContext* context,
                                                          const v1::DownloadMediaRequest* request,
                                                          v1::DownloadMediaReply* reply) {
  return Run(context, "DownloadMedia", request->request_id(), reply, [this, request, reply] {
    if (!matrix::ParseMxcUri(request->content_uri()).ok()) {
      return Invalid("content_uri is not an mxc:// URI");
    }
    if (request->max_bytes() < 0) {
      return Invalid("max_bytes may not be negative");
    }
    size_t max_bytes = request->max_bytes() == 0 ? options_.default_download_bytes
                                                 : static_cast<size_t>(request->max_bytes());
    max_bytes = std::min(max_bytes, options_.max_download_bytes);
    absl::StatusOr<matrix::Media> media = homeserver_.DownloadMedia(
        {.mxc = request->content_uri(), .max_bytes = max_bytes, .request_id = Rid(*request)});
    if (!media.ok()) {
      if (absl::IsResourceExhausted(media.status()) && !IsHomeserverRefusal(media.status())) {
        return common::WithMatrixErrcode(
            absl::ResourceExhaustedError(absl::StrCat("media larger than ", max_bytes, " bytes")),
            "M_TOO_LARGE");
      }
      return media.status();
    }
    if (media->bytes.size() > max_bytes) {
      return common::WithMatrixErrcode(
          absl::ResourceExhaustedError(absl::StrCat("media larger than ", max_bytes, " bytes")),
          "M_TOO_LARGE");
    }
    reply->set_content_type(media->content_type);
    reply->set_filename(media->filename);
    reply->set_data(std::move(media->bytes));
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* MatrixOutService::MediaLink(grpc::CallbackServerContext* context,
                                                      const v1::MediaLinkRequest* request,
                                                      v1::MediaLinkReply* reply) {
  return Run(context, "MediaLink", request->request_id(), reply, [this, request, reply] {
    if (links_ == nullptr) {
      return absl::FailedPreconditionError("media links are not configured");
    }
    if (request->ttl_ms() < 0) {
      return Invalid("ttl_ms may not be negative");
    }
    absl::StatusOr<appservice_router::MediaLink> link = links_->Sign(
        request->content_uri(), std::chrono::milliseconds(request->ttl_ms()), request->filename());
    if (!link.ok()) {
      return common::WithMatrixErrcode(link.status(), "M_INVALID_PARAM");
    }
    reply->set_url(link->url);
    reply->set_expires_at_ms(link->expires_at_ms);
    return absl::OkStatus();
  });
}

}  // namespace mxedge::appservice_router
