#pragma once
// What the HTTP side serves, as pure functions (the Pistache handlers only route to these):
// - at the client_id URL: IndieAuth client metadata JSON (Living Standard 2024 §4.2) when the
//   request's Accept prefers application/json, otherwise an h-app HTML page with the
//   redirect_uri as <link rel="redirect_uri"> (what older servers look for);
// - at the redirect URL: the page that names the Matrix user being linked, or the error.
// Every text put into HTML is escaped.
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "link_completer.hpp"

namespace mxedge::micropub {

struct ClientInfo {
  std::string client_id;     // public base URL
  std::string redirect_uri;  // same origin
  std::string name = "mxedge micropub";
};

struct Page {
  int status = 200;
  std::string content_type;
  std::string body;
};

// Content negotiation on `accept`: JSON for application/json (or application/*+json) with a
// q-value above text/html's, HTML otherwise.
Page ClientMetadataPage(const ClientInfo& client, std::string_view accept);

// The redirect endpoint's answer: 200 naming `outcome.mxid` and `outcome.me` and telling the
// user to confirm in the chat, or 400/403/404/502 with the error's (public) message.
Page LinkResultPage(const absl::StatusOr<LinkOutcome>& outcome);

}  // namespace mxedge::micropub
