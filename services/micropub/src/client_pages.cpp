#include "client_pages.hpp"

#include <cstdlib>

#include "absl/strings/ascii.h"
#include "mxedge/common/html_escape.hpp"
#include "mxedge/common/str_cat.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::micropub {
namespace {

// The q-value of the best Accept entry matching `want(type)`; 0 when none matches.
template <typename Match>
double BestQ(std::string_view accept, Match want) {
  double best = 0;
  while (!accept.empty()) {
    const size_t comma = accept.find(',');
    std::string_view item = accept.substr(0, comma);
    accept = comma == std::string_view::npos ? std::string_view() : accept.substr(comma + 1);
    const size_t semi = item.find(';');
    std::string type = absl::AsciiStrToLower(std::string(item.substr(0, semi)));
    absl::StripAsciiWhitespace(&type);
    double q = 1;
    if (semi != std::string_view::npos) {
      std::string params = absl::AsciiStrToLower(std::string(item.substr(semi + 1)));
      const size_t at = params.find("q=");
      if (at != std::string::npos) {
        q = std::strtod(params.c_str() + at + 2, nullptr);
      }
    }
    if (want(type) && q > best) {
      best = q;
    }
  }
  return best;
}

Page Html(int status, std::string_view title, std::string_view text) {
  return {
      status, "text/html; charset=utf-8",
      common::Cat("<!doctype html><html><head><meta charset=\"utf-8\"><title>",
                  common::EscapeHtml(title), "</title></head><body><h1>", common::EscapeHtml(title),
                  "</h1><p>", common::EscapeHtml(text), "</p></body></html>\n")};
}

}  // namespace

Page ClientMetadataPage(const ClientInfo& client, std::string_view accept) {
  const double json_q = BestQ(accept, [](const std::string& type) {
    return type == "application/json" ||
           (type.starts_with("application/") && type.ends_with("+json"));
  });
  const double html_q =
      BestQ(accept, [](const std::string& type) { return type == "text/html" || type == "*/*"; });
  if (json_q > 0 && json_q >= html_q) {
    const nlohmann::json doc = {{"client_id", client.client_id},
                                {"client_name", client.name},
                                {"client_uri", client.client_id},
                                {"redirect_uris", {client.redirect_uri}}};
    return {200, "application/json", doc.dump()};
  }
  return {200, "text/html; charset=utf-8",
          common::Cat("<!doctype html><html><head><meta charset=\"utf-8\"><title>",
                      common::EscapeHtml(client.name), "</title><link rel=\"redirect_uri\" href=\"",
                      common::EscapeHtml(client.redirect_uri),
                      "\"></head><body><div class=\"h-app\"><a class=\"u-url p-name\" href=\"",
                      common::EscapeHtml(client.client_id), "\">", common::EscapeHtml(client.name),
                      "</a></div></body></html>\n")};
}

Page LinkResultPage(const absl::StatusOr<LinkOutcome>& outcome) {
  if (outcome.ok()) {
    return Html(
        200, "Almost done",
        common::Cat("You are linking ", outcome->me, " to the Matrix account ", outcome->mxid,
                    ". If that is your account, go back to your chat with the bot and "
                    "send !confirm. If it is not, do nothing: the link is not made."));
  }
  const std::string message(outcome.status().message());
  switch (outcome.status().code()) {
    case absl::StatusCode::kInvalidArgument:
      return Html(400, "Login failed", message);
    case absl::StatusCode::kPermissionDenied:
      return Html(403, "Login refused", message);
    case absl::StatusCode::kNotFound:
      return Html(404, "Login link expired", message);
    default:
      return Html(502, "Login failed",
                  "Your site's login server could not be reached or refused the bot; send "
                  "!indieauth again in the chat.");
  }
}

}  // namespace mxedge::micropub
