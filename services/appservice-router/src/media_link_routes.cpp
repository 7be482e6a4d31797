#include "media_link_routes.hpp"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "mxedge/common/log.hpp"
#include "mxedge/common/request_id.hpp"
#include "mxedge/common/status_mapping.hpp"
#include "mxedge/http/percent_encoding.hpp"

namespace mxedge::appservice_router {

namespace {

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return out;
}

bool IsTokenChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

http::Response PlainError(int status, std::string_view text) {
  http::Response response = http::Response::Text(status, std::string(text));
  response.headers.emplace("Cache-Control", "no-store");
  response.headers.emplace("X-Content-Type-Options", "nosniff");
  return response;
}

}  // namespace

MediaLinkHandler::MediaLinkHandler(const MediaLinkSigner& signer,
                                   matrix::HomeserverClient& homeserver,
                                   rpc::BoundedExecutor& executor, common::MetricsRegistry& metrics,
                                   MediaLinkRouteOptions options)
    : signer_(signer),
      homeserver_(homeserver),
      executor_(executor),
      requests_(metrics.AddCounterFamily("mxedge_appservice_router_media_link_requests_total",
                                         "Media link requests by outcome.", {"outcome"})),
      options_(options) {}

void MediaLinkHandler::Count(std::string_view outcome) {
  requests_.WithLabels({outcome}).Increment();
}

std::string MediaLinkHandler::SafeContentType(std::string_view content_type) {
  constexpr std::string_view kFallback = "application/octet-stream";
  if (content_type.empty() || content_type.size() > 255) {
    return std::string(kFallback);
  }
  std::string_view essence = content_type.substr(0, content_type.find(';'));
  while (!essence.empty() && essence.back() == ' ') {
    essence.remove_suffix(1);
  }
  size_t slash = essence.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 == essence.size()) {
    return std::string(kFallback);
  }
  for (size_t i = 0; i < essence.size(); ++i) {
    if (i != slash && !IsTokenChar(essence[i])) {
      return std::string(kFallback);
    }
  }
  for (unsigned char c : content_type) {
    if (c < 0x20 || c == 0x7f) {
      return std::string(kFallback);
    }
  }
  return std::string(content_type);
}

std::string MediaLinkHandler::ContentDisposition(std::string_view content_type,
                                                 std::string_view filename) {
  const std::string type = Lower(content_type.substr(0, content_type.find(';')));
  // SVG is an image type that runs script; it is never shown inline.
  const bool inline_ok = (StartsWith(type, "image/") && type != "image/svg+xml") ||
                         StartsWith(type, "audio/") || StartsWith(type, "video/");
  std::string out = inline_ok ? "inline" : "attachment";
  if (filename.empty()) {
    return out;
  }
  std::string ascii;
  ascii.reserve(filename.size());
  for (char c : filename) {
    bool safe = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '-' || c == '_' || c == ' ' || c == '(' || c == ')';
    ascii.push_back(safe ? c : '_');
  }
  absl::StrAppend(&out, "; filename=\"", ascii, "\"; filename*=UTF-8''",
                  http::PercentEncode(filename));
  return out;
}

void MediaLinkHandler::Handle(const http::Request& request, http::Responder responder) {
  absl::StatusOr<matrix::MxcUri> mxc = matrix::ParseMxcUri(
      absl::StrCat("mxc://", request.Param("server"), "/", request.Param("mediaId")));
  if (!mxc.ok()) {
    Count("invalid");
    responder.Send(PlainError(403, "invalid media link"));
    return;
  }
  const std::string filename = request.Param("filename");
  absl::Status verified = signer_.Verify(*mxc, filename, request.QueryValue("exp").value_or(""),
                                         request.QueryValue("sig").value_or(""));
  if (absl::IsOutOfRange(verified)) {
    Count("expired");
    responder.Send(PlainError(410, common::PublicMessage(verified)));
    return;
  }
  if (!verified.ok()) {
    Count("invalid");
    common::LogDebug("media link refused", {{"reason", verified.ToString()}});
    responder.Send(PlainError(403, common::PublicMessage(verified)));
    return;
  }
  std::string request_id = request.Header("X-Request-Id").value_or("");
  if (!common::IsAcceptableRequestId(request_id)) {
    request_id.clear();
  }
  bool queued = executor_.TrySubmit([this, mxc = *mxc, filename, request_id, responder] {
    absl::StatusOr<matrix::Media> media = homeserver_.DownloadMedia(
        {.mxc = mxc.ToString(), .max_bytes = options_.max_bytes, .request_id = request_id});
    if (!media.ok()) {
      if (absl::IsNotFound(media.status())) {
        Count("not_found");
        responder.Send(PlainError(404, "media not found"));
        return;
      }
      Count("upstream_error");
      common::LogWarn("media link download failed",
                      {{"mxc", mxc.ToString()}, {"status", media.status().ToString()}});
      responder.Send(PlainError(502, "media unavailable"));
      return;
    }
    if (media->bytes.size() > options_.max_bytes) {
      Count("too_large");
      responder.Send(PlainError(502, "media too large to relay"));
      return;
    }
    const std::string content_type = SafeContentType(media->content_type);
    const std::string& name = !filename.empty() ? filename : media->filename;
    http::Response response;
    response.status = 200;
    response.headers.emplace("Content-Type", content_type);
    response.headers.emplace(
        "Content-Disposition",
        ContentDisposition(content_type,
                           MediaLinkSigner::ValidateFilename(name).ok() ? name : mxc.media_id));
    response.headers.emplace("X-Content-Type-Options", "nosniff");
    response.headers.emplace("Content-Security-Policy",
                             "sandbox; default-src 'none'; img-src 'self'; media-src 'self'");
    response.headers.emplace("Referrer-Policy", "no-referrer");
    response.headers.emplace("Cache-Control", "private, max-age=300");
    response.body = std::move(media->bytes);
    Count("served");
    responder.Send(std::move(response));
  });
  if (!queued) {
    Count("busy");
    http::Response busy = PlainError(503, "busy, try again shortly");
    busy.headers.emplace("Retry-After", "1");
    responder.Send(std::move(busy));
  }
}

std::shared_ptr<MediaLinkHandler> RegisterMediaLinkRoutes(http::HttpServer& server,
                                                          const MediaLinkSigner& signer,
                                                          matrix::HomeserverClient& homeserver,
                                                          rpc::BoundedExecutor& executor,
                                                          common::MetricsRegistry& metrics,
                                                          MediaLinkRouteOptions options) {
  auto handler = std::make_shared<MediaLinkHandler>(signer, homeserver, executor, metrics, options);
  const std::string base = std::string(kMediaLinkPathPrefix) + ":server/:mediaId";
  auto serve = [handler](const http::Request& request, http::Responder responder) {
    handler->Handle(request, std::move(responder));
  };
  server.Route("GET", base, serve);
  server.Route("GET", base + "/:filename", serve);
  return handler;
}

}  // namespace mxedge::appservice_router
