#pragma once
// Serves signed media links (see media_link.hpp) on the AS API HTTP server (:9000):
//   GET /_mxedge/media/:server/:mediaId  and  GET /_mxedge/media/:server/:mediaId/:filename
// The link is verified, the media fetched from the homeserver with the router's credentials on
// the executor (never on the HTTP threads), bounded by max_bytes, and answered with its content
// type, `X-Content-Type-Options: nosniff`, a sandboxing Content-Security-Policy and a
// Content-Disposition that is `inline` only for images, audio and video and `attachment`
// otherwise, with the filename made safe. Answers: 200; 403 bad link; 410 expired link; 404
// unknown media; 502 homeserver failure or media larger than max_bytes; 503 when busy.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "media_link.hpp"
#include "mxedge/common/metrics_registry.hpp"
#include "mxedge/http/http_server.hpp"
#include "mxedge/matrix/homeserver_client.hpp"
#include "mxedge/rpc/bounded_executor.hpp"

namespace mxedge::appservice_router {

struct MediaLinkRouteOptions {
  // Largest media served through a link.
  size_t max_bytes = size_t{64} << 20;
};

class MediaLinkHandler {
 public:
  // Every reference must outlive the handler (and the server it is registered on).
  MediaLinkHandler(const MediaLinkSigner& signer, matrix::HomeserverClient& homeserver,
                   rpc::BoundedExecutor& executor, common::MetricsRegistry& metrics,
                   MediaLinkRouteOptions options);

  void Handle(const http::Request& request, http::Responder responder);

  // `attachment; filename="<ascii>"; filename*=UTF-8''<percent-encoded>` (or `inline; ...`).
  static std::string ContentDisposition(std::string_view content_type, std::string_view filename);
  // The content type if it is a plausible `type/subtype[; params]`, else application/octet-stream.
  static std::string SafeContentType(std::string_view content_type);

 private:
  void Count(std::string_view outcome);

  const MediaLinkSigner& signer_;
  matrix::HomeserverClient& homeserver_;
  rpc::BoundedExecutor& executor_;
  common::CounterFamily& requests_;
  MediaLinkRouteOptions options_;
};

// Registers both routes on `server` (before it starts). Returns the handler, which the caller
// keeps alive as long as the server.
std::shared_ptr<MediaLinkHandler> RegisterMediaLinkRoutes(http::HttpServer& server,
                                                          const MediaLinkSigner& signer,
                                                          matrix::HomeserverClient& homeserver,
                                                          rpc::BoundedExecutor& executor,
                                                          common::MetricsRegistry& metrics,
                                                          MediaLinkRouteOptions options = {});

}  // namespace mxedge::appservice_router
