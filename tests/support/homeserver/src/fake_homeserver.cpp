#include "mxedge/testing/fake_homeserver.hpp"

#include <deque>
#include <mutex>
#include <thread>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "mxedge/common/check.hpp"
#include "mxedge/common/clock.hpp"

namespace mxedge::testing {

using http::Request;
using http::Responder;
using http::Response;
using nlohmann::json;

struct FakeHomeserver::State {
  struct Failure {
    std::string raw_path_part;
    int remaining;
    InjectedFailure failure;
  };
  struct Room {
    std::map<std::string, std::string> membership;  // user -> join | invite | leave
    std::map<std::pair<std::string, std::string>, json> state;
  };
  struct Media {
    std::string content_type;
    std::string bytes;
  };

  std::string NextId(char sigil, const std::string& server) {
    return absl::StrCat(std::string(1, sigil), "fake", ++counter, ":", server);
  }

  mutable std::mutex mu;
  std::vector<RecordedRequest> requests;
  std::vector<Failure> failures;
  std::deque<json> sync_bodies;
  json last_sync = {{"next_batch", "s0"}, {"rooms", json::object()}};
  std::set<std::string> users;
  std::map<std::string, Room> rooms;
  std::map<std::string, std::string> aliases;  // "#a:server" -> room id
  std::map<std::string, json> events;
  std::map<std::pair<std::string, std::string>, std::string> txns;  // (user, txnId) -> event id
  std::map<std::string, std::map<std::string, std::string>> profiles;
  std::map<std::string, Media> media;
  uint64_t counter = 0;
  std::mutex delayed_mu;
  std::vector<std::thread> delayed;
};

namespace {

// A Client-Server handler: the request, the user the AS acts as, and the state (locked).
using CsHandler =
    std::function<Response(const Request&, const std::string& acting, FakeHomeserver::State&)>;

enum class Auth { kNone, kAsToken, kAsTokenNoMasquerade };

std::optional<json> JsonBody(const Request& r) {
  json body = json::parse(r.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return std::nullopt;
  }
  return body;
}

Response NotJson() { return Response::MatrixError(400, "M_NOT_JSON", "Content not JSON."); }
Response Ok(const json& body) { return Response::Json(200, body.dump()); }

std::string Localpart(const std::string& user_id) {
  const size_t colon = user_id.find(':');
  return user_id.size() > 1 && colon != std::string::npos ? user_id.substr(1, colon - 1) : "";
}

}  // namespace

FakeHomeserver::FakeHomeserver(FakeHomeserverOptions options)
    : options_(std::move(options)), state_(std::make_unique<State>()), server_([] {
        http::HttpServerOptions o;
        o.bind_address = "127.0.0.1";
        o.port = 0;
        return o;
      }()) {
  state_->users.insert(sender());
  if (!options_.as_url.empty()) {
    SetAsUrl(options_.as_url);
  }
  Routes();
}

void FakeHomeserver::SetAsUrl(std::string as_url) {
  options_.as_url = std::move(as_url);
  pusher_.reset();
  AsPusherOptions p;
  p.as_url = options_.as_url;
  p.hs_token = options_.hs_token;
  p.style = options_.as_style;
  p.retry_initial = options_.retry_initial;
  p.retry_max = options_.retry_max;
  p.max_events_per_transaction = options_.max_events_per_transaction;
  pusher_ = std::make_unique<AsPusher>(p, client_);
}

FakeHomeserver::~FakeHomeserver() {
  pusher_.reset();
  server_.Shutdown(std::chrono::milliseconds(2000)).IgnoreError();
  std::lock_guard<std::mutex> lock(state_->delayed_mu);
  for (std::thread& t : state_->delayed) {
    t.join();
  }
}

absl::Status FakeHomeserver::Start() { return server_.Start(); }
std::string FakeHomeserver::base_url() const { return server_.base_url(); }
std::string FakeHomeserver::sender() const {
  return absl::StrCat("@", options_.sender_localpart, ":", options_.server_name);
}

void FakeHomeserver::Routes() {
  State& st = *state_;
  const FakeHomeserverOptions& opt = options_;
  const std::string me = sender();

  auto record = [&st](const Request& r) {
    std::lock_guard<std::mutex> lock(st.mu);
    st.requests.push_back({r.method, r.path, r.raw_path, r.query, r.headers, r.body});
  };

  // Token and masquerade checks, then the handler, under the state lock.
  auto process = [&st, &opt, me](const Request& r, Auth auth, const CsHandler& handler) {
    std::string acting = me;
    if (auth != Auth::kNone) {
      std::optional<std::string> token = r.QueryValue("access_token");
      if (auto header = r.Header("Authorization"); header && absl::StartsWith(*header, "Bearer ")) {
        token = header->substr(7);
      }
      if (!token) {
        return Response::MatrixError(401, "M_MISSING_TOKEN", "Missing access token.");
      }
      if (*token != opt.as_token) {
        return Response::MatrixError(401, "M_UNKNOWN_TOKEN", "Invalid access token passed.");
      }
    }
    std::lock_guard<std::mutex> lock(st.mu);
    if (auth == Auth::kAsToken) {
      if (auto user_id = r.QueryValue("user_id"); user_id && *user_id != me) {
        const bool ours = absl::StartsWith(Localpart(*user_id), opt.user_prefix) &&
                          absl::EndsWith(*user_id, ":" + opt.server_name);
        if (!ours) {
          return Response::MatrixError(
              403, "M_FORBIDDEN",
              absl::StrCat("Application service cannot masquerade as this user (", *user_id, ")."));
        }
        if (st.users.count(*user_id) == 0) {
          return Response::MatrixError(
              403, "M_FORBIDDEN",
              absl::StrCat("Application service has not registered this user (", *user_id, ")"));
        }
        acting = *user_id;
      }
    }
    return handler(r, acting, st);
  };

  auto add = [this, &st, record, process](const std::string& method, const std::string& pattern,
                                          Auth auth, CsHandler handler) {
    server_.Route(method, pattern,
                  [&st, record, process, auth, handler](const Request& r, Responder out) {
                    record(r);
                    std::optional<InjectedFailure> failure;
                    {
                      std::lock_guard<std::mutex> lock(st.mu);
                      for (auto it = st.failures.begin(); it != st.failures.end(); ++it) {
                        if (absl::StrContains(r.raw_path, it->raw_path_part)) {
                          failure = it->failure;
                          if (--it->remaining <= 0) {
                            st.failures.erase(it);
                          }
                          break;
                        }
                      }
                    }
                    auto answer = [process, auth, handler, failure](const Request& req) {
                      if (failure && failure->status != 0) {
                        json body = {{"errcode", failure->errcode}, {"error", "injected failure"}};
                        if (failure->retry_after_ms > 0) {
                          body["retry_after_ms"] = failure->retry_after_ms;
                        }
                        return Response::Json(failure->status, body.dump());
                      }
                      return process(req, auth, handler);
                    };
                    if (failure && failure->delay.count() > 0) {
                      std::lock_guard<std::mutex> lock(st.delayed_mu);
                      st.delayed.emplace_back([r, out, answer, delay = failure->delay] {
                        std::this_thread::sleep_for(delay);  // the injected latency itself
                        out.Send(answer(r));
                      });
                      return;
                    }
                    out.Send(answer(r));
                  });
  };
  server_.SetFallback([record](const Request& r, Responder out) {
    record(r);
    out.Send(Response::MatrixError(404, "M_UNRECOGNIZED", "Unrecognized request"));
  });

  // Appends an event to a room; returns its id. Needs the state lock.
  auto add_event = [&opt](State& s, const std::string& room_id, const std::string& sender,
                          const std::string& type, const json& content,
                          std::optional<std::string> state_key, int64_t ts) {
    const std::string event_id = s.NextId('$', opt.server_name);
    json event = {{"event_id", event_id}, {"room_id", room_id}, {"sender", sender},
                  {"type", type},         {"content", content}, {"origin_server_ts", ts}};
    if (state_key) {
      event["state_key"] = *state_key;
      s.rooms[room_id].state[{type, *state_key}] = content;
    }
    s.events[event_id] = event;
    return event_id;
  };
  auto timestamp = [](const Request& r) {
    int64_t ts = common::SystemClock::Instance().NowUnixMs();
    if (auto given = r.QueryValue("ts")) {
      ts = std::strtoll(given->c_str(), nullptr, 10);
    }
    return ts;
  };
  auto resolve = [](State& s, const std::string& id_or_alias) -> std::optional<std::string> {
    if (!id_or_alias.empty() && id_or_alias[0] == '#') {
      auto it = s.aliases.find(id_or_alias);
      return it == s.aliases.end() ? std::nullopt : std::optional<std::string>(it->second);
    }
    return s.rooms.count(id_or_alias) ? std::optional<std::string>(id_or_alias) : std::nullopt;
  };
  auto set_membership = [add_event, timestamp](State& s, const Request& r,
                                               const std::string& room_id,
                                               const std::string& sender, const std::string& target,
                                               const std::string& membership) {
    s.rooms[room_id].membership[target] = membership;
    return add_event(s, room_id, sender, "m.room.member", json{{"membership", membership}}, target,
                     timestamp(r));
  };
  auto not_in_room = [](const std::string& user, const std::string& room) {
    return Response::MatrixError(403, "M_FORBIDDEN",
                                 absl::StrCat("User ", user, " not in room ", room));
  };
  auto joined = [](State& s, const std::string& room_id, const std::string& user) {
    auto it = s.rooms.find(room_id);
    if (it == s.rooms.end()) {
      return false;
    }
    auto m = it->second.membership.find(user);
    return m != it->second.membership.end() && m->second == "join";
  };

  add("GET", "/_matrix/client/versions", Auth::kNone,
      [&opt](const Request&, const std::string&, State&) {
        return Ok({{"versions", opt.versions}, {"unstable_features", json::object()}});
      });

  for (const std::string v : {"r0", "v3"}) {
    const std::string base = "/_matrix/client/" + v;
    add("GET", base + "/account/whoami", Auth::kAsToken,
        [](const Request&, const std::string& acting, State&) {
          return Ok({{"user_id", acting}, {"is_guest", false}});
        });
    add("POST", base + "/register", Auth::kAsTokenNoMasquerade,
        [&opt](const Request& r, const std::string&, State& s) {
          auto body = JsonBody(r);
          if (!body) {
            return NotJson();
          }
          if (body->value("type", "") != "m.login.application_service") {
            return Response::MatrixError(
                400, "M_BAD_JSON", "Application services must use m.login.application_service");
          }
          const std::string localpart = body->value("username", "");
          const std::string user_id = absl::StrCat("@", localpart, ":", opt.server_name);
          if (!absl::StartsWith(localpart, opt.user_prefix)) {
            return Response::MatrixError(
                400, "M_EXCLUSIVE", "This user ID is not in the application service's namespace.");
          }
          if (!s.users.insert(user_id).second) {
            return Response::MatrixError(400, "M_USER_IN_USE", "User ID already taken.");
          }
          return Ok({{"user_id", user_id},
                     {"home_server", opt.server_name},
                     {"access_token", "syt_" + localpart},
                     {"device_id", "FAKEDEVICE"}});
        });
    CsHandler join = [resolve, set_membership](const Request& r, const std::string& acting,
                                               State& s) {
      const std::string target =
          r.params.count("roomIdOrAlias") ? r.Param("roomIdOrAlias") : r.Param("roomId");
      std::optional<std::string> room_id = resolve(s, target);
      if (!room_id) {
        return Response::MatrixError(404, "M_NOT_FOUND", "No known servers");
      }
      set_membership(s, r, *room_id, acting, acting, "join");
      return Ok({{"room_id", *room_id}});
    };
    add("POST", base + "/join/:roomIdOrAlias", Auth::kAsToken, join);
    add("POST", base + "/rooms/:roomId/join", Auth::kAsToken, join);
    add("POST", base + "/rooms/:roomId/leave", Auth::kAsToken,
        [set_membership, not_in_room](const Request& r, const std::string& acting, State& s) {
          const std::string room_id = r.Param("roomId");
          auto room = s.rooms.find(room_id);
          if (room == s.rooms.end() || room->second.membership.count(acting) == 0) {
            return not_in_room(acting, room_id);
          }
          set_membership(s, r, room_id, acting, acting, "leave");
          return Ok(json::object());
        });
    for (const std::string action : {"invite", "kick"}) {
      add("POST", base + "/rooms/:roomId/" + action, Auth::kAsToken,
          [action, joined, set_membership, not_in_room](const Request& r, const std::string& acting,
                                                        State& s) {
            auto body = JsonBody(r);
            if (!body || !body->contains("user_id") || !(*body)["user_id"].is_string()) {
              return Response::MatrixError(400, "M_MISSING_PARAM", "Missing user_id");
            }
            const std::string room_id = r.Param("roomId");
            if (!joined(s, room_id, acting)) {
              return not_in_room(acting, room_id);
            }
            set_membership(s, r, room_id, acting, (*body)["user_id"].get<std::string>(),
                           action == "invite" ? "invite" : "leave");
            return Ok(json::object());
          });
    }
    add("PUT", base + "/rooms/:roomId/send/:eventType/:txnId", Auth::kAsToken,
        [joined, add_event, timestamp, not_in_room](const Request& r, const std::string& acting,
                                                    State& s) {
          auto body = JsonBody(r);
          if (!body) {
            return NotJson();
          }
          const std::string room_id = r.Param("roomId");
          if (!joined(s, room_id, acting)) {
            return not_in_room(acting, room_id);
          }
          auto key = std::make_pair(acting, r.Param("txnId"));
          auto it = s.txns.find(key);
          if (it == s.txns.end()) {
            it = s.txns
                     .emplace(key, add_event(s, room_id, acting, r.Param("eventType"), *body,
                                             std::nullopt, timestamp(r)))
                     .first;
          }
          return Ok({{"event_id", it->second}});
        });
    CsHandler put_state = [joined, add_event, timestamp, not_in_room](
                              const Request& r, const std::string& acting, State& s) {
      auto body = JsonBody(r);
      if (!body) {
        return NotJson();
      }
      const std::string room_id = r.Param("roomId");
      if (!joined(s, room_id, acting)) {
        return not_in_room(acting, room_id);
      }
      return Ok({{"event_id", add_event(s, room_id, acting, r.Param("eventType"), *body,
                                        r.Param("stateKey"), timestamp(r))}});
    };
    CsHandler get_state = [](const Request& r, const std::string&, State& s) {
      auto room = s.rooms.find(r.Param("roomId"));
      if (room != s.rooms.end()) {
        auto it = room->second.state.find({r.Param("eventType"), r.Param("stateKey")});
        if (it != room->second.state.end()) {
          return Ok(it->second);
        }
      }
      return Response::MatrixError(404, "M_NOT_FOUND", "Event not found.");
    };
    for (const std::string suffix :
         {"/rooms/:roomId/state/:eventType/:stateKey", "/rooms/:roomId/state/:eventType"}) {
      add("PUT", base + suffix, Auth::kAsToken, put_state);
      add("GET", base + suffix, Auth::kAsToken, get_state);
    }
    for (const std::string field : {"displayname", "avatar_url"}) {
      add("PUT", base + "/profile/:userId/" + field, Auth::kAsToken,
          [field](const Request& r, const std::string& acting, State& s) {
            auto body = JsonBody(r);
            if (!body || !body->contains(field) || !(*body)[field].is_string()) {
              return Response::MatrixError(400, "M_MISSING_PARAM", "Missing " + field);
            }
            if (r.Param("userId") != acting) {
              return Response::MatrixError(403, "M_FORBIDDEN", "Cannot set another user's profile");
            }
            s.profiles[acting][field] = (*body)[field].get<std::string>();
            return Ok(json::object());
          });
      add("GET", base + "/profile/:userId/" + field, Auth::kAsToken,
          [field](const Request& r, const std::string&, State& s) {
            auto user = s.profiles.find(r.Param("userId"));
            if (user == s.profiles.end() || user->second.count(field) == 0) {
              return Response::MatrixError(404, "M_NOT_FOUND", "Profile was not found");
            }
            return Ok({{field, user->second[field]}});
          });
    }
    add("POST", base + "/createRoom", Auth::kAsToken,
        [&opt, set_membership](const Request& r, const std::string& acting, State& s) {
          auto body = JsonBody(r);
          if (!body) {
            return NotJson();
          }
          std::string alias;
          if (body->contains("room_alias_name")) {
            alias = absl::StrCat("#", (*body)["room_alias_name"].get<std::string>(), ":",
                                 opt.server_name);
            if (s.aliases.count(alias)) {
              return Response::MatrixError(400, "M_ROOM_IN_USE", "Room alias already taken");
            }
          }
          const std::string room_id = s.NextId('!', opt.server_name);
          s.rooms[room_id];
          set_membership(s, r, room_id, acting, acting, "join");
          if (!alias.empty()) {
            s.aliases[alias] = room_id;
          }
          for (const auto& invitee : body->value("invite", std::vector<std::string>{})) {
            set_membership(s, r, room_id, acting, invitee, "invite");
          }
          return Ok({{"room_id", room_id}});
        });
    add("GET", base + "/directory/room/:roomAlias", Auth::kAsToken,
        [&opt](const Request& r, const std::string&, State& s) {
          auto it = s.aliases.find(r.Param("roomAlias"));
          if (it == s.aliases.end()) {
            return Response::MatrixError(
                404, "M_NOT_FOUND",
                absl::StrCat("Room alias ", r.Param("roomAlias"), " not found"));
          }
          return Ok({{"room_id", it->second}, {"servers", {opt.server_name}}});
        });
    add("GET", base + "/rooms/:roomId/joined_members", Auth::kAsToken,
        [joined, not_in_room](const Request& r, const std::string& acting, State& s) {
          const std::string room_id = r.Param("roomId");
          if (!joined(s, room_id, acting)) {
            return not_in_room(acting, room_id);
          }
          json members = json::object();
          for (const auto& [user, membership] : s.rooms[room_id].membership) {
            if (membership == "join") {
              json entry = json::object();
              for (const auto& [field, value] : s.profiles[user]) {
                entry[field == "displayname" ? "display_name" : field] = value;
              }
              members[user] = entry;
            }
          }
          return Ok({{"joined", members}});
        });
    add("GET", base + "/rooms/:roomId/event/:eventId", Auth::kAsToken,
        [](const Request& r, const std::string&, State& s) {
          auto it = s.events.find(r.Param("eventId"));
          if (it == s.events.end() || (*it).second["room_id"] != r.Param("roomId")) {
            return Response::MatrixError(404, "M_NOT_FOUND", "Event not found.");
          }
          return Ok(it->second);
        });
    add("GET", base + "/sync", Auth::kAsToken, [](const Request&, const std::string&, State& s) {
      if (!s.sync_bodies.empty()) {
        s.last_sync = s.sync_bodies.front();
        s.sync_bodies.pop_front();
      }
      return Ok(s.last_sync);
    });
  }

  // Media: upload stays on the legacy prefix; downloads on both the legacy (unauthenticated)
  // and the authenticated client v1 paths.
  CsHandler download = [](const Request& r, const std::string&, State& s) {
    auto it = s.media.find(r.Param("serverName") + "/" + r.Param("mediaId"));
    if (it == s.media.end()) {
      return Response::MatrixError(404, "M_NOT_FOUND", "Not found");
    }
    Response response;
    response.headers.emplace("Content-Type", it->second.content_type);
    response.body = it->second.bytes;
    return response;
  };
  for (const std::string v : {"r0", "v3"}) {
    add("POST", "/_matrix/media/" + v + "/upload", Auth::kAsToken,
        [&opt](const Request& r, const std::string&, State& s) {
          const std::string media_id = absl::StrCat("media", ++s.counter);
          s.media[opt.server_name + "/" + media_id] = {
              r.Header("Content-Type").value_or("application/octet-stream"), r.body};
          return Ok({{"content_uri", absl::StrCat("mxc://", opt.server_name, "/", media_id)}});
        });
    add("GET", "/_matrix/media/" + v + "/download/:serverName/:mediaId", Auth::kNone, download);
  }
  add("GET", "/_matrix/client/v1/media/download/:serverName/:mediaId", Auth::kAsToken, download);
}

std::vector<RecordedRequest> FakeHomeserver::requests() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->requests;
}

