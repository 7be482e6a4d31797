#pragma once
// Pushes Application Service transactions to an AS the way a homeserver does: one transaction in
// flight at a time, retried with doubling backoff until the AS answers 200, `unsigned.age`
// recomputed on every attempt. Two styles: a modern homeserver and Synapse 1.67 (legacy paths,
// token only in the query string, txn ids restarting at 1 after a restart).
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "mxedge/http/http_client.hpp"

namespace mxedge::testing {

enum class AsApiStyle {
  kModern,      // PUT {as}/_matrix/app/v1/transactions/<txn>, Authorization: Bearer <hs_token>
  kSynapse167,  // PUT {as}/transactions/<txn>?access_token=<hs_token>, no Authorization header
};

struct AsPusherOptions {
  std::string as_url;  // e.g. "http://127.0.0.1:9000"
  std::string hs_token;
  AsApiStyle style = AsApiStyle::kModern;
  size_t max_events_per_transaction = 50;
  std::chrono::milliseconds retry_initial{20};
  std::chrono::milliseconds retry_max{1000};
  std::chrono::milliseconds request_timeout{5000};
};

struct PushAttempt {
  std::string txn_id;
  std::string url_path;  // without the query
  int status = 0;        // 0 when the call failed below HTTP
  std::string error;
  std::vector<int64_t> ages;  // unsigned.age of each event as sent
};

class AsPusher {
 public:
  AsPusher(AsPusherOptions options, http::HttpClient& client);
  ~AsPusher();  // stops the push thread; undelivered events are dropped
  AsPusher(const AsPusher&) = delete;
  AsPusher& operator=(const AsPusher&) = delete;

  // Queues events; `age` counts from this call.
  void EnqueueEvents(std::vector<nlohmann::json> events);
  // Txn ids restart at 1, as Synapse 1.67 on SQLite does after a restart.
  void SimulateRestart();

  // GET {as}/_matrix/app/v1/users/<id> (or the bare legacy path) with the hs_token.
  absl::StatusOr<http::Response> QueryUser(const std::string& user_id);
  absl::StatusOr<http::Response> QueryAlias(const std::string& alias);
  // GET {as}/_matrix/app/v1/thirdparty/<path> (e.g. "protocol/irc", "location/irc", "user") with
  // `query` percent-encoded, and the hs_token.
  absl::StatusOr<http::Response> QueryThirdParty(
      const std::string& path, const std::vector<std::pair<std::string, std::string>>& query = {});

  size_t transactions_delivered() const;
  // Waits until `count` transactions were accepted, up to `timeout`.
  bool WaitForDelivered(size_t count, std::chrono::milliseconds timeout) const;
  std::vector<PushAttempt> attempts() const;

 private:
  struct Queued {
    nlohmann::json event;
    std::chrono::steady_clock::time_point enqueued;
  };
  void Run();
  http::ClientRequest BuildRequest(const std::string& path_after_prefix,
                                   const std::string& method) const;

  AsPusherOptions options_;
  http::HttpClient& client_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::deque<Queued> queue_;
  uint64_t next_txn_ = 1;
  size_t delivered_ = 0;
  bool stopping_ = false;
  std::vector<PushAttempt> attempts_;
  std::thread thread_;
};

}  // namespace mxedge::testing
