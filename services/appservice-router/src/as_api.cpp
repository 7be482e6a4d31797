#include "as_api.hpp"

#include <chrono>
#include <exception>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "mxedge/common/constant_time.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/request_id.hpp"
#include "mxedge/common/status_mapping.hpp"
#include "mxedge/matrix/transaction.hpp"

namespace mxedge::appservice_router {
namespace {

constexpr char kPrefix[] = "/_matrix/app/v1";

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

http::Response ErrorResponse(const absl::Status& status) {
  common::MatrixError error = common::ToMatrixError(status);
  http::Response response =
      http::Response::MatrixError(error.http_status, error.errcode, error.error);
  if (std::optional<std::string> retry = error.RetryAfterHeader()) {
    http::SetHeader(response.headers, "Retry-After", *retry);
  }
  return response;
}

absl::Status Errcode(absl::Status status, std::string_view errcode) {
  return common::WithMatrixErrcode(std::move(status), errcode);
}

http::Response EmptyOk() { return http::Response::Json(200, "{}"); }

std::string StatusText(const absl::Status& status) { return std::string(status.ToString()); }

nlohmann::json ProtocolJson(const v1::ThirdPartyProtocolReply& reply) {
  nlohmann::json out = nlohmann::json::object();
  out["user_fields"] = nlohmann::json::array();
  for (const std::string& field : reply.user_fields()) {
    out["user_fields"].push_back(field);
  }
  out["location_fields"] = nlohmann::json::array();
  for (const std::string& field : reply.location_fields()) {
    out["location_fields"].push_back(field);
  }
  out["icon"] = reply.icon();
  out["field_types"] = nlohmann::json::object();
  for (const auto& [name, type] : reply.field_types()) {
    out["field_types"][name] = {{"regexp", type.regexp()}, {"placeholder", type.placeholder()}};
  }
  out["instances"] = nlohmann::json::array();
  for (const v1::ThirdPartyProtocolInstance& instance : reply.instances()) {
    nlohmann::json fields = nlohmann::json::object();
    for (const auto& [key, value] : instance.fields()) {
      fields[key] = value;
    }
    out["instances"].push_back({{"desc", instance.desc()},
                                {"icon", instance.icon()},
                                {"fields", fields},
                                {"network_id", instance.network_id()}});
  }
  return out;
}

nlohmann::json LookupJson(const v1::ThirdPartyLookupReply& reply, bool locations) {
  nlohmann::json out = nlohmann::json::array();
  for (const v1::ThirdPartyResult& result : reply.results()) {
    nlohmann::json fields = nlohmann::json::object();
    for (const auto& [key, value] : result.fields()) {
      fields[key] = value;
    }
    out.push_back({{locations ? "alias" : "userid", result.matrix_id()},
                   {"protocol", result.protocol()},
                   {"fields", fields}});
  }
  return out;
}

}  // namespace

AsApi::AsApi(AsApiOptions options, const Namespaces& namespaces, IntakeStore& store,
             SinkQueries& queries, rpc::BoundedExecutor& executor, RouterMetrics& metrics,
             const common::Clock& clock)
    : options_(std::move(options)),
      namespaces_(namespaces),
      store_(store),
      queries_(queries),
      executor_(executor),
      metrics_(metrics),
      clock_(clock) {}

void AsApi::Register(http::HttpServer& server) {
  auto bind = [this](void (AsApi::*handler)(const http::Request&, http::Responder)) {
    return [this, handler](const http::Request& request, http::Responder responder) {
      absl::Status auth = CheckToken(request);
      if (!auth.ok()) {
        responder.Send(ErrorResponse(auth));
        return;
      }
      try {
        (this->*handler)(request, responder);
      } catch (const std::exception& e) {
        metrics_.CountHandlerError();
        common::LogError("as api handler failed", {{"route", request.route}, {"error", e.what()}});
        responder.Send(http::Response::MatrixError(500, "M_UNKNOWN", "Internal error"));
      }
    };
  };
  for (std::string prefix : {std::string(kPrefix), std::string()}) {
    server.Route("PUT", prefix + "/transactions/:txnId", bind(&AsApi::HandleTransaction));
    server.Route("GET", prefix + "/users/:userId", bind(&AsApi::HandleUserQuery));
    server.Route("GET", prefix + "/rooms/:roomAlias", bind(&AsApi::HandleAliasQuery));
  }
  std::string p = kPrefix;
  server.Route("POST", p + "/ping", bind(&AsApi::HandlePing));
  server.Route("GET", p + "/thirdparty/protocol/:protocol", bind(&AsApi::HandleProtocol));
  server.Route("GET", p + "/thirdparty/location/:protocol", bind(&AsApi::HandleLookup));
  server.Route("GET", p + "/thirdparty/user/:protocol", bind(&AsApi::HandleLookup));
  server.Route("GET", p + "/thirdparty/location", bind(&AsApi::HandleReverseLookup));
  server.Route("GET", p + "/thirdparty/user", bind(&AsApi::HandleReverseLookup));
  server.SetObserver(
      [this](std::string_view method, std::string_view route, int status, double seconds) {
        metrics_.ObserveRequest(method, route, status, seconds);
      });
}

absl::Status AsApi::CheckToken(const http::Request& request) const {
  std::optional<std::string> header_token;
  if (std::optional<std::string> auth = request.Header("Authorization")) {
    if (auth->size() > 7 && absl::EqualsIgnoreCase(auth->substr(0, 7), "Bearer ")) {
      header_token = auth->substr(7);
    }
  }
  std::optional<std::string> query_token = request.QueryValue("access_token");
  if (!header_token && !query_token) {
    return Errcode(absl::UnauthenticatedError("missing hs_token"), "M_UNAUTHORIZED");
  }
  if (header_token && query_token && !common::ConstantTimeEquals(*header_token, *query_token)) {
    return Errcode(absl::PermissionDeniedError("header and query tokens differ"), "M_FORBIDDEN");
  }
  const std::string& token = header_token ? *header_token : *query_token;
  if (!common::ConstantTimeEquals(token, options_.hs_token)) {
    return Errcode(absl::PermissionDeniedError("wrong hs_token"), "M_FORBIDDEN");
  }
  return absl::OkStatus();
}

bool AsApi::Offload(const http::Responder& responder, std::string_view what,
                    std::function<void()> work) {
  if (!executor_.TrySubmit([this, responder, work = std::move(work)]() {
        try {
          work();
        } catch (const std::exception& e) {
          metrics_.CountHandlerError();
          common::LogError("as api worker failed", {{"error", e.what()}});
          responder.Send(http::Response::MatrixError(500, "M_UNKNOWN", "Internal error"));
        }
      })) {
    common::LogWarn("as api worker pool full", {{"request", what}});
    responder.Send(ErrorResponse(common::WithRetryAfter(absl::UnavailableError("router overloaded"),
                                                        std::chrono::milliseconds(1000))));
    return false;
  }
  return true;
}

void AsApi::HandleTransaction(const http::Request& request, http::Responder responder) {
  auto shared = std::make_shared<const http::Request>(request);
  Offload(responder, "transaction",
          [this, shared, responder]() { StoreTransaction(*shared, responder); });
  if (responder.answered() && !shared->body.empty()) {
    metrics_.ObserveTransaction("overloaded", SecondsSince(request.received_at));
  }
}

void AsApi::StoreTransaction(const http::Request& request, const http::Responder& responder) {
  const std::string txn_id = request.Param("txnId");
  auto finish = [&](std::string_view outcome, http::Response response) {
    metrics_.ObserveTransaction(outcome, SecondsSince(request.received_at));
    responder.Send(std::move(response));
  };
  if (txn_id.empty()) {
    finish("rejected",
           ErrorResponse(Errcode(absl::InvalidArgumentError("empty txnId"), "M_INVALID_PARAM")));
    return;
  }
  matrix::TransactionLimits limits;
  limits.max_body_bytes = options_.max_body_bytes;
  limits.max_events = options_.max_events;
  limits.max_ephemeral = options_.max_events;
  limits.skip_malformed_events = true;
  absl::StatusOr<matrix::Transaction> txn = matrix::ParseTransaction(request.body, limits);
  if (!txn.ok()) {
    bool not_json = absl::StrContains(txn.status().message(), "not valid JSON");
    common::LogWarn("transaction rejected",
                    {{"txn_id", txn_id}, {"error", StatusText(txn.status())}});
    finish("rejected",
           ErrorResponse(Errcode(txn.status(), not_json ? "M_NOT_JSON" : "M_BAD_JSON")));
    return;
  }
  if (!txn->rejected.empty()) {
    metrics_.CountMalformedEvents(txn->rejected.size());
    common::LogWarn("malformed events left out of a transaction",
                    {{"txn_id", txn_id},
                     {"count", txn->rejected.size()},
                     {"first", StatusText(txn->rejected.front().reason)}});
  }
  metrics_.CountEvents("room", txn->events.size());
  metrics_.CountEvents("ephemeral", txn->ephemeral.size());

  IntakeBatch batch;
  batch.txn_id = txn_id;
  batch.fingerprint = matrix::Fingerprint(txn->events);
  batch.received_ms = clock_.NowUnixMs();
  batch.entries.reserve(txn->events.size() + txn->ephemeral.size());
  for (const matrix::Event& event : txn->events) {
    batch.entries.push_back(IntakeEntry{event.room_id, event.ToJson(), false, ""});
  }
  if (!txn->ephemeral.empty()) {
    const std::vector<SinkRef>& subscribers = namespaces_.ephemeral_sinks();
    if (subscribers.empty()) {
      metrics_.CountEphemeralDropped(txn->ephemeral.size());
      common::LogDebug("ephemeral events dropped: no sink subscribes",
                       {{"txn_id", txn_id}, {"count", txn->ephemeral.size()}});
    } else {
      std::vector<std::string> names;
      for (const SinkRef& sink : subscribers) {
        names.push_back(sink.Name());
      }
      std::string sinks = absl::StrJoin(names, ",");
      for (const matrix::EphemeralEvent& event : txn->ephemeral) {
        batch.entries.push_back(IntakeEntry{event.room_id.empty() ? event.sender : event.room_id,
                                            event.ToJson(), true, sinks});
      }
    }
  }
  if (batch.entries.empty()) {
    finish("empty", EmptyOk());
    return;
  }
  absl::StatusOr<IntakeOutcome> outcome = store_.Store(batch);
  if (!outcome.ok()) {
    common::LogWarn("transaction not stored",
                    {{"txn_id", txn_id}, {"error", StatusText(outcome.status())}});
    finish(outcome.status().code() == absl::StatusCode::kUnavailable ||
                   outcome.status().code() == absl::StatusCode::kDeadlineExceeded
               ? "unavailable"
               : "error",
           ErrorResponse(common::WithRetryAfter(absl::UnavailableError("intake store failed"),
                                                std::chrono::milliseconds(1000))));
    return;
  }
  if (*outcome == IntakeOutcome::kReplaced) {
    common::LogInfo("transaction id reused with new events: stored as new", {{"txn_id", txn_id}});
  }
  common::LogDebug("transaction stored", {{"txn_id", txn_id},
                                          {"outcome", IntakeOutcomeName(*outcome)},
                                          {"events", batch.entries.size()}});
  finish(IntakeOutcomeName(*outcome), EmptyOk());
}

void AsApi::HandleUserQuery(const http::Request& request, http::Responder responder) {
  std::string user_id = request.Param("userId");
  UserClass user = namespaces_.ClassifyUser(user_id);
  if (user.role == UserRole::kSender) {
    metrics_.CountQuery("user", "exists");
    responder.Send(EmptyOk());
    return;
  }
  if (!user.sink.has_value()) {
    metrics_.CountQuery("user", "not_ours");
    responder.Send(ErrorResponse(absl::NotFoundError("user is not in our namespaces")));
    return;
  }
  Offload(responder, "user query", [this, user_id, sink = *user.sink, responder]() {
    v1::QueryUserRequest query;
    query.set_request_id(common::NewRequestId());
    query.set_user_id(user_id);
    absl::StatusOr<v1::QueryUserReply> reply = queries_.QueryUser(sink, query);
    http::Responder answer = responder;
    AnswerExistenceQuery(
        "user", sink,
        reply.ok() ? absl::StatusOr<bool>(reply->exists()) : absl::StatusOr<bool>(reply.status()),
        "no such user", answer);
  });
}

void AsApi::AnswerExistenceQuery(std::string_view kind, const SinkRef& sink,
                                 const absl::StatusOr<bool>& exists, std::string_view missing,
                                 http::Responder& responder) {
  const std::string label(kind);
  if (!exists.ok()) {
    metrics_.CountQuery(label, "error");
    common::LogWarn(label + " query failed",
                    {{"sink", sink.Name()}, {"error", StatusText(exists.status())}});
    responder.Send(ErrorResponse(exists.status()));
  } else if (!*exists) {
    metrics_.CountQuery(label, "not_found");
    responder.Send(ErrorResponse(absl::NotFoundError(std::string(missing))));
  } else {
    metrics_.CountQuery(label, "exists");
    responder.Send(EmptyOk());
  }
}

void AsApi::HandleAliasQuery(const http::Request& request, http::Responder responder) {
  std::string alias = request.Param("roomAlias");
  std::optional<AliasClass> owner = namespaces_.ClassifyAlias(alias);
  if (!owner.has_value()) {
    metrics_.CountQuery("alias", "not_ours");
    responder.Send(ErrorResponse(absl::NotFoundError("alias is not in our namespaces")));
    return;
  }
  Offload(responder, "alias query", [this, alias, sink = owner->sink, responder]() {
    v1::QueryAliasRequest query;
    query.set_request_id(common::NewRequestId());
    query.set_alias(alias);
    absl::StatusOr<v1::QueryAliasReply> reply = queries_.QueryAlias(sink, query);
    http::Responder answer = responder;
    AnswerExistenceQuery(
        "alias", sink,
        reply.ok() ? absl::StatusOr<bool>(reply->exists()) : absl::StatusOr<bool>(reply.status()),
        "no such room", answer);
  });
}

void AsApi::HandlePing(const http::Request& request, http::Responder responder) {
  if (!request.body.empty()) {
    nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_discarded()) {
      responder.Send(ErrorResponse(
          Errcode(absl::InvalidArgumentError("body is not valid JSON"), "M_NOT_JSON")));
      return;
    }
    if (!body.is_object()) {
      responder.Send(ErrorResponse(
          Errcode(absl::InvalidArgumentError("body must be an object"), "M_BAD_JSON")));
      return;
    }
  }
  responder.Send(EmptyOk());
}

