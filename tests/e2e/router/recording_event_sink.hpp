#pragma once
// An in-process mxedge.v1.EventSink (gRPC callback API) on 127.0.0.1 for end-to-end tests of the
// router binary. It checks the internal bearer token, records every delivered event in arrival
// order (duplicates included) and answers DONE for each after `reply_delay`, so that deliveries
// are in flight for a while, as with a real sink doing I/O.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "grpcpp/server.h"
#include "mxedge/rpc/bearer_token.hpp"
#include "mxedge/v1/sink.grpc.pb.h"

namespace mxedge::router_e2e {

struct RecordingEventSinkOptions {
  std::string internal_token;
  std::chrono::milliseconds reply_delay{20};
};

class RecordingEventSink final : public v1::EventSink::CallbackService {
 public:
  static absl::StatusOr<std::unique_ptr<RecordingEventSink>> Start(
      RecordingEventSinkOptions options);
  ~RecordingEventSink() override;
  RecordingEventSink(const RecordingEventSink&) = delete;
  RecordingEventSink& operator=(const RecordingEventSink&) = delete;

  // "127.0.0.1:<port>".
  std::string address() const;

  // Event ids per room in arrival order, redeliveries included.
  std::map<std::string, std::vector<std::string>> ArrivalsByRoom() const;
  size_t total_arrivals() const;
  size_t unique_events() const;
  // Calls refused because of a missing or wrong bearer token.
  size_t unauthenticated_calls() const;
  // Waits until at least `count` distinct events arrived, up to `timeout`.
  bool WaitForUnique(size_t count, std::chrono::milliseconds timeout) const;

  grpc::ServerUnaryReactor* Deliver(grpc::CallbackServerContext* context,
                                    const v1::DeliverRequest* request,
                                    v1::DeliverReply* reply) override;

 private:
  struct Pending {
    std::chrono::steady_clock::time_point due;
    grpc::ServerUnaryReactor* reactor;
  };
  explicit RecordingEventSink(RecordingEventSinkOptions options);
  void FinisherLoop();

  RecordingEventSinkOptions options_;
  rpc::BearerTokenVerifier verifier_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;

  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::map<std::string, std::vector<std::string>> arrivals_;
  std::map<std::string, int> seen_;
  size_t total_arrivals_ = 0;
  size_t unauthenticated_ = 0;
  std::deque<Pending> pending_;
  bool stopping_ = false;
  std::thread finisher_;
};

}  // namespace mxedge::router_e2e