std::vector<RecordedRequest> FakeHomeserver::RequestsTo(std::string_view method,
                                                        std::string_view path_part) const {
  std::lock_guard<std::mutex> lock(state_->mu);
  std::vector<RecordedRequest> out;
  for (const RecordedRequest& r : state_->requests) {
    if (r.method == method && r.path.find(path_part) != std::string::npos) {
      out.push_back(r);
    }
  }
  return out;
}

void FakeHomeserver::ClearRequests() {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->requests.clear();
}

void FakeHomeserver::FailNext(std::string raw_path_part, int count, InjectedFailure failure) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->failures.push_back({std::move(raw_path_part), count, std::move(failure)});
}

void FakeHomeserver::EnqueueSyncBody(nlohmann::json body) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->sync_bodies.push_back(std::move(body));
}

std::string FakeHomeserver::CreateRoom(const std::string& creator,
                                       const std::string& alias_localpart) {
  std::lock_guard<std::mutex> lock(state_->mu);
  const std::string room_id = state_->NextId('!', options_.server_name);
  state_->rooms[room_id].membership[creator] = "join";
  if (!alias_localpart.empty()) {
    state_->aliases[absl::StrCat("#", alias_localpart, ":", options_.server_name)] = room_id;
  }
  return room_id;
}

void FakeHomeserver::SetState(const std::string& room_id, const std::string& type,
                              const std::string& state_key, nlohmann::json content) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->rooms[room_id].state[{type, state_key}] = std::move(content);
}