void AsApi::HandleProtocol(const http::Request& request, http::Responder responder) {
  std::string protocol = request.Param("protocol");
  std::optional<SinkRef> sink = namespaces_.SinkForProtocol(protocol);
  if (!sink.has_value()) {
    metrics_.CountQuery("thirdparty", "not_found");
    responder.Send(ErrorResponse(absl::NotFoundError("unknown protocol")));
    return;
  }
  Offload(responder, "thirdparty protocol", [this, protocol, sink = *sink, responder]() {
    v1::ThirdPartyProtocolRequest query;
    query.set_request_id(common::NewRequestId());
    query.set_protocol(protocol);
    absl::StatusOr<v1::ThirdPartyProtocolReply> reply = queries_.ThirdPartyProtocol(sink, query);
    if (!reply.ok()) {
      metrics_.CountQuery("thirdparty", "error");
      responder.Send(ErrorResponse(reply.status()));
      return;
    }
    metrics_.CountQuery("thirdparty", "ok");
    responder.Send(http::Response::Json(200, ProtocolJson(*reply).dump()));
  });
}

void AsApi::HandleLookup(const http::Request& request, http::Responder responder) {
  std::string protocol = request.Param("protocol");
  bool locations = absl::StrContains(request.route, "/thirdparty/location/");
  std::optional<SinkRef> sink = namespaces_.SinkForProtocol(protocol);
  if (!sink.has_value()) {
    metrics_.CountQuery("thirdparty", "not_found");
    responder.Send(ErrorResponse(absl::NotFoundError("unknown protocol")));
    return;
  }
  v1::ThirdPartyLookupRequest query;
  query.set_request_id(common::NewRequestId());
  query.set_kind(locations ? v1::THIRD_PARTY_LOOKUP_KIND_LOCATION
                           : v1::THIRD_PARTY_LOOKUP_KIND_USER);
  query.set_protocol(protocol);
  for (const auto& [key, value] : request.query) {
    if (key != "access_token") {
      v1::ThirdPartyField* field = query.add_fields();
      field->set_key(key);
      field->set_value(value);
    }
  }
  Offload(responder, "thirdparty lookup", [this, query, locations, sink = *sink, responder]() {
    absl::StatusOr<v1::ThirdPartyLookupReply> reply = queries_.ThirdPartyLookup(sink, query);
    if (!reply.ok()) {
      metrics_.CountQuery("thirdparty", "error");
      responder.Send(ErrorResponse(reply.status()));
      return;
    }
    metrics_.CountQuery("thirdparty", "ok");
    responder.Send(http::Response::Json(200, LookupJson(*reply, locations).dump()));
  });
}

