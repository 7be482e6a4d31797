#pragma once
// A Micropub client (W3C REC + common extensions) for one linked site. The token goes only in
// `Authorization: Bearer`, never in a body; every call sends `Accept: application/json`, goes
// through the SSRF guard and never follows redirects (a 3xx is an auth failure). Server errors
// come back as a status carrying a MicropubError (MicropubErrorFromStatus); transport failures
// as the guarded client's status.
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "mxedge/indieweb/guarded_http_client.hpp"
#include "mxedge/indieweb/micropub_config.hpp"
#include "mxedge/indieweb/micropub_post.hpp"
#include "mxedge/indieweb/multipart_form.hpp"
#include "mxedge/indieweb/post_update.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::indieweb {

// Holds a secret (`access_token`): never log it.
struct MicropubSession {
  std::string endpoint;
  std::string media_endpoint;  // from q=config or rel=micropub_media; empty when none
  std::string access_token;
};

struct CreateResult {
  int http_status = 0;   // 201, or 202 when the server publishes later
  std::string location;  // absolute URL of the post
};

struct ChangeResult {
  int http_status = 0;   // 200, 201, 202 or 204
  std::string location;  // set when a 201 names a new URL for the post
};

class MicropubClient {
 public:
  MicropubClient(GuardedHttpClient& http, MicropubSession session);

  // GET ?q=config. A 2xx that is not a JSON object is an empty config (the spec's advice);
  // auth failures and other errors are statuses.
  absl::StatusOr<MicropubConfig> QueryConfig();
  absl::StatusOr<std::vector<SyndicationTarget>> QuerySyndicateTo();
  absl::StatusOr<std::vector<std::string>> QueryCategories();
  // ?q=source&url=…[&properties[]=…]: the post's mf2 JSON ({"type","properties"} or, with
  // properties, {"properties"}). A 2xx that is not a JSON object is InvalidArgument.
  absl::StatusOr<nlohmann::json> QuerySource(std::string_view url,
                                             const std::vector<std::string>& properties = {});

  // JSON create. ValidatePost's status first; success is 201/202 with a Location.
  absl::StatusOr<CreateResult> Create(const Post& post);
  // Multipart create with the files as parts named photo/video/audio (`photo[]` when several),
  // for servers without a media endpoint. `files` pairs a property name with its file.
  absl::StatusOr<CreateResult> CreateMultipart(
      const Post& post, const std::vector<std::pair<std::string, MediaFile>>& files);
  // Uploads to the media endpoint as part `file`; returns the file's absolute URL (Location).
  // FailedPrecondition when the session has no media endpoint.
  absl::StatusOr<std::string> UploadMedia(const MediaFile& file);

  absl::StatusOr<ChangeResult> Update(const PostUpdate& update);
  absl::StatusOr<ChangeResult> Delete(std::string_view url);
  absl::StatusOr<ChangeResult> Undelete(std::string_view url);

  const MicropubSession& session() const { return session_; }

 private:
  http::ClientRequest NewRequest(std::string method, std::string url) const;
  absl::StatusOr<nlohmann::json> Query(std::string_view params);
  absl::StatusOr<CreateResult> ExpectCreated(const http::Response& response,
                                             const std::string& base) const;
  absl::StatusOr<ChangeResult> ExpectChanged(const http::Response& response) const;
  absl::StatusOr<ChangeResult> Action(std::string_view action, std::string_view url);

  GuardedHttpClient& http_;
  MicropubSession session_;
};

}  // namespace mxedge::indieweb
