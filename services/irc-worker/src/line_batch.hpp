#pragma once
// LineBatch: writes a set of lines through one user's connection (PuppetLines::Send, behind its
// flood control) and waits until every line was written, or echoed where the server echoes it.
// The first error wins; lines queued before a failure still complete into the batch, which
// outlives the caller when it gives up waiting.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "puppet_lines.hpp"

namespace mxedge::irc_worker {

class LineBatch {
 public:
  // Queues `lines` (without CRLF) on `network`/`mxid`'s connection and blocks until all of them
  // were written or `timeout` passed. OK when every line was written; the error of the first
  // line that was not queued or not written; DeadlineExceededError at the timeout.
  static absl::Status WriteAll(PuppetLines& lines, std::string_view network, std::string_view mxid,
                               const std::vector<std::string>& batch,
                               std::chrono::milliseconds timeout);

 private:
  explicit LineBatch(std::size_t expected) : left_(expected) {}

  void Finish(absl::Status status);
  absl::Status Wait(std::chrono::milliseconds timeout);

  std::mutex mu_;
  std::condition_variable cv_;
  std::size_t left_;
  absl::Status first_error_;
};

}  // namespace mxedge::irc_worker