void AsApi::HandleReverseLookup(const http::Request& request, http::Responder responder) {
  bool locations = absl::EndsWith(request.route, "/location");
  std::string param = locations ? "alias" : "userid";
  std::optional<std::string> matrix_id = request.QueryValue(param);
  if (!matrix_id.has_value() || matrix_id->empty()) {
    responder.Send(ErrorResponse(
        Errcode(absl::InvalidArgumentError(absl::StrCat("missing query parameter ", param)),
                "M_MISSING_PARAM")));
    return;
  }
  std::optional<SinkRef> sink;
  if (locations) {
    if (std::optional<AliasClass> alias = namespaces_.ClassifyAlias(*matrix_id)) {
      sink = alias->sink;
    }
  } else {
    sink = namespaces_.ClassifyUser(*matrix_id).sink;
  }
  if (!sink.has_value()) {
    metrics_.CountQuery("thirdparty", "not_ours");
    responder.Send(http::Response::Json(200, "[]"));
    return;
  }
  v1::ThirdPartyLookupRequest query;
  query.set_request_id(common::NewRequestId());
  query.set_kind(locations ? v1::THIRD_PARTY_LOOKUP_KIND_LOCATION_BY_ALIAS
                           : v1::THIRD_PARTY_LOOKUP_KIND_USER_BY_MATRIX_ID);
  query.set_matrix_id(*matrix_id);
  Offload(
      responder, "thirdparty reverse lookup", [this, query, locations, sink = *sink, responder]() {
        absl::StatusOr<v1::ThirdPartyLookupReply> reply = queries_.ThirdPartyLookup(sink, query);
        if (!reply.ok()) {
          metrics_.CountQuery("thirdparty", "error");
          responder.Send(ErrorResponse(reply.status()));
          return;
        }
        metrics_.CountQuery("thirdparty", "ok");
        responder.Send(http::Response::Json(200, LookupJson(*reply, locations).dump()));
      });
}

}  // namespace mxedge::appservice_router
