#include "mxedge/http/fake_http_client.hpp"

#include <utility>

#include "absl/strings/match.h"

namespace mxedge::http {

void FakeHttpClient::Enqueue(std::string method, std::string url_prefix,
                             absl::StatusOr<Response> answer) {
  std::lock_guard<std::mutex> lock(mu_);
  script_.push_back({std::move(method), std::move(url_prefix), std::move(answer)});
}

void FakeHttpClient::SetDefault(absl::StatusOr<Response> answer) {
  std::lock_guard<std::mutex> lock(mu_);
  default_ = std::move(answer);
}

absl::StatusOr<Response> FakeHttpClient::Send(const ClientRequest& request) {
  std::lock_guard<std::mutex> lock(mu_);
  requests_.push_back(request);
  for (auto it = script_.begin(); it != script_.end(); ++it) {
    const bool method_ok = it->method == "*" || absl::EqualsIgnoreCase(it->method, request.method);
    if (method_ok && absl::StartsWith(request.url, it->url_prefix)) {
      absl::StatusOr<Response> answer = std::move(it->answer);
      script_.erase(it);
      return answer;
    }
  }
  return default_;
}

std::vector<ClientRequest> FakeHttpClient::requests() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_;
}

size_t FakeHttpClient::request_count() const {
  std::lock_guard<std::mutex> lock(mu_);
  return requests_.size();
}

size_t FakeHttpClient::pending() const {
  std::lock_guard<std::mutex> lock(mu_);
  return script_.size();
}

void FakeHttpClient::Clear() {
  std::lock_guard<std::mutex> lock(mu_);
  script_.clear();
  requests_.clear();
}

}  // namespace mxedge::http
