#include "media_forwarder.hpp"

#include <array>
#include <string_view>

#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/http/percent_encoding.hpp"

namespace mxedge::coap_cli {
namespace {

constexpr std::array<std::string_view, 5> kRequestHeaders = {"Authorization", "Content-Type",
                                                             "Accept", "Range", "If-None-Match"};
constexpr std::array<std::string_view, 7> kResponseHeaders = {
    "Content-Type", "Content-Disposition", "Content-Range", "Cache-Control",
    "ETag",         "Last-Modified",       "Accept-Ranges"};

}  // namespace

MediaForwarder::MediaForwarder(http::HttpClient& client, std::string upstream)
    : client_(client), upstream_(std::move(upstream)) {
  while (!upstream_.empty() && upstream_.back() == '/') {
    upstream_.pop_back();
  }
}

std::string MediaForwarder::UpstreamUrl(const http::Request& request) const {
  std::string url = common::Cat(upstream_, request.raw_path);
  if (!request.query.empty()) {
    url += common::Cat("?", http::BuildQueryString(request.query));
  }
  return url;
}

http::Response MediaForwarder::Forward(const http::Request& request) const {
  http::ClientRequest call;
  call.method = request.method;
  call.url = UpstreamUrl(request);
  call.body = request.body;
  for (std::string_view name : kRequestHeaders) {
    if (std::optional<std::string> value = request.Header(name)) {
      http::SetHeader(call.headers, name, *value);
    }
  }
  absl::StatusOr<http::Response> answer = client_.Send(call);
  if (!answer.ok()) {
    common::LogWarn(
        "media upstream call failed",
        {{"method", request.method}, {"error", common::Std(answer.status().message())}});
    if (answer.status().code() == absl::StatusCode::kDeadlineExceeded) {
      return http::Response::MatrixError(504, "M_UNKNOWN", "the media upstream did not answer");
    }
    return http::Response::MatrixError(502, "M_UNKNOWN", "the media upstream is unreachable");
  }
  http::Response out;
  out.status = answer->status;
  out.body = std::move(answer->body);
  for (std::string_view name : kResponseHeaders) {
    if (std::optional<std::string> value = http::FindHeader(answer->headers, name)) {
      http::SetHeader(out.headers, name, *value);
    }
  }
  return out;
}

}  // namespace mxedge::coap_cli
