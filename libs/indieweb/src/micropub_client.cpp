#include "mxedge/indieweb/micropub_client.hpp"

#include <map>
#include <utility>

#include "absl/status/status.h"
#include "mxedge/common/log.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/http/percent_encoding.hpp"
#include "mxedge/indieweb/micropub_error.hpp"
#include "mxedge/indieweb/url.hpp"

namespace mxedge::indieweb {

using common::Cat;

namespace {

using nlohmann::json;

bool IsSuccess(int status) { return status >= 200 && status <= 299; }

json ParseObject(const std::string& body) {
  return json::parse(body, nullptr, /*allow_exceptions=*/false);
}

}  // namespace

MicropubClient::MicropubClient(GuardedHttpClient& http, MicropubSession session)
    : http_(http), session_(std::move(session)) {}

http::ClientRequest MicropubClient::NewRequest(std::string method, std::string url) const {
  http::ClientRequest request;
  request.method = std::move(method);
  request.url = std::move(url);
  request.headers.emplace("Authorization", Cat("Bearer ", session_.access_token));
  request.headers.emplace("Accept", "application/json");
  return request;
}

absl::StatusOr<json> MicropubClient::Query(std::string_view params) {
  http::ClientRequest request = NewRequest("GET", AppendQuery(session_.endpoint, params));
  absl::StatusOr<http::Response> response = http_.Send(request);
  if (!response.ok()) return response.status();
  if (!IsSuccess(response->status)) return ParseMicropubError(*response).ToStatus();
  return ParseObject(response->body);
}

absl::StatusOr<MicropubConfig> MicropubClient::QueryConfig() {
  absl::StatusOr<json> doc = Query("q=config");
  if (!doc.ok()) return doc.status();
  if (!doc->is_object()) {
    common::LogDebug("q=config answer is not a JSON object; using an empty config");
  }
  MicropubConfig config = ParseMicropubConfig(*doc, session_.endpoint);
  return config;
}

absl::StatusOr<std::vector<SyndicationTarget>> MicropubClient::QuerySyndicateTo() {
  absl::StatusOr<json> doc = Query("q=syndicate-to");
  if (!doc.ok()) return doc.status();
  if (!doc->is_object() || !doc->contains("syndicate-to")) return std::vector<SyndicationTarget>{};
  return ParseSyndicationTargets((*doc)["syndicate-to"]);
}

absl::StatusOr<std::vector<std::string>> MicropubClient::QueryCategories() {
  absl::StatusOr<json> doc = Query("q=category");
  if (!doc.ok()) return doc.status();
  if (!doc->is_object() || !doc->contains("categories")) return std::vector<std::string>{};
  return ParseCategories((*doc)["categories"]);
}

absl::StatusOr<json> MicropubClient::QuerySource(std::string_view url,
                                                 const std::vector<std::string>& properties) {
  std::string params = Cat("q=source&url=", http::PercentEncode(url));
  for (const std::string& p : properties) {
    params = Cat(params, "&properties%5B%5D=", http::PercentEncode(p));
  }
  absl::StatusOr<json> doc = Query(params);
  if (!doc.ok()) return doc.status();
  if (!doc->is_object()) {
    return absl::InvalidArgumentError("micropub: q=source answer is not a JSON object");
  }
  return doc;
}

absl::StatusOr<CreateResult> MicropubClient::ExpectCreated(const http::Response& response,
                                                           const std::string& base) const {
  if (!IsSuccess(response.status)) return ParseMicropubError(response).ToStatus();
  const std::optional<std::string> location = http::FindHeader(response.headers, "Location");
  if (!location.has_value() || location->empty()) {
    return ParseMicropubError(response).ToStatus();  // kMissingLocation
  }
  absl::StatusOr<std::string> absolute = ResolveUrl(base, *location);
  if (!absolute.ok()) {
    return absl::InvalidArgumentError(
        Cat("micropub: Location is not a URL: ", absolute.status().message()));
  }
  return CreateResult{response.status, *std::move(absolute)};
}

absl::StatusOr<ChangeResult> MicropubClient::ExpectChanged(const http::Response& response) const {
  if (!IsSuccess(response.status)) return ParseMicropubError(response).ToStatus();
  ChangeResult result{response.status, ""};
  const std::optional<std::string> location = http::FindHeader(response.headers, "Location");
  if (response.status == 201 && location.has_value() && !location->empty()) {
    absl::StatusOr<std::string> absolute = ResolveUrl(session_.endpoint, *location);
    if (absolute.ok()) result.location = *std::move(absolute);
  }
  return result;
}

absl::StatusOr<CreateResult> MicropubClient::Create(const Post& post) {
  if (absl::Status valid = ValidatePost(post); !valid.ok()) return valid;
  http::ClientRequest request = NewRequest("POST", session_.endpoint);
  request.headers.emplace("Content-Type", "application/json");
  // Invalid UTF-8 from the chat side becomes U+FFFD instead of an exception.
  request.body = PostToJson(post).dump(-1, ' ', false, json::error_handler_t::replace);
  absl::StatusOr<http::Response> response = http_.Send(request);
  if (!response.ok()) return response.status();
  return ExpectCreated(*response, session_.endpoint);
}

absl::StatusOr<CreateResult> MicropubClient::CreateMultipart(
    const Post& post, const std::vector<std::pair<std::string, MediaFile>>& files) {
  if (absl::Status valid = ValidatePost(post, files.size()); !valid.ok()) return valid;
  std::map<std::string, int> per_property;
  for (const auto& [property, file] : files) {
    if (property != "photo" && property != "video" && property != "audio") {
      return absl::InvalidArgumentError(
          Cat("multipart file property must be photo, video or audio, not '", property, "'"));
    }
    ++per_property[property];
  }
  MultipartForm form;
  for (auto& [name, value] : PostToFormFields(post)) {
    form.AddField(std::move(name), std::move(value));
  }
  for (const auto& [property, file] : files) {
    const bool several =
        per_property[property] + static_cast<int>(property == "photo"   ? post.photo.size()
                                                  : property == "video" ? post.video.size()
                                                                        : post.audio.size()) >
        1;
    form.AddFile(several ? Cat(property, "[]") : property, file);
  }
  absl::StatusOr<MultipartForm::Encoded> encoded = form.Encode();
  if (!encoded.ok()) return encoded.status();
  http::ClientRequest request = NewRequest("POST", session_.endpoint);
  request.headers.emplace("Content-Type", encoded->content_type);
  request.body = std::move(encoded->body);
  absl::StatusOr<http::Response> response = http_.Send(request);
  if (!response.ok()) return response.status();
  return ExpectCreated(*response, session_.endpoint);
}

absl::StatusOr<std::string> MicropubClient::UploadMedia(const MediaFile& file) {
  if (session_.media_endpoint.empty()) {
    return absl::FailedPreconditionError("micropub: the site has no media endpoint");
  }
  MultipartForm form;
  form.AddFile("file", file);
  absl::StatusOr<MultipartForm::Encoded> encoded = form.Encode();
  if (!encoded.ok()) return encoded.status();
  http::ClientRequest request = NewRequest("POST", session_.media_endpoint);
  request.headers.emplace("Content-Type", encoded->content_type);
  request.body = std::move(encoded->body);
  absl::StatusOr<http::Response> response = http_.Send(request);
  if (!response.ok()) return response.status();
  absl::StatusOr<CreateResult> created = ExpectCreated(*response, session_.media_endpoint);
  if (!created.ok()) return created.status();
  return created->location;
}

absl::StatusOr<ChangeResult> MicropubClient::Update(const PostUpdate& update) {
  absl::StatusOr<json> body = UpdateToJson(update);
  if (!body.ok()) return body.status();
  http::ClientRequest request = NewRequest("POST", session_.endpoint);
  request.headers.emplace("Content-Type", "application/json");
  request.body = body->dump(-1, ' ', false, json::error_handler_t::replace);
  absl::StatusOr<http::Response> response = http_.Send(request);
  if (!response.ok()) return response.status();
  return ExpectChanged(*response);
}

absl::StatusOr<ChangeResult> MicropubClient::Action(std::string_view action, std::string_view url) {
  if (url.empty()) return absl::InvalidArgumentError(Cat("micropub: ", action, " needs a URL"));
  http::ClientRequest request = NewRequest("POST", session_.endpoint);
  request.headers.emplace("Content-Type", "application/x-www-form-urlencoded");
  request.body =
      http::BuildQueryString({{"action", std::string(action)}, {"url", std::string(url)}});
  absl::StatusOr<http::Response> response = http_.Send(request);
  if (!response.ok()) return response.status();
  return ExpectChanged(*response);
}

absl::StatusOr<ChangeResult> MicropubClient::Delete(std::string_view url) {
  return Action("delete", url);
}

absl::StatusOr<ChangeResult> MicropubClient::Undelete(std::string_view url) {
  return Action("undelete", url);
}

}  // namespace mxedge::indieweb
