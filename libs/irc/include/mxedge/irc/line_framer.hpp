#pragma once
// Splits an IRC byte stream into lines.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/functional/function_ref.h"
#include "mxedge/irc/limits.hpp"

namespace mxedge::irc {

// Cuts a byte stream into lines at "\r\n" or a bare "\n" (one trailing CR is part of the
// terminator). A partial line is kept until a later Feed completes it, so feeding the stream in
// any pieces, down to one byte at a time, gives the same lines as feeding it at once.
// Empty lines are skipped (RFC 1459 §2.3.1). A line longer than `max_line_bytes` (counting a CRLF)
// is dropped and counted, and its bytes are skipped up to the next terminator; the framer never
// buffers more than `max_line_bytes` bytes.
class LineFramer {
 public:
  // The default fits a full IRCv3 tag section plus a 512-byte body.
  explicit LineFramer(std::size_t max_line_bytes = LineLimits{}.MaxLineBytes());

  // Calls `on_line` for every line completed by `bytes`, without its terminator. The view is valid
  // only during the call.
  void Feed(std::string_view bytes, absl::FunctionRef<void(std::string_view line)> on_line);
  // The same, collecting the lines.
  std::vector<std::string> Feed(std::string_view bytes);

  // Lines dropped for being over the limit, since construction.
  std::uint64_t overlong_lines() const { return overlong_lines_; }
  // Bytes of the incomplete line held for the next Feed.
  std::size_t buffered_bytes() const { return partial_.size(); }
  // Whether the framer is skipping the rest of an over-long line.
  bool skipping() const { return skipping_; }

 private:
  void EmitLine(std::string_view line, absl::FunctionRef<void(std::string_view)> on_line);

  std::size_t max_content_bytes_;  // the limit without the CRLF
  std::string partial_;
  bool skipping_ = false;
  std::uint64_t overlong_lines_ = 0;
};

}  // namespace mxedge::irc
