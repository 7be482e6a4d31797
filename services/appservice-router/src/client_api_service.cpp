#include "client_api_service.hpp"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "mxedge/common/log.hpp"
#include "mxedge/common/request_id.hpp"
#include "mxedge/common/status_mapping.hpp"
#include "mxedge/http/percent_encoding.hpp"
#include "mxedge/rpc/call_context.hpp"
#include "mxedge/rpc/status_conversion.hpp"

namespace mxedge::appservice_router {

namespace {

constexpr std::string_view kClientPrefix = "/_matrix/client/";

absl::Status Denied(std::string_view why) {
  return common::WithPublicMessage(absl::PermissionDeniedError(std::string(why)),
                                   "only /_matrix/client/ paths are allowed");
}

absl::Status Invalid(std::string_view why) { return absl::InvalidArgumentError(std::string(why)); }

std::string_view MethodName(v1::HttpMethod method) {
  switch (method) {
    case v1::HTTP_METHOD_GET:
      return "GET";
    case v1::HTTP_METHOD_PUT:
      return "PUT";
    case v1::HTTP_METHOD_POST:
      return "POST";
    case v1::HTTP_METHOD_DELETE:
      return "DELETE";
    case v1::HTTP_METHOD_HEAD:
      return "HEAD";
    case v1::HTTP_METHOD_OPTIONS:
      return "OPTIONS";
    default:
      return "";
  }
}

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 1;  // after the leading '/'
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string_view OutcomeFor(int http_status) {
  if (http_status == 429) {
    return "http_429";
  }
  if (http_status >= 500) {
    return "http_5xx";
  }
  if (http_status >= 400) {
    return "http_4xx";
  }
  return "http_2xx";
}

}  // namespace

ClientApiService::ClientApiService(ClientApiOptions options, matrix::HomeserverClient& homeserver,
                                   rpc::BoundedExecutor& executor, common::MetricsRegistry& metrics)
    : options_(std::move(options)),
      verifier_(options_.internal_token),
      homeserver_(homeserver),
      executor_(executor),
      calls_(metrics.AddCounterFamily("mxedge_appservice_router_client_api_calls_total",
                                      "ClientApi.Call calls by outcome.", {"outcome"})),
      latency_(metrics.AddHistogram("mxedge_appservice_router_client_api_call_seconds",
                                    "ClientApi.Call latency, including the homeserver call.")) {}

absl::Status ClientApiService::CheckPath(std::string_view path) {
  if (path.substr(0, kClientPrefix.size()) != kClientPrefix) {
    return Denied("path outside /_matrix/client/");
  }
  for (unsigned char c : path) {
    if (c < 0x21 || c > 0x7e || c == '?' || c == '#' || c == '\\') {
      return Invalid("path holds a character that must be percent-encoded");
    }
  }
  std::vector<std::string_view> segments = Segments(path);
  for (size_t i = 0; i < segments.size(); ++i) {
    std::string_view segment = segments[i];
    if (segment.empty()) {
      // Only "/_matrix/client/" itself may end in '/'; elsewhere an empty segment is refused.
      return Invalid("path has an empty segment");
    }
    absl::StatusOr<std::string> decoded = http::PercentDecode(segment);
    if (!decoded.ok()) {
      return Invalid("path has a malformed percent escape");
    }
    if (*decoded == "." || *decoded == "..") {
      return Denied("path has a dot segment");
    }
    if (i < 2 && *decoded != segment) {
      return Denied("encoded characters in the path prefix");
    }
  }
  return absl::OkStatus();
}

bool ClientApiService::IsUnauthenticatedEndpoint(std::string_view path) {
  if (path == "/_matrix/client/versions") {
    return true;
  }
  std::vector<std::string_view> segments = Segments(path);
  // /_matrix/client/<version>/<endpoint>[/...]
  if (segments.size() < 4) {
    return false;
  }
  std::string_view endpoint = segments[3];
  if (endpoint == "login" || endpoint == "refresh") {
    return true;
  }
  if (endpoint == "register") {
    return segments.size() == 4 || (segments.size() == 5 && segments[4] == "available");
  }
  return false;
}

void ClientApiService::Finish(grpc::ServerUnaryReactor* reactor, const absl::Status& status,
                              std::string_view outcome,
                              std::chrono::steady_clock::time_point started) {
  calls_.WithLabels({outcome}).Increment();
  latency_.Observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  reactor->Finish(rpc::ToGrpcStatus(status));
}

grpc::ServerUnaryReactor* ClientApiService::Call(grpc::CallbackServerContext* context,
                                                 const v1::HttpCall* call, v1::HttpResult* result) {
  const auto started = std::chrono::steady_clock::now();
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (absl::Status auth = verifier_.Check(*context); !auth.ok()) {
    Finish(reactor, auth, "unauthenticated", started);
    return reactor;
  }
  std::string request_id = call->request_id();
  if (!common::IsAcceptableRequestId(request_id)) {
    request_id = common::NewRequestId();
  }
  result->set_request_id(request_id);
  std::string_view method = MethodName(call->method());
  if (method.empty()) {
    Finish(reactor, Invalid("method is required"), "invalid", started);
    return reactor;
  }
  if (absl::Status path = CheckPath(call->path()); !path.ok()) {
    common::LogDebug("client api call refused",
                     {{"request_id", request_id}, {"reason", path.ToString()}});
    Finish(reactor, path, absl::IsPermissionDenied(path) ? "denied" : "invalid", started);
    return reactor;
  }
  if (call->access_token().empty() && !IsUnauthenticatedEndpoint(call->path())) {
    Finish(reactor,
           common::WithMatrixErrcode(absl::UnauthenticatedError("access token required"),
                                     "M_MISSING_TOKEN"),
           "unauthenticated", started);
    return reactor;
  }
  if (call->body().size() > options_.max_body_bytes) {
    Finish(reactor,
           common::WithMatrixErrcode(absl::InvalidArgumentError(absl::StrCat(
                                         "body larger than ", options_.max_body_bytes, " bytes")),
                                     "M_TOO_LARGE"),
           "invalid", started);
    return reactor;
  }
  matrix::ForwardRequest forward;
  forward.method = std::string(method);
  forward.path = call->path();
  forward.query.reserve(call->query_size());
  for (const v1::QueryParam& param : call->query()) {
    forward.query.emplace_back(param.key(), param.value());
  }
  forward.access_token = call->access_token();
  forward.body = call->body();
  forward.content_type = call->content_type();
  forward.request_id = request_id;
  bool queued = executor_.TrySubmit([this, reactor, result, started,
                                     forward = std::move(forward)]() mutable {
    absl::StatusOr<matrix::ForwardResponse> answer = homeserver_.Forward(forward);
    if (!answer.ok()) {
      common::LogWarn("client api call got no answer",
                      {{"request_id", forward.request_id}, {"status", answer.status().ToString()}});
      std::string_view outcome =
          absl::IsDeadlineExceeded(answer.status()) ? "timeout" : "unavailable";
      Finish(reactor, answer.status(), outcome, started);
      return;
    }
    result->set_status(answer->status);
    result->set_content_type(std::move(answer->content_type));
    result->set_body(std::move(answer->body));
    result->set_retry_after_ms(answer->retry_after_ms.value_or(0));
    Finish(reactor, absl::OkStatus(), OutcomeFor(answer->status), started);
  });
  if (!queued) {
    Finish(reactor,
           common::WithRetryAfter(absl::ResourceExhaustedError("client api executor full"),
                                  std::chrono::milliseconds(1000)),
           "busy", started);
  }
  return reactor;
}

}  // namespace mxedge::appservice_router
