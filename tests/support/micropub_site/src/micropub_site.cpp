#include "mxedge/testing/micropub_site.hpp"

#include <sys/stat.h>

#include <chrono>
#include <utility>

#include "mxedge/common/str_cat.hpp"
#include "mxedge/http/percent_encoding.hpp"
#include "mxedge/testing/free_port.hpp"

namespace mxedge::testing {
namespace {

using std::chrono::milliseconds;

constexpr char kServerDir[] = MXEDGE_MICROPUB_SERVER_DIR;
constexpr auto kStartDeadline = milliseconds(30'000);
constexpr auto kRequestTimeout = milliseconds(10'000);

bool Exists(const std::string& path) {
  struct stat info {};
  return stat(path.c_str(), &info) == 0;
}

std::string NodeBinary() {
  for (const char* candidate : {"/usr/bin/node", "/usr/local/bin/node", "/usr/bin/nodejs"}) {
    if (Exists(candidate)) {
      return candidate;
    }
  }
  return "";
}

}  // namespace

MicropubSite::MicropubSite(TempDir dir, int port)
    : dir_(std::move(dir)), base_url_(common::Cat("http://127.0.0.1:", port)) {}

MicropubSite::~MicropubSite() {
  if (process_ != nullptr && process_->Running()) {
    (void)process_->Terminate(milliseconds(3000));
  }
}

absl::StatusOr<std::unique_ptr<MicropubSite>> MicropubSite::Start() {
  const std::string node = NodeBinary();
  if (node.empty()) {
    return absl::FailedPreconditionError("node not found: run ./dev deps (Debian nodejs)");
  }
  const std::string server_dir = kServerDir;
  if (!Exists(server_dir + "/node_modules/@benjifs/micropub/package.json")) {
    return absl::FailedPreconditionError(
        common::Cat(server_dir, "/node_modules is not installed: run ./dev deps (npm ci there)"));
  }
  absl::Status last = absl::UnknownError("not started");
  // Another process may take the free port before node binds it: start again on a new one.
  for (int attempt = 0; attempt < 3; ++attempt) {
    absl::StatusOr<TempDir> dir = TempDir::Create("micropub-site");
    if (!dir.ok()) {
      return dir.status();
    }
    absl::StatusOr<int> port = FreeLoopbackPort();
    if (!port.ok()) {
      return port.status();
    }
    std::unique_ptr<MicropubSite> site(new MicropubSite(std::move(*dir), *port));
    SubprocessOptions options;
    options.argv = {node, server_dir + "/server.js", "--port", common::Cat(*port)};
    options.log_path = site->dir_.File("site.log");
    options.working_dir = server_dir;
    absl::StatusOr<std::unique_ptr<Subprocess>> process = Subprocess::Start(std::move(options));
    if (!process.ok()) {
      return process.status();
    }
    site->process_ = std::move(*process);
    last = WaitUntilReady(*site->process_, kStartDeadline, [&site]() -> absl::Status {
      absl::StatusOr<http::Response> profile = site->Send("GET", "/");
      if (!profile.ok()) {
        return profile.status();
      }
      if (profile->status != 200) {
        return absl::UnavailableError(common::Cat("profile page answered ", profile->status));
      }
      return absl::OkStatus();
    });
    if (last.ok()) {
      return site;
    }
    last = absl::Status(last.code(), common::Cat(last.message(), "\n", site->LogTail()));
    if (site->process_->Running()) {
      return last;
    }
  }
  return last;
}

absl::StatusOr<http::Response> MicropubSite::Send(std::string_view method, std::string_view path,
                                                  http::HeaderMap headers, std::string body) {
  http::ClientRequest request;
  request.method = std::string(method);
  request.url = common::Cat(base_url_, path);
  request.headers = std::move(headers);
  request.body = std::move(body);
  request.timeout = kRequestTimeout;
  return http_.Send(request);
}

absl::StatusOr<nlohmann::json> MicropubSite::Json(std::string_view method, std::string_view path,
                                                  const nlohmann::json& body) {
  http::HeaderMap headers;
  if (method != "GET") {
    http::SetHeader(headers, "Content-Type", "application/json");
  }
  absl::StatusOr<http::Response> response =
      Send(method, path, std::move(headers), method == "GET" ? "" : body.dump());
  if (!response.ok()) {
    return response.status();
  }
  if (response->status != 200) {
    return absl::FailedPreconditionError(
        common::Cat(method, " ", path, " answered ", response->status, ": ", response->body));
  }
  nlohmann::json parsed = nlohmann::json::parse(response->body, nullptr, false);
  if (parsed.is_discarded()) {
    return absl::DataLossError(common::Cat(path, " answered no JSON: ", response->body));
  }
  return parsed;
}

absl::Status MicropubSite::SetKnobs(const MicropubSiteKnobs& knobs) {
  return Json("POST", "/_test/knobs",
              {{"wrong_me", knobs.wrong_me},
               {"wrong_iss", knobs.wrong_iss},
               {"expires_in", knobs.expires_in},
               {"issue_refresh", knobs.issue_refresh},
               {"omit_token_type", knobs.omit_token_type},
               {"legacy", knobs.legacy},
               {"grant_scope", knobs.grant_scope},
               {"micropub_quirk", knobs.micropub_quirk}})
      .status();
}

absl::Status MicropubSite::ExpireAccessTokens() {
  return Json("POST", "/_test/expire", nlohmann::json::object()).status();
}

absl::Status MicropubSite::RevokeAllTokens() {
  return Json("POST", "/_test/revoke_all", nlohmann::json::object()).status();
}

absl::StatusOr<std::string> MicropubSite::IssueToken(std::string_view scope) {
  absl::StatusOr<nlohmann::json> answer =
      Json("POST", "/_test/token", {{"scope", std::string(scope)}});
  if (!answer.ok()) {
    return answer.status();
  }
  if (!answer->contains("access_token") || !(*answer)["access_token"].is_string()) {
    return absl::DataLossError(common::Cat("no access_token in ", answer->dump()));
  }
  return (*answer)["access_token"].get<std::string>();
}

absl::StatusOr<nlohmann::json> MicropubSite::Source(std::string_view url) {
  absl::StatusOr<std::string> token = IssueToken("create update delete");
  if (!token.ok()) {
    return token.status();
  }
  http::HeaderMap headers;
  http::SetHeader(headers, "Authorization", common::Cat("Bearer ", *token));
  http::SetHeader(headers, "Accept", "application/json");
  absl::StatusOr<http::Response> response = Send(
      "GET", common::Cat("/micropub?q=source&url=", http::PercentEncode(url)), std::move(headers));
  if (!response.ok()) {
    return response.status();
  }
  if (response->status != 200) {
    return absl::NotFoundError(
        common::Cat("q=source for ", url, " answered ", response->status, ": ", response->body));
  }
  nlohmann::json parsed = nlohmann::json::parse(response->body, nullptr, false);
  if (parsed.is_discarded() || !parsed.contains("properties")) {
    return absl::DataLossError(common::Cat("q=source answered ", response->body));
  }
  return parsed["properties"];
}

absl::StatusOr<nlohmann::json> MicropubSite::RequestLog() {
  return Json("GET", "/_test/log", nullptr);
}

absl::StatusOr<nlohmann::json> MicropubSite::Files() {
  return Json("GET", "/_test/files", nullptr);
}

}  // namespace mxedge::testing
