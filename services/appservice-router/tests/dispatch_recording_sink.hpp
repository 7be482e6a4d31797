#pragma once
// A recording EventSink for dispatch tests, served over real gRPC on 127.0.0.1 and a free port.
// It records every delivered event (in arrival order, per room), answers DONE by default, and
// can be told to hold a room (block its calls until released), to answer RETRY_LATER or
// REJECTED for given event ids, and to answer NOT_MINE for given routing keys.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "mxedge/v1/sink.grpc.pb.h"

namespace mxedge::appservice_router::dispatch_testing {

struct RecordedDelivery {
  std::string worker_id;
  std::string routing_key;
  std::string room_id;
  std::string authorization;
  std::vector<std::string> event_ids;
  std::vector<std::string> ephemeral_types;
};

class RecordingSink final : public v1::EventSink::Service {
 public:
  // `worker_id` = the worker this sink pretends to be ("" = not an IRC worker: any id accepted).
  explicit RecordingSink(std::string worker_id = "") : worker_id_(std::move(worker_id)) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(this);
    server_ = builder.BuildAndStart();
  }
  ~RecordingSink() override {
    ReleaseAll();
    server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  }

  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  bool ok() const { return server_ != nullptr && port_ > 0; }

  void HoldRoom(const std::string& room) {
    std::lock_guard<std::mutex> lock(mu_);
    held_rooms_.insert(room);
  }
  void ReleaseAll() {
    std::lock_guard<std::mutex> lock(mu_);
    held_rooms_.clear();
    cv_.notify_all();
  }
  void RetryLater(const std::string& event_id, bool on) {
    std::lock_guard<std::mutex> lock(mu_);
    if (on) {
      retry_.insert(event_id);
    } else {
      retry_.erase(event_id);
    }
  }
  void Reject(const std::string& event_id) {
    std::lock_guard<std::mutex> lock(mu_);
    rejected_.insert(event_id);
  }
  void NotMine(const std::string& routing_key) {
    std::lock_guard<std::mutex> lock(mu_);
    not_mine_.insert(routing_key);
  }

  // Waits until `pred(*this)` holds (checked under the lock at every delivery), or the timeout.
  bool WaitFor(const std::function<bool()>& pred, std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_for(lock, timeout, pred);
  }
  // Number of distinct events marked DONE (call from WaitFor's predicate or tests).
  size_t UniqueDoneUnlocked() const { return done_count_.size(); }
  size_t UniqueDone() const {
    std::lock_guard<std::mutex> lock(mu_);
    return done_count_.size();
  }
  size_t HeldCalls() const {
    std::lock_guard<std::mutex> lock(mu_);
    return held_calls_;
  }
  // Event ids in arrival order per room, DONE answers only (duplicates included).
  std::map<std::string, std::vector<std::string>> DoneByRoom() const {
    std::lock_guard<std::mutex> lock(mu_);
    return done_by_room_;
  }
  std::map<std::string, int> DoneCounts() const {
    std::lock_guard<std::mutex> lock(mu_);
    return done_count_;
  }
  std::vector<RecordedDelivery> Deliveries() const {
    std::lock_guard<std::mutex> lock(mu_);
    return deliveries_;
  }

  // QueryUser answers exists for these users; every query's authorization is recorded.
  void AddUser(const std::string& user_id) {
    std::lock_guard<std::mutex> lock(mu_);
    users_.insert(user_id);
  }
  std::vector<std::string> QueryAuthorizations() const {
    std::lock_guard<std::mutex> lock(mu_);
    return query_authorizations_;
  }

  grpc::Status QueryUser(grpc::ServerContext* context, const v1::QueryUserRequest* request,
                         v1::QueryUserReply* reply) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto auth = context->client_metadata().find("authorization");
    query_authorizations_.push_back(auth == context->client_metadata().end()
                                        ? std::string()
                                        : std::string(auth->second.data(), auth->second.size()));
    reply->set_request_id(request->request_id());
    reply->set_exists(users_.contains(request->user_id()));
    return grpc::Status::OK;
  }

  grpc::Status QueryAlias(grpc::ServerContext*, const v1::QueryAliasRequest* request,
                          v1::QueryAliasReply*) override {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "no alias " + request->alias());
  }

  grpc::Status Deliver(grpc::ServerContext* context, const v1::DeliverRequest* request,
                       v1::DeliverReply* reply) override {
    std::unique_lock<std::mutex> lock(mu_);
    RecordedDelivery record;
    record.worker_id = request->worker_id();
    record.routing_key = request->routing_key();
    record.room_id = request->room_id();
    auto auth = context->client_metadata().find("authorization");
    if (auth != context->client_metadata().end()) {
      record.authorization = std::string(auth->second.data(), auth->second.size());
    }
    for (const v1::MatrixEvent& event : request->events()) {
      record.event_ids.push_back(event.event_id());
    }
    for (const v1::EphemeralEvent& event : request->ephemeral()) {
      record.ephemeral_types.push_back(event.type());
    }
    deliveries_.push_back(record);
    if (held_rooms_.contains(request->room_id())) {
      ++held_calls_;
      cv_.notify_all();
      cv_.wait(lock, [&] { return !held_rooms_.contains(request->room_id()); });
      --held_calls_;
    }
    reply->set_request_id(request->request_id());
    bool mine = worker_id_.empty() ||
                (request->worker_id() == worker_id_ && !not_mine_.contains(request->routing_key()));
    bool stop = false;
    for (const v1::MatrixEvent& event : request->events()) {
      v1::EventOutcome* outcome = reply->add_outcomes();
      outcome->set_event_id(event.event_id());
      if (stop) {
        outcome->set_outcome(v1::DELIVERY_OUTCOME_RETRY_LATER);
      } else if (!mine) {
        outcome->set_outcome(v1::DELIVERY_OUTCOME_NOT_MINE);
        stop = true;
      } else if (retry_.contains(event.event_id())) {
        outcome->set_outcome(v1::DELIVERY_OUTCOME_RETRY_LATER);
        outcome->set_reason("test asks to retry");
        stop = true;
      } else if (rejected_.contains(event.event_id())) {
        outcome->set_outcome(v1::DELIVERY_OUTCOME_REJECTED);
        outcome->set_reason("test rejects it");
      } else {
        outcome->set_outcome(v1::DELIVERY_OUTCOME_DONE);
        done_by_room_[request->room_id()].push_back(event.event_id());
        ++done_count_[event.event_id()];
      }
    }
    cv_.notify_all();
    return grpc::Status::OK;
  }

 private:
  std::string worker_id_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::set<std::string> held_rooms_;
  size_t held_calls_ = 0;
  std::set<std::string> retry_;
  std::set<std::string> rejected_;
  std::set<std::string> not_mine_;
  std::set<std::string> users_;
  std::vector<std::string> query_authorizations_;
  std::vector<RecordedDelivery> deliveries_;
  std::map<std::string, std::vector<std::string>> done_by_room_;
  std::map<std::string, int> done_count_;
};

}  // namespace mxedge::appservice_router::dispatch_testing
