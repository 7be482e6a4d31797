#pragma once
// A scripted HttpClient for unit tests: answers come from a queue per (method, url prefix) or a
// default, and every request is recorded for assertions. Thread-safe.
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "mxedge/http/http_client.hpp"

namespace mxedge::http {

class FakeHttpClient final : public HttpClient {
 public:
  // Queues an answer for the next request whose method matches (or `method` is "*") and whose
  // URL starts with `url_prefix`. Answers are used once, in the order they were queued.
  void Enqueue(std::string method, std::string url_prefix, absl::StatusOr<Response> answer);
  // The answer when nothing queued matches (default: 404 with an M_UNRECOGNIZED body).
  void SetDefault(absl::StatusOr<Response> answer);

  absl::StatusOr<Response> Send(const ClientRequest& request) override;

  std::vector<ClientRequest> requests() const;
  size_t request_count() const;
  // Scripted answers not yet used.
  size_t pending() const;
  void Clear();

 private:
  struct Scripted {
    std::string method;
    std::string url_prefix;
    absl::StatusOr<Response> answer;
  };
  mutable std::mutex mu_;
  std::deque<Scripted> script_;
  absl::StatusOr<Response> default_ =
      Response::MatrixError(404, "M_UNRECOGNIZED", "no scripted answer");
  std::vector<ClientRequest> requests_;
};

}  // namespace mxedge::http
