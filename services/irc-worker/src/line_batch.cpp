#include "line_batch.hpp"

#include <utility>

#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

absl::Status LineBatch::WriteAll(PuppetLines& lines, std::string_view network,
                                 std::string_view mxid, const std::vector<std::string>& batch,
                                 std::chrono::milliseconds timeout) {
  if (batch.empty()) {
    return absl::OkStatus();
  }
  std::shared_ptr<LineBatch> waiter(new LineBatch(batch.size()));
  for (const std::string& line : batch) {
    absl::Status queued =
        lines.Send(network, mxid, line, [waiter](absl::Status s) { waiter->Finish(std::move(s)); });
    if (!queued.ok()) {
      return queued;
    }
  }
  return waiter->Wait(timeout);
}

void LineBatch::Finish(absl::Status status) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!status.ok() && first_error_.ok()) {
    first_error_ = std::move(status);
  }
  if (left_ > 0) {
    --left_;
  }
  cv_.notify_all();
}

absl::Status LineBatch::Wait(std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  if (!cv_.wait_for(lock, timeout, [&] { return left_ == 0 || !first_error_.ok(); })) {
    return absl::DeadlineExceededError(
        common::Cat(left_, " line(s) not written within ", timeout.count(), " ms"));
  }
  return first_error_;
}

}  // namespace mxedge::irc_worker
