#pragma once
// A fake Matrix homeserver on 127.0.0.1 (ephemeral port) for tests of code that acts as an
// Application Service: it answers the Client-Server calls the suite makes (checking the as_token
// and `user_id` masquerading like Synapse), records every request, injects failures, and pushes
// AS transactions to the AS one at a time (modern or Synapse 1.67 style, see AsPusher).
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "mxedge/http/curl_http_client.hpp"
#include "mxedge/http/http_server.hpp"
#include "mxedge/testing/as_pusher.hpp"

namespace mxedge::testing {

struct FakeHomeserverOptions {
  std::string server_name = "localhost";
  std::string as_token = "as_token_for_tests";
  std::string hs_token = "hs_token_for_tests";
  std::string sender_localpart = "bridge";
  // The AS's exclusive user namespace, as a localpart prefix ("irc_" means @irc_.*).
  std::string user_prefix = "irc_";
  // What /versions advertises (Synapse 1.67 stops at v1.2).
  std::vector<std::string> versions = {"r0.6.1", "v1.1", "v1.2"};
  // Where AS transactions go; empty disables pushing.
  std::string as_url;
  AsApiStyle as_style = AsApiStyle::kModern;
  std::chrono::milliseconds retry_initial{20};
  std::chrono::milliseconds retry_max{1000};
  size_t max_events_per_transaction = 50;
};

struct RecordedRequest {
  std::string method;
  std::string path;      // percent-decoded
  std::string raw_path;  // as sent
  std::multimap<std::string, std::string> query;
  http::HeaderMap headers;
  std::string body;
};

// An injected failure for the next `count` requests whose raw path contains a substring.
struct InjectedFailure {
  int status = 429;  // 0: no error answer, only the delay
  std::string errcode = "M_LIMIT_EXCEEDED";
  int64_t retry_after_ms = 0;  // > 0: put in the body (429) as Synapse does
  std::chrono::milliseconds delay{0};
};

class FakeHomeserver {
 public:
  explicit FakeHomeserver(FakeHomeserverOptions options = {});
  ~FakeHomeserver();
  FakeHomeserver(const FakeHomeserver&) = delete;
  FakeHomeserver& operator=(const FakeHomeserver&) = delete;

  absl::Status Start();
  std::string base_url() const;
  const FakeHomeserverOptions& options() const { return options_; }
  // "@<sender_localpart>:<server_name>".
  std::string sender() const;

  // Every request received, in order.
  std::vector<RecordedRequest> requests() const;
  // Requests whose method matches and whose decoded path contains `path_part`.
  std::vector<RecordedRequest> RequestsTo(std::string_view method,
                                          std::string_view path_part) const;
  void ClearRequests();

  void FailNext(std::string raw_path_part, int count, InjectedFailure failure);
  // /sync answers these bodies in order, then repeats the last (default: an empty sync).
  void EnqueueSyncBody(nlohmann::json body);

  // Direct state access for arranging and asserting.
  std::string CreateRoom(const std::string& creator, const std::string& alias_localpart = "");
  void RegisterUser(const std::string& user_id);
  bool IsRegistered(const std::string& user_id) const;
  std::set<std::string> JoinedMembers(const std::string& room_id) const;
  // Sets a room's state as if a member had sent it (GET /state answers it; no event is pushed).
  void SetState(const std::string& room_id, const std::string& type, const std::string& state_key,
                nlohmann::json content);
  // The content of a room's state event, nullopt when unset.
  std::optional<nlohmann::json> StateContent(const std::string& room_id, const std::string& type,
                                             const std::string& state_key) const;
  std::optional<nlohmann::json> Event(const std::string& event_id) const;
  std::optional<std::string> DisplayName(const std::string& user_id) const;

  // Points AS pushes at `as_url` (when the AS's port is known only after the homeserver was
  // built). Replaces the pusher: queued, undelivered events are dropped; txn ids restart at 1.
  void SetAsUrl(std::string as_url);
  // AS transactions (need options.as_url or SetAsUrl()).
  void EnqueueEvents(std::vector<nlohmann::json> events);
  void SimulateRestart();
  absl::StatusOr<http::Response> QueryUser(const std::string& user_id);
  absl::StatusOr<http::Response> QueryAlias(const std::string& alias);
  absl::StatusOr<http::Response> QueryThirdParty(
      const std::string& path, const std::vector<std::pair<std::string, std::string>>& query = {});
  AsPusher& pusher();

  struct State;

 private:
  void Routes();
  FakeHomeserverOptions options_;
  std::unique_ptr<State> state_;
  http::HttpServer server_;
  http::CurlHttpClient client_;
  std::unique_ptr<AsPusher> pusher_;
};

}  // namespace mxedge::testing
