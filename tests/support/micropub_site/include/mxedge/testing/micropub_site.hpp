#pragma once
// A personal IndieWeb site on 127.0.0.1 for tests: tests/support/micropub_server run by node
// (the real @benjifs/micropub Micropub and media endpoints plus a scripted IndieAuth server), on a
// free port, with its knobs and records reachable from C++. Needs `./dev deps` (npm ci there).
#include <memory>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/http/response.hpp"
#include "mxedge/testing/subprocess.hpp"
#include "mxedge/testing/temp_dir.hpp"

namespace mxedge::testing {

// The IndieAuth server's behaviour for the next authorizations and token requests.
struct MicropubSiteKnobs {
  bool wrong_me = false;         // token responses name another site
  bool wrong_iss = false;        // redirects carry another issuer
  int expires_in = 3600;         // seconds
  bool issue_refresh = true;     // token responses carry a refresh_token
  bool omit_token_type = false;  // token responses without token_type
  bool legacy = false;           // no metadata rel (legacy endpoint rels only), no iss
  std::string grant_scope;       // when set, granted instead of the scope asked for
  // When set, every Micropub POST gets another server's answer instead of the real one:
  // "accepted_json", "scope_403", "html_error" or "login_redirect" (server.js says what each is).
  std::string micropub_quirk;
};

class MicropubSite {
 public:
  // Starts node on a free port and waits until the profile page answers. FailedPrecondition when
  // node or the npm packages are missing (the message says to run ./dev deps).
  static absl::StatusOr<std::unique_ptr<MicropubSite>> Start();
  ~MicropubSite();
  MicropubSite(const MicropubSite&) = delete;
  MicropubSite& operator=(const MicropubSite&) = delete;

  // "http://127.0.0.1:<port>" and the profile URL "http://127.0.0.1:<port>/".
  const std::string& base_url() const { return base_url_; }
  std::string me() const { return base_url_ + "/"; }
  std::string micropub_url() const { return base_url_ + "/micropub"; }

  absl::Status SetKnobs(const MicropubSiteKnobs& knobs);
  // Every access token issued so far expires / is revoked with its refresh token.
  absl::Status ExpireAccessTokens();
  absl::Status RevokeAllTokens();
  // An access token for the test's own requests.
  absl::StatusOr<std::string> IssueToken(std::string_view scope);
  // q=source for `url` with a token of its own: the post's "properties" object.
  absl::StatusOr<nlohmann::json> Source(std::string_view url);
  // Every non-test request the site received: [{method, path, bearer, grant_type?}].
  absl::StatusOr<nlohmann::json> RequestLog();
  // Every stored file: [{path, bytes, text?}].
  absl::StatusOr<nlohmann::json> Files();

  // Any request to the site (paths starting with "/").
  absl::StatusOr<http::Response> Send(std::string_view method, std::string_view path,
                                      http::HeaderMap headers = {}, std::string body = "");
  std::string LogTail(size_t max_bytes = 4096) const { return process_->LogTail(max_bytes); }

 private:
  MicropubSite(TempDir dir, int port);
  absl::StatusOr<nlohmann::json> Json(std::string_view method, std::string_view path,
                                      const nlohmann::json& body);

  TempDir dir_;
  std::string base_url_;
  http::CurlHttpClient http_;
  std::unique_ptr<Subprocess> process_;
};

}  // namespace mxedge::testing
