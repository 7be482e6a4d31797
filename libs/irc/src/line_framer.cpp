#include "mxedge/irc/line_framer.hpp"

namespace mxedge::irc {

LineFramer::LineFramer(std::size_t max_line_bytes)
    : max_content_bytes_(max_line_bytes > 2 ? max_line_bytes - 2 : 0) {}

void LineFramer::EmitLine(std::string_view line,
                          absl::FunctionRef<void(std::string_view)> on_line) {
  if (line.ends_with('\r')) {
    line.remove_suffix(1);
  }
  if (line.size() > max_content_bytes_) {
    ++overlong_lines_;
    return;
  }
  if (!line.empty()) {
    on_line(line);
  }
}

void LineFramer::Feed(std::string_view bytes,
                      absl::FunctionRef<void(std::string_view line)> on_line) {
  while (!bytes.empty()) {
    const std::size_t newline = bytes.find('\n');
    if (skipping_) {
      if (newline == std::string_view::npos) {
        return;
      }
      skipping_ = false;
      bytes.remove_prefix(newline + 1);
      continue;
    }
    if (newline == std::string_view::npos) {
      // A partial line may hold one byte more than the limit: a CR that the next Feed may show
      // to be the start of the terminator.
      if (partial_.size() + bytes.size() > max_content_bytes_ + 1) {
        partial_.clear();
        skipping_ = true;
        ++overlong_lines_;
        return;
      }
      partial_.append(bytes);
      return;
    }
    const std::string_view head = bytes.substr(0, newline);
    if (partial_.empty()) {
      EmitLine(head, on_line);
    } else if (partial_.size() + head.size() > max_content_bytes_ + 1) {
      partial_.clear();
      ++overlong_lines_;
    } else {
      partial_.append(head);
      EmitLine(partial_, on_line);
      partial_.clear();
    }
    bytes.remove_prefix(newline + 1);
  }
}

std::vector<std::string> LineFramer::Feed(std::string_view bytes) {
  std::vector<std::string> lines;
  Feed(bytes, [&lines](std::string_view line) { lines.emplace_back(line); });
  return lines;
}

}  // namespace mxedge::irc
