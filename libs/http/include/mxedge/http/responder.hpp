#pragma once
// The answer side of one request. A copyable handle: the first Send() on any copy wins, from any
// thread, at any time (a handler may return and answer later, e.g. after Redis). If every copy is
// dropped without an answer, 500 is delivered and an ERROR logged, so no request hangs a drain.
#include <functional>
#include <memory>

#include "mxedge/http/response.hpp"

namespace mxedge::http {

class Responder {
 public:
  using Deliver = std::function<void(Response)>;

  // `deliver` is called at most once. Tests of handlers can pass a lambda that captures the answer.
  explicit Responder(Deliver deliver);

  // Sends `response`. Returns false (and sends nothing) when this request was already answered.
  bool Send(Response response) const;
  // True once Send() has been called on any copy.
  bool answered() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace mxedge::http
