#include "mxedge/testing/as_pusher.hpp"

#include <algorithm>
#include <utility>

#include "mxedge/http/percent_encoding.hpp"

namespace mxedge::testing {

AsPusher::AsPusher(AsPusherOptions options, http::HttpClient& client)
    : options_(std::move(options)), client_(client), thread_([this] { Run(); }) {}

AsPusher::~AsPusher() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void AsPusher::EnqueueEvents(std::vector<nlohmann::json> events) {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& event : events) {
      queue_.push_back({std::move(event), now});
    }
  }
  cv_.notify_all();
}

void AsPusher::SimulateRestart() {
  std::lock_guard<std::mutex> lock(mu_);
  next_txn_ = 1;
}

http::ClientRequest AsPusher::BuildRequest(const std::string& path_after_prefix,
                                           const std::string& method) const {
  http::ClientRequest request;
  request.method = method;
  request.timeout = options_.request_timeout;
  if (options_.style == AsApiStyle::kModern) {
    request.url = options_.as_url + "/_matrix/app/v1" + path_after_prefix;
    request.headers.emplace("Authorization", "Bearer " + options_.hs_token);
  } else {
    request.url = options_.as_url + path_after_prefix +
                  "?access_token=" + http::PercentEncode(options_.hs_token);
  }
  return request;
}

absl::StatusOr<http::Response> AsPusher::QueryUser(const std::string& user_id) {
  return client_.Send(BuildRequest("/users/" + http::PercentEncode(user_id), "GET"));
}

absl::StatusOr<http::Response> AsPusher::QueryAlias(const std::string& alias) {
  return client_.Send(BuildRequest("/rooms/" + http::PercentEncode(alias), "GET"));
}

absl::StatusOr<http::Response> AsPusher::QueryThirdParty(
    const std::string& path, const std::vector<std::pair<std::string, std::string>>& query) {
  http::ClientRequest request = BuildRequest("/thirdparty/" + path, "GET");
  char separator = request.url.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [key, value] : query) {
    request.url += separator;
    request.url += http::PercentEncode(key) + "=" + http::PercentEncode(value);
    separator = '&';
  }
  return client_.Send(request);
}

size_t AsPusher::transactions_delivered() const {
  std::lock_guard<std::mutex> lock(mu_);
  return delivered_;
}

bool AsPusher::WaitForDelivered(size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return delivered_ >= count; });
}

std::vector<PushAttempt> AsPusher::attempts() const {
  std::lock_guard<std::mutex> lock(mu_);
  return attempts_;
}

void AsPusher::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_) {
      return;
    }
    const size_t n =
        std::min(queue_.size(), std::max<size_t>(1, options_.max_events_per_transaction));
    std::vector<Queued> batch(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
    const std::string txn_id = std::to_string(next_txn_++);
    auto backoff = options_.retry_initial;
    while (!stopping_) {
      // Built afresh on every attempt: a homeserver recomputes `age` when it retries.
      const auto now = std::chrono::steady_clock::now();
      PushAttempt attempt;
      attempt.txn_id = txn_id;
      nlohmann::json events = nlohmann::json::array();
      for (const Queued& q : batch) {
        nlohmann::json event = q.event;
        const int64_t age =
            std::chrono::duration_cast<std::chrono::milliseconds>(now - q.enqueued).count();
        event["unsigned"]["age"] = age;
        if (options_.style == AsApiStyle::kSynapse167) {
          // Synapse 1.67 also sent the deprecated top-level `age` and `user_id` copies.
          event["age"] = age;
          if (event.contains("sender")) {
            event["user_id"] = event["sender"];
          }
        }
        attempt.ages.push_back(age);
        events.push_back(std::move(event));
      }
      http::ClientRequest request = BuildRequest("/transactions/" + txn_id, "PUT");
      request.headers.emplace("Content-Type", "application/json");
      request.body = nlohmann::json{{"events", std::move(events)}}.dump();
      attempt.url_path = request.url.substr(0, request.url.find('?'));
      lock.unlock();
      absl::StatusOr<http::Response> response = client_.Send(request);
      lock.lock();
      if (response.ok()) {
        attempt.status = response->status;
      } else {
        attempt.error = std::string(response.status().message());
      }
      attempts_.push_back(attempt);
      if (response.ok() && response->status == 200) {
        ++delivered_;
        cv_.notify_all();
        break;
      }
      cv_.wait_for(lock, backoff, [&] { return stopping_; });
      backoff = std::min(backoff * 2, options_.retry_max);
    }
  }
}

}  // namespace mxedge::testing
