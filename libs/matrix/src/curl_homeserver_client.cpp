#include "mxedge/matrix/curl_homeserver_client.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <thread>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl_compat.hpp"
#include "call_helpers.hpp"
#include "homeserver_paths.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/request_id.hpp"
#include "mxedge/common/status_mapping.hpp"
#include "mxedge/http/percent_encoding.hpp"
#include "mxedge/http/retry_after.hpp"
#include "mxedge/matrix/homeserver_errors.hpp"
#include "mxedge/matrix/ids.hpp"
#include "mxedge/matrix/mxc_uri.hpp"

namespace mxedge::matrix {

using internal::AddUser;
using internal::CheckJsonObject;
using internal::CheckNonEmpty;
using internal::CheckRoom;
using internal::CheckUser;
using internal::Enc;
using internal::ObjectWith;
using internal::ParseObject;
using internal::StringField;
using internal::Sv;
using nlohmann::json;

struct CurlHomeserverClient::Call {
  std::string method = "GET";
  std::string endpoint;                                    // template for the observer, no ids
  std::string path;                                        // encoded
  std::vector<std::pair<std::string, std::string>> query;  // decoded
  std::string body;
  std::string content_type;  // omitted when empty
  std::string token;         // Bearer token when send_as_token is false
  bool send_as_token = true;
  std::string request_id;
  std::string context;  // error message prefix
  bool retry_rate_limit = true;
  size_t max_response_bytes = 0;  // 0: options_.max_json_response_bytes
};

CurlHomeserverClient::CurlHomeserverClient(http::HttpClient& http,
                                           CurlHomeserverClientOptions options)
    : http_(http), options_(std::move(options)) {
  while (!options_.base_url.empty() && options_.base_url.back() == '/') {
    options_.base_url.pop_back();
  }
  if (!options_.sleep) {
    options_.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  }
}

std::string CurlHomeserverClient::sender_user_id() const {
  return absl::StrCat("@", options_.sender_localpart, ":", options_.server_name);
}

absl::StatusOr<http::Response> CurlHomeserverClient::Attempt(const Call& call) {
  http::ClientRequest request;
  request.method = call.method;
  request.url = absl::StrCat(options_.base_url, call.path);
  if (!call.query.empty()) {
    absl::StrAppend(&request.url, "?", internal::BuildQuery(call.query));
  }
  const std::string& token = call.send_as_token ? options_.as_token : call.token;
  if (!token.empty()) {
    http::SetHeader(request.headers, "Authorization", absl::StrCat("Bearer ", token));
  }
  if (!call.content_type.empty()) {
    http::SetHeader(request.headers, "Content-Type", call.content_type);
  }
  http::SetHeader(request.headers, "X-Request-Id",
                  call.request_id.empty() ? common::NewRequestId() : call.request_id);
  request.body = call.body;
  request.timeout = options_.timeout;

  const auto start = std::chrono::steady_clock::now();
  absl::StatusOr<http::Response> response = http_.Send(request);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const int status = response.ok() ? response->status : 0;
  if (options_.observer) {
    options_.observer(call.endpoint, status, seconds);
  }
  common::LogDebug("homeserver call",
                   {{"endpoint", call.endpoint},
                    {"status", status},
                    {"seconds", seconds},
                    {"request_id", FindHeader(request.headers, "X-Request-Id").value_or("")}});
  if (!response.ok()) {
    return absl::Status(response.status().code(),
                        absl::StrCat(call.context, ": ", response.status().message()));
  }
  const size_t limit =
      call.max_response_bytes == 0 ? options_.max_json_response_bytes : call.max_response_bytes;
  if (response->body.size() > limit) {
    return absl::ResourceExhaustedError(absl::StrCat(
        call.context, ": answer of ", response->body.size(), " bytes exceeds ", limit));
  }
  return response;
}

absl::StatusOr<http::Response> CurlHomeserverClient::Execute(const Call& call) {
  for (int retries = 0;; ++retries) {
    absl::StatusOr<http::Response> response = Attempt(call);
    if (!response.ok() || response->status != 429 || !call.retry_rate_limit ||
        retries >= options_.max_rate_limit_retries) {
      return response;
    }
    std::chrono::milliseconds wait = options_.rate_limit_default_wait;
    if (std::optional<int64_t> asked =
            http::RetryAfterMs(*response, std::chrono::system_clock::now());
        asked.has_value()) {
      wait = std::chrono::milliseconds(*asked);
    }
    wait = std::clamp(wait, std::chrono::milliseconds(0), options_.rate_limit_max_wait);
    common::LogWarn("homeserver rate limited, retrying",
                    {{"endpoint", call.endpoint},
                     {"retry", retries + 1},
                     {"wait_ms", static_cast<int64_t>(wait.count())}});
    options_.sleep(wait);
  }
}

absl::StatusOr<std::string> CurlHomeserverClient::ExecuteJson(const Call& call) {
  absl::StatusOr<http::Response> response = Execute(call);
  if (!response.ok()) {
    return response.status();
  }
  if (absl::Status s =
          StatusFromResponse(*response, call.context, std::chrono::system_clock::now());
      !s.ok()) {
    return s;
  }
  return std::move(response->body);
}

namespace {

// Shorthand for building calls.
std::string Client(const CurlHomeserverClientOptions& o, std::string_view rest) {
  return absl::StrCat("/_matrix/client/", o.client_api_version, Sv(rest));
}

}  // namespace

absl::Status CurlHomeserverClient::Register(const RegisterRequest& request) {
  if (!IsValidUserLocalpart(request.localpart)) {
    return absl::InvalidArgumentError(
        absl::StrCat("register: invalid localpart \"", request.localpart.substr(0, 64), "\""));
  }
  Call call;
  call.method = "POST";
  call.endpoint = "POST /register";
  call.path = Client(options_, "/register");
  call.content_type = "application/json";
  call.body = json{
      {"type", "m.login.application_service"},
      {"username", request.localpart},
      {"inhibit_login",
       true}}.dump();
  call.request_id = request.request_id;
  call.context = absl::StrCat("register ", request.localpart);
  absl::StatusOr<std::string> body = ExecuteJson(call);
  if (!body.ok() && common::MatrixErrcodeOf(body.status()) == "M_USER_IN_USE") {
    return absl::OkStatus();
  }
  return body.status();
}

absl::StatusOr<std::string> CurlHomeserverClient::Join(const JoinRequest& request) {
  if (absl::Status s = ValidateRoomIdOrAlias(request.room_id_or_alias); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckUser(request.as_user, "as_user"); !s.ok()) {
    return s;
  }
  Call call;
  call.method = "POST";
  call.endpoint = "POST /join/{roomIdOrAlias}";
  call.path = Client(options_, absl::StrCat("/join/", Enc(request.room_id_or_alias)));
  for (const std::string& server : request.server_names) {
    call.query.emplace_back("server_name", server);
  }
  for (const std::string& server : request.server_names) {
    call.query.emplace_back("via", server);
  }
  AddUser(call.query, request.as_user);
  call.content_type = "application/json";
  call.body = "{}";
  call.request_id = request.request_id;
  call.context = absl::StrCat("join ", request.room_id_or_alias);
  absl::StatusOr<std::string> body = ExecuteJson(call);
  if (!body.ok()) {
    return body.status();
  }
  return StringField(*body, "room_id", call.context);
}

absl::Status CurlHomeserverClient::Leave(const LeaveRequest& request) {
  if (absl::Status s = CheckRoom(request.room_id); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckUser(request.as_user, "as_user"); !s.ok()) {
    return s;
  }
  Call call;
  call.method = "POST";
  call.endpoint = "POST /rooms/{roomId}/leave";
  call.path = Client(options_, absl::StrCat("/rooms/", Enc(request.room_id), "/leave"));
  AddUser(call.query, request.as_user);
  call.content_type = "application/json";
  call.body = ObjectWith({{"reason", request.reason}});
  call.request_id = request.request_id;
  call.context = absl::StrCat("leave ", request.room_id);
  return ExecuteJson(call).status();
}

template <typename MemberRequest>
absl::Status CurlHomeserverClient::MemberAction(std::string_view action,
                                                std::string_view context_verb,
                                                const MemberRequest& request) {
  if (absl::Status s = CheckRoom(request.room_id); !s.ok()) {
    return s;
  }
  if (absl::Status s = ParseUserId(request.user_id).status(); !s.ok()) {
    return s;
  }
  if (absl::Status s = CheckUser(request.as_user, "as_user"); !s.ok()) {
    return s;
  }
  const std::string verb(action);
  Call call;
  call.method = "POST";
  call.endpoint = absl::StrCat("POST /rooms/{roomId}/", verb);
  call.path = Client(options_, absl::StrCat("/rooms/", Enc(request.room_id), "/", verb));
  AddUser(call.query, request.as_user);
  call.content_type = "application/json";
  call.body = ObjectWith({{"user_id", request.user_id}, {"reason", request.reason}});
  call.request_id = request.request_id;
  call.context = absl::StrCat(verb, " ", request.user_id, " ", std::string(context_verb), " ",
                              request.room_id);
  return ExecuteJson(call).status();
}

absl::Status CurlHomeserverClient::Invite(const InviteRequest& request) {
  return MemberAction("invite", "to", request);
}

absl::Status CurlHomeserverClient::Kick(const KickRequest& request) {
  return MemberAction("kick", "from", request);
}

absl::StatusOr<std::string> CurlHomeserverClient::Send(const SendRequest& request) {
  for (absl::Status s :
       {CheckRoom(request.room_id), CheckNonEmpty(request.type, "type"),
        CheckNonEmpty(request.txn_id, "txn_id"), CheckJsonObject(request.content_json, "content"),
        CheckUser(request.as_user, "as_user")}) {
    if (!s.ok()) {
      return s;
    }
  }
  Call call;
  call.method = "PUT";
  call.endpoint = "PUT /rooms/{roomId}/send/{eventType}/{txnId}";
  call.path = Client(options_, absl::StrCat("/rooms/", Enc(request.room_id), "/send/",
                                            Enc(request.type), "/", Enc(request.txn_id)));
  AddUser(call.query, request.as_user);
  if (request.ts) {
    call.query.emplace_back("ts", absl::StrCat(*request.ts));
  }
  call.content_type = "application/json";
  call.body = request.content_json;
  call.request_id = request.request_id;
  call.context = absl::StrCat("send ", request.type, " to ", request.room_id);
  absl::StatusOr<std::string> body = ExecuteJson(call);
  if (!body.ok()) {
    return body.status();
  }
  return StringField(*body, "event_id", call.context);
}

absl::StatusOr<std::string> CurlHomeserverClient::SetState(const SetStateRequest& request) {
  for (absl::Status s :
       {CheckRoom(request.room_id), CheckNonEmpty(request.type, "type"),
        CheckJsonObject(request.content_json, "content"), CheckUser(request.as_user, "as_user")}) {
    if (!s.ok()) {
      return s;
    }
  }
  Call call;
  call.method = "PUT";
  call.endpoint = "PUT /rooms/{roomId}/state/{eventType}/{stateKey}";
  call.path =
      Client(options_, absl::StrCat("/rooms/", Enc(request.room_id), "/state/", Enc(request.type)));
  if (!request.state_key.empty()) {
    absl::StrAppend(&call.path, "/", Enc(request.state_key));
  }
  AddUser(call.query, request.as_user);
  if (request.ts) {
    call.query.emplace_back("ts", absl::StrCat(*request.ts));
  }
  call.content_type = "application/json";
  call.body = request.content_json;
  call.request_id = request.request_id;
  call.context = absl::StrCat("set state ", request.type, " in ", request.room_id);
  absl::StatusOr<std::string> body = ExecuteJson(call);
  if (!body.ok()) {
    return body.status();
  }
  return StringField(*body, "event_id", call.context);
}

absl::Status CurlHomeserverClient::SetDisplayName(const ProfileRequest& request) {
  if (absl::Status s = ParseUserId(request.user_id).status(); !s.ok()) {
    return s;
  }
  Call call;
  call.method = "PUT";
  call.endpoint = "PUT /profile/{userId}/displayname";
  call.path = Client(options_, absl::StrCat("/profile/", Enc(request.user_id), "/displayname"));
  AddUser(call.query, request.user_id);
  call.content_type = "application/json";
  call.body =
      json{{"displayname", request.value}}.dump(-1, ' ', false, json::error_handler_t::replace);
  call.request_id = request.request_id;
  call.context = absl::StrCat("set display name of ", request.user_id);
  return ExecuteJson(call).status();
}

absl::Status CurlHomeserverClient::SetAvatarUrl(const ProfileRequest& request) {
  if (absl::Status s = ParseUserId(request.user_id).status(); !s.ok()) {
    return s;
  }
  if (!request.value.empty() && !absl::StartsWith(request.value, "mxc://")) {
    return absl::InvalidArgumentError("avatar_url: must be an mxc:// URI");
  }
  Call call;
  call.method = "PUT";
  call.endpoint = "PUT /profile/{userId}/avatar_url";
  call.path = Client(options_, absl::StrCat("/profile/", Enc(request.user_id), "/avatar_url"));
  AddUser(call.query, request.user_id);
  call.content_type = "application/json";
  call.body =
      json{{"avatar_url", request.value}}.dump(-1, ' ', false, json::error_handler_t::replace);
  call.request_id = request.request_id;
  call.context = absl::StrCat("set avatar of ", request.user_id);
  return ExecuteJson(call).status();
}

absl::StatusOr<std::string> CurlHomeserverClient::CreateRoom(const CreateRoomRequest& request) {
  for (absl::Status s : {CheckJsonObject(request.body_json, "createRoom body"),
                         CheckUser(request.as_user, "as_user")}) {
    if (!s.ok()) {
      return s;
    }
  }
  Call call;
  call.method = "POST";
  call.endpoint = "POST /createRoom";
  call.path = Client(options_, "/createRoom");
  AddUser(call.query, request.as_user);
  call.content_type = "application/json";
  call.body = request.body_json;
  call.request_id = request.request_id;
  call.context = "create room";
  absl::StatusOr<std::string> body = ExecuteJson(call);
  if (!body.ok()) {
    return body.status();
  }
  return StringField(*body, "room_id", call.context);
}

absl::StatusOr<ResolvedAlias> CurlHomeserverClient::ResolveAlias(
    const ResolveAliasRequest& request) {
  if (absl::Status s = ParseRoomAlias(request.alias).status(); !s.ok()) {
    return s;
  }
  Call call;
  call.endpoint = "GET /directory/room/{roomAlias}";
  call.path = Client(options_, absl::StrCat("/directory/room/", Enc(request.alias)));
  call.request_id = request.request_id;
  call.context = absl::StrCat("resolve ", request.alias);
  absl::StatusOr<std::string> body = ExecuteJson(call);
  if (!body.ok()) {
    return body.status();
  }
  absl::StatusOr<json> value = ParseObject(*body, call.context);
  if (!value.ok()) {
    return value.status();
  }
  ResolvedAlias out;
  if (auto it = value->find("room_id"); it != value->end() && it->is_string()) {
    out.room_id = it->get<std::string>();
  } else {
    return absl::InternalError(absl::StrCat(call.context, ": answer has no room_id"));
  }
  if (auto it = value->find("servers"); it != value->end() && it->is_array()) {
    for (const json& server : *it) {
      if (server.is_string()) {
        out.servers.push_back(server.get<std::string>());
      }
    }
  }
  return out;
}

absl::StatusOr<Event> CurlHomeserverClient::GetEvent(const GetEventRequest& request) {
  for (absl::Status s : {CheckRoom(request.room_id), ValidateEventId(request.event_id),
                         CheckUser(request.as_user, "as_user")}) {
    if (!s.ok()) {
      return s;
    }
  }
  Call call;
  call.endpoint = "GET /rooms/{roomId}/event/{eventId}";
  call.path = Client(
      options_, absl::StrCat("/rooms/", Enc(request.room_id), "/event/", Enc(request.event_id)));
  AddUser(call.query, request.as_user);
  call.request_id = request.request_id;
  call.context = absl::StrCat("get event ", request.event_id);
  absl::StatusOr<std::string> body = ExecuteJson(call);
  if (!body.ok()) {
    return body.status();
  }
  absl::StatusOr<Event> event = ParseEvent(*body);
  if (!event.ok()) {
    return absl::InternalError(absl::StrCat(
        call.context, ": homeserver answered a bad event: ", event.status().message()));
  }
  return event;
}

absl::StatusOr<std::string> CurlHomeserverClient::GetState(const GetStateRequest& request) {
  for (absl::Status s : {CheckRoom(request.room_id), CheckNonEmpty(request.type, "type"),
                         CheckUser(request.as_user, "as_user")}) {
    if (!s.ok()) {
      return s;
    }
  }
  Call call;
  call.endpoint = "GET /rooms/{roomId}/state/{eventType}/{stateKey}";
  call.path =
      Client(options_, absl::StrCat("/rooms/", Enc(request.room_id), "/state/", Enc(request.type)));
  if (!request.state_key.empty()) {
    absl::StrAppend(&call.path, "/", Enc(request.state_key));
  }
  AddUser(call.query, request.as_user);
  call.request_id = request.request_id;
  call.context = absl::StrCat("get state ", request.type, " in ", request.room_id);
  absl::StatusOr<std::string> body = ExecuteJson(call);
  if (!body.ok()) {
    return body.status();
  }
  absl::StatusOr<json> value = ParseObject(*body, call.context);
  if (!value.ok()) {
    return value.status();
  }
  return value->dump();
}

absl::StatusOr<std::vector<JoinedMember>> CurlHomeserverClient::GetJoinedMembers(
    const JoinedMembersRequest& request) {
  for (absl::Status s : {CheckRoom(request.room_id), CheckUser(request.as_user, "as_user")}) {
    if (!s.ok()) {
      return s;
    }
  }
  Call call;
  call.endpoint = "GET /rooms/{roomId}/joined_members";
  call.path = Client(options_, absl::StrCat("/rooms/", Enc(request.room_id), "/joined_members"));
  AddUser(call.query, request.as_user);
  call.request_id = request.request_id;
  call.context = absl::StrCat("joined members of ", request.room_id);
  absl::StatusOr<std::string> body = ExecuteJson(call);
  if (!body.ok()) {
    return body.status();
  }
  absl::StatusOr<json> value = ParseObject(*body, call.context);
  if (!value.ok()) {
    return value.status();
  }
  auto joined = value->find("joined");
  if (joined == value->end() || !joined->is_object()) {
    return absl::InternalError(absl::StrCat(call.context, ": answer has no \"joined\" object"));
  }
  std::vector<JoinedMember> out;
  for (auto it = joined->begin(); it != joined->end(); ++it) {
    JoinedMember member{it.key(), std::nullopt, std::nullopt};
    if (it->is_object()) {
      if (auto name = it->find("display_name"); name != it->end() && name->is_string()) {
        member.display_name = name->get<std::string>();
      }
      if (auto avatar = it->find("avatar_url"); avatar != it->end() && avatar->is_string()) {
        member.avatar_url = avatar->get<std::string>();
      }
    }
    out.push_back(std::move(member));
  }
  return out;
}

absl::StatusOr<std::string> CurlHomeserverClient::UploadMedia(const UploadMediaRequest& request) {
  if (absl::Status s = CheckUser(request.as_user, "as_user"); !s.ok()) {
    return s;
  }
  if (request.content_type.empty() ||
      request.content_type.find_first_of("\r\n") != std::string::npos) {
    return absl::InvalidArgumentError("upload: content_type empty or with a line break");
  }
  Call call;
  call.method = "POST";
  call.endpoint = "POST /media/upload";
  call.path = absl::StrCat("/_matrix/media/", options_.client_api_version, "/upload");
  if (!request.filename.empty()) {
    call.query.emplace_back("filename", request.filename);
  }
  AddUser(call.query, request.as_user);
  call.content_type = request.content_type;
  call.body = request.bytes;
  call.request_id = request.request_id;
  call.context = "upload media";
  absl::StatusOr<std::string> body = ExecuteJson(call);
  if (!body.ok()) {
    return body.status();
  }
  return StringField(*body, "content_uri", call.context);
}

absl::StatusOr<Media> CurlHomeserverClient::DownloadMedia(const DownloadMediaRequest& request) {
  absl::StatusOr<MxcUri> mxc = ParseMxcUri(request.mxc);
  if (!mxc.ok()) {
    return mxc.status();
  }
  const std::string rest =
      absl::StrCat("/download/", Enc(mxc->server_name), "/", Enc(mxc->media_id));
  Call call;
  call.request_id = request.request_id.empty() ? common::NewRequestId() : request.request_id;
  call.context = absl::StrCat("download ", request.mxc);
  call.max_response_bytes = std::max<size_t>(request.max_bytes, 1);
  absl::StatusOr<http::Response> response;
  if (media_api_.load() != MediaApi::kLegacy) {
    call.endpoint = "GET /client/v1/media/download";
    call.path = absl::StrCat("/_matrix/client/v1/media", rest);
    response = Execute(call);
    if (!response.ok()) {
      return response.status();
    }
    if (internal::IsUnknownEndpoint(*response)) {
      media_api_.store(MediaApi::kLegacy);
      common::LogInfo("authenticated media unsupported by the homeserver, using legacy paths",
                      {{"status", response->status}});
    } else if (response->status >= 200 && response->status < 300) {
      media_api_.store(MediaApi::kAuthenticated);
    }
  }
  if (media_api_.load() == MediaApi::kLegacy) {
    call.endpoint = "GET /media/download";
    call.path = absl::StrCat("/_matrix/media/", options_.client_api_version, rest);
    response = Execute(call);
    if (!response.ok()) {
      return response.status();
    }
  }
  if (absl::Status s =
          StatusFromResponse(*response, call.context, std::chrono::system_clock::now());
      !s.ok()) {
    return s;
  }
  Media media;
  media.content_type =
      http::FindHeader(response->headers, "Content-Type").value_or("application/octet-stream");
  media.filename = internal::FilenameFromContentDisposition(
      http::FindHeader(response->headers, "Content-Disposition").value_or(""));
  media.bytes = std::move(response->body);
  return media;
}

absl::StatusOr<Versions> CurlHomeserverClient::GetVersions(const VersionsRequest& request) {
  Call call;
  call.endpoint = "GET /versions";
  call.path = "/_matrix/client/versions";
  call.request_id = request.request_id;
  call.context = "versions";
  absl::StatusOr<std::string> body = ExecuteJson(call);
  if (!body.ok()) {
    return body.status();
  }
  absl::StatusOr<json> value = ParseObject(*body, call.context);
  if (!value.ok()) {
    return value.status();
  }
  Versions out;
  auto versions = value->find("versions");
  if (versions == value->end() || !versions->is_array()) {
    return absl::InternalError("versions: answer has no \"versions\" array");
  }
  for (const json& v : *versions) {
    if (v.is_string()) {
      out.versions.push_back(v.get<std::string>());
    }
  }
  if (auto features = value->find("unstable_features");
      features != value->end() && features->is_object()) {
    for (auto it = features->begin(); it != features->end(); ++it) {
      out.unstable_features.emplace_back(it.key(), it->is_boolean() && it->get<bool>());
    }
  }
  return out;
}

absl::StatusOr<ForwardResponse> CurlHomeserverClient::Forward(const ForwardRequest& request) {
  if (absl::Status s = internal::CheckForwardPath(request.method, request.path); !s.ok()) {
    return s;
  }
  if (request.content_type.find_first_of("\r\n") != std::string::npos ||
      request.access_token.find_first_of("\r\n") != std::string::npos) {
    return absl::InvalidArgumentError("forward: line break in a header value");
  }
  Call call;
  call.method = request.method;
  call.endpoint = absl::StrCat(request.method, " forward");
  call.path = request.path;
  call.query = request.query;
  call.body = request.body;
  call.content_type = request.content_type;
  call.token = request.access_token;
  call.request_id = request.request_id;
  call.context = absl::StrCat("forward ", request.method);
  call.retry_rate_limit = false;
  call.max_response_bytes = options_.max_forward_response_bytes;
  // A client's call never carries the AS token, even when the client sent none.
  call.send_as_token = false;
  absl::StatusOr<http::Response> response = Execute(call);
  if (!response.ok()) {
    return response.status();
  }
  ForwardResponse out;
  out.status = response->status;
  out.content_type = http::FindHeader(response->headers, "Content-Type").value_or("");
  out.body = std::move(response->body);
  if (response->status == 429 || response->status == 503) {
    http::Response probe{response->status, response->headers, out.body};
    if (std::optional<int64_t> wait = http::RetryAfterMs(probe, std::chrono::system_clock::now())) {
      out.retry_after_ms = *wait;
    }
  }
  return out;
}

}  // namespace mxedge::matrix
