#include "mxedge/rpc/callback_queue.hpp"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>

#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/slice.h"

namespace mxedge::rpc {
namespace {

// What the pinning call needs until its callback ran; reachable from a static for the life of
// the process, so leak checkers do not report it.
struct Pin {
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<grpc::GenericStub> stub;
  grpc::ClientContext context;
  grpc::ByteBuffer request;
  grpc::ByteBuffer response;
  std::mutex mu;
  std::condition_variable done_cv;
  bool done = false;
};

Pin* const g_pin = new Pin();  // NOLINT(cppcoreguidelines-owning-memory): process lifetime

}  // namespace

void PinCallbackCompletionQueue() {
  static std::once_flag once;
  std::call_once(once, [] {
    Pin& pin = *g_pin;
    pin.channel = grpc::CreateChannel("unix:/nonexistent/mxedge-callback-queue-pin",
                                      grpc::InsecureChannelCredentials());
    pin.stub = std::make_unique<grpc::GenericStub>(pin.channel);
    grpc::Slice empty("", 0);
    pin.request = grpc::ByteBuffer(&empty, 1);  // a default ByteBuffer is not a valid message
    pin.context.set_deadline(std::chrono::system_clock::now() - std::chrono::seconds(1));
    // Creating the call is what takes the channel's reference on the shared queue; the call
    // itself ends at once with DEADLINE_EXCEEDED.
    pin.stub->UnaryCall(&pin.context, "/mxedge.Pin/Pin", grpc::StubOptions(), &pin.request,
                        &pin.response, [](const grpc::Status&) {
                          std::lock_guard<std::mutex> lock(g_pin->mu);
                          g_pin->done = true;
                          g_pin->done_cv.notify_all();
                        });
    // Wait (bounded) until the nexting threads have run a callback: the queue is fully up.
    std::unique_lock<std::mutex> lock(pin.mu);
    pin.done_cv.wait_for(lock, std::chrono::seconds(5), [] { return g_pin->done; });
  });
}

}  // namespace mxedge::rpc
