#include "mxedge/http/responder.hpp"

#include <mutex>
#include <utility>

#include "mxedge/common/log.hpp"

namespace mxedge::http {

struct Responder::State {
  explicit State(Deliver d) : deliver(std::move(d)) {}
  ~State() {
    if (!answered && deliver) {
      common::LogError("http handler dropped its responder without answering");
      deliver(Response::MatrixError(500, "M_UNKNOWN", "the server did not answer this request"));
    }
  }
  std::mutex mu;
  bool answered = false;
  Deliver deliver;
};

Responder::Responder(Deliver deliver) : state_(std::make_shared<State>(std::move(deliver))) {}

bool Responder::Send(Response response) const {
  Deliver deliver;
  {
    std::lock_guard<std::mutex> lock(state_->mu);
    if (state_->answered) {
      return false;
    }
    state_->answered = true;
    deliver = std::move(state_->deliver);
    state_->deliver = nullptr;
  }
  if (deliver) {
    deliver(std::move(response));
  }
  return true;
}

bool Responder::answered() const {
  std::lock_guard<std::mutex> lock(state_->mu);
  return state_->answered;
}

}  // namespace mxedge::http
