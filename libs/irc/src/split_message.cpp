#include "mxedge/irc/split_message.hpp"

#include "absl/status/status.h"
#include "mxedge/common/str_cat.hpp"
#include "utf8.hpp"

namespace mxedge::irc {
namespace {

// Where to cut `line` (longer than `budget`), and whether the byte at the cut is a space to drop.
struct Cut {
  std::size_t at;
  bool drop_space;
};

Cut ChooseCut(std::string_view line, std::size_t budget) {
  const std::size_t space = line.rfind(' ', budget);
  if (space != std::string_view::npos && space > 0) {
    return {space, true};
  }
  std::size_t last_cluster_boundary = 0;
  std::size_t last_code_point_boundary = 0;
  char32_t previous = 0;
  int regional_run = 0;  // regional indicators directly before `pos`
  for (std::size_t pos = 0; pos <= budget && pos < line.size();) {
    const internal::DecodedCodePoint cp = internal::DecodeUtf8At(line, pos);
    if (pos > 0) {
      last_code_point_boundary = pos;
      const bool joins =
          cp.valid &&
          (internal::IsClusterExtender(cp.value) || previous == internal::kZeroWidthJoiner ||
           (internal::IsRegionalIndicator(cp.value) && regional_run % 2 == 1));
      if (!joins) {
        last_cluster_boundary = pos;
      }
    }
    regional_run = cp.valid && internal::IsRegionalIndicator(cp.value) ? regional_run + 1 : 0;
    previous = cp.valid ? cp.value : 0;
    pos += cp.length;
  }
  if (last_cluster_boundary > 0) {
    return {last_cluster_boundary, false};
  }
  if (last_code_point_boundary > 0) {
    return {last_code_point_boundary, false};
  }
  return {budget, false};
}

void SplitLine(std::string_view line, std::size_t budget, std::vector<std::string>& out) {
  while (line.size() > budget) {
    const Cut cut = ChooseCut(line, budget);
    out.emplace_back(line.substr(0, cut.at));
    line.remove_prefix(cut.at + (cut.drop_space ? 1 : 0));
  }
  if (!line.empty()) {
    out.emplace_back(line);
  }
}

}  // namespace

std::size_t TextBudget(std::size_t line_len, std::string_view source, std::string_view command,
                       std::string_view target) {
  // ':' source ' ' command ' ' target ' ' ':' text CR LF
  const std::size_t overhead = 1 + source.size() + 1 + command.size() + 1 + target.size() + 2 + 2;
  return line_len > overhead ? line_len - overhead : 0;
}

absl::StatusOr<std::vector<std::string>> SplitMessage(std::string_view text, std::size_t budget) {
  if (budget < 4) {
    return absl::InvalidArgumentError(
        common::Cat("split budget of ", budget, " bytes is under the 4 bytes of one character"));
  }
  std::vector<std::string> lines;
  while (!text.empty()) {
    const std::size_t end = text.find_first_of("\r\n");
    SplitLine(text.substr(0, end), budget, lines);
    if (end == std::string_view::npos) {
      break;
    }
    const bool crlf = text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n';
    text.remove_prefix(end + (crlf ? 2 : 1));
  }
  return lines;
}

}  // namespace mxedge::irc