std::optional<nlohmann::json> FakeHomeserver::StateContent(const std::string& room_id,
                                                           const std::string& type,
                                                           const std::string& state_key) const {
  std::lock_guard<std::mutex> lock(state_->mu);
  auto room = state_->rooms.find(room_id);
  if (room == state_->rooms.end()) {
    return std::nullopt;
  }
  auto it = room->second.state.find({type, state_key});
  if (it == room->second.state.end()) {
    return std::nullopt;
  }
  return it->second;
}

void FakeHomeserver::RegisterUser(const std::string& user_id) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->users.insert(user_id);
}

bool FakeHomeserver::IsRegistered(const std::string& user_id) const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->users.count(user_id) > 0;
}

std::set<std::string> FakeHomeserver::JoinedMembers(const std::string& room_id) const {
  std::lock_guard<std::mutex> lock(state_->mu);
  std::set<std::string> out;
  auto room = state_->rooms.find(room_id);
  if (room != state_->rooms.end()) {
    for (const auto& [user, membership] : room->second.membership) {
      if (membership == "join") {
        out.insert(user);
      }
    }
  }
  return out;
}

std::optional<nlohmann::json> FakeHomeserver::Event(const std::string& event_id) const {
  std::lock_guard<std::mutex> lock(state_->mu);
  auto it = state_->events.find(event_id);
  return it == state_->events.end() ? std::nullopt : std::optional<json>(it->second);
}

