#include "recording_event_sink.hpp"

#include <utility>

#include "absl/strings/str_cat.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server_builder.h"

namespace mxedge::router_e2e {

RecordingEventSink::RecordingEventSink(RecordingEventSinkOptions options)
    : options_(std::move(options)), verifier_(options_.internal_token) {}

absl::StatusOr<std::unique_ptr<RecordingEventSink>> RecordingEventSink::Start(
    RecordingEventSinkOptions options) {
  std::unique_ptr<RecordingEventSink> sink(new RecordingEventSink(std::move(options)));
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &sink->port_);
  builder.RegisterService(sink.get());
  sink->server_ = builder.BuildAndStart();
  if (sink->server_ == nullptr || sink->port_ <= 0) {
    return absl::UnavailableError("recording sink: cannot listen on 127.0.0.1:0");
  }
  sink->finisher_ = std::thread([raw = sink.get()] { raw->FinisherLoop(); });
  return sink;
}

RecordingEventSink::~RecordingEventSink() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (finisher_.joinable()) {
    finisher_.join();
  }
  if (server_ != nullptr) {
    server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(2));
  }
}

std::string RecordingEventSink::address() const { return absl::StrCat("127.0.0.1:", port_); }

grpc::ServerUnaryReactor* RecordingEventSink::Deliver(grpc::CallbackServerContext* context,
                                                      const v1::DeliverRequest* request,
                                                      v1::DeliverReply* reply) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (grpc::Status auth = verifier_.CheckGrpc(*context); !auth.ok()) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++unauthenticated_;
    }
    reactor->Finish(auth);
    return reactor;
  }
  reply->set_request_id(request->request_id());
  std::unique_lock<std::mutex> lock(mu_);
  for (const v1::MatrixEvent& event : request->events()) {
    arrivals_[request->room_id()].push_back(event.event_id());
    ++seen_[event.event_id()];
    ++total_arrivals_;
    v1::EventOutcome* outcome = reply->add_outcomes();
    outcome->set_event_id(event.event_id());
    outcome->set_outcome(v1::DELIVERY_OUTCOME_DONE);
  }
  if (stopping_) {
    lock.unlock();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
  pending_.push_back({std::chrono::steady_clock::now() + options_.reply_delay, reactor});
  lock.unlock();
  cv_.notify_all();
  return reactor;
}

void RecordingEventSink::FinisherLoop() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    if (pending_.empty()) {
      if (stopping_) {
        return;
      }
      cv_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
      continue;
    }
    // Replies are due in arrival order (one fixed delay), so the front is always the earliest.
    auto due = pending_.front().due;
    if (!stopping_ && std::chrono::steady_clock::now() < due) {
      cv_.wait_until(lock, due, [this] { return stopping_; });
      continue;
    }
    grpc::ServerUnaryReactor* reactor = pending_.front().reactor;
    pending_.pop_front();
    lock.unlock();
    reactor->Finish(grpc::Status::OK);
    lock.lock();
  }
}

std::map<std::string, std::vector<std::string>> RecordingEventSink::ArrivalsByRoom() const {
  std::lock_guard<std::mutex> lock(mu_);
  return arrivals_;
}

size_t RecordingEventSink::total_arrivals() const {
  std::lock_guard<std::mutex> lock(mu_);
  return total_arrivals_;
}

size_t RecordingEventSink::unique_events() const {
  std::lock_guard<std::mutex> lock(mu_);
  return seen_.size();
}

size_t RecordingEventSink::unauthenticated_calls() const {
  std::lock_guard<std::mutex> lock(mu_);
  return unauthenticated_;
}

bool RecordingEventSink::WaitForUnique(size_t count, std::chrono::milliseconds timeout) const {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, timeout, [&] { return seen_.size() >= count; });
}

}  // namespace mxedge::router_e2e