std::optional<std::string> FakeHomeserver::DisplayName(const std::string& user_id) const {
  std::lock_guard<std::mutex> lock(state_->mu);
  auto user = state_->profiles.find(user_id);
  if (user == state_->profiles.end() || user->second.count("displayname") == 0) {
    return std::nullopt;
  }
  return user->second.at("displayname");
}

AsPusher& FakeHomeserver::pusher() {
  MXEDGE_CHECK(pusher_ != nullptr);  // options.as_url must be set to push
  return *pusher_;
}

void FakeHomeserver::EnqueueEvents(std::vector<nlohmann::json> events) {
  {
    // The homeserver knows the events it pushes: GET /rooms/{room}/event/{id} finds them.
    std::lock_guard<std::mutex> lock(state_->mu);
    for (const json& event : events) {
      auto id = event.find("event_id");
      if (id != event.end() && id->is_string()) {
        state_->events[id->get<std::string>()] = event;
      }
    }
  }
  pusher().EnqueueEvents(std::move(events));
}
void FakeHomeserver::SimulateRestart() { pusher().SimulateRestart(); }
absl::StatusOr<http::Response> FakeHomeserver::QueryUser(const std::string& user_id) {
  return pusher().QueryUser(user_id);
}
absl::StatusOr<http::Response> FakeHomeserver::QueryAlias(const std::string& alias) {
  return pusher().QueryAlias(alias);
}
absl::StatusOr<http::Response> FakeHomeserver::QueryThirdParty(
    const std::string& path, const std::vector<std::pair<std::string, std::string>>& query) {
  return pusher().QueryThirdParty(path, query);
}

}  // namespace mxedge::testing
