#include "bridge_admins.hpp"

#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

absl::StatusOr<BridgeAdmins> BridgeAdmins::Parse(const std::vector<std::string>& patterns) {
  BridgeAdmins admins;
  for (const std::string& pattern : patterns) {
    if (!pattern.starts_with('@') || pattern.find(':') == std::string::npos) {
      return absl::InvalidArgumentError(common::Cat(
          "\"", pattern, "\" is not a user id or glob (@localpart:server, '*' allowed)"));
    }
    for (unsigned char c : pattern) {
      if (c <= ' ' || c == 0x7f) {
        return absl::InvalidArgumentError(
            common::Cat("\"", pattern, "\" holds whitespace or a control character"));
      }
    }
    admins.patterns_.push_back(pattern);
  }
  return admins;
}

bool BridgeAdmins::Contains(std::string_view user_id) const {
  for (const std::string& pattern : patterns_) {
    if (GlobMatch(pattern, user_id)) {
      return true;
    }
  }
  return false;
}

bool GlobMatch(std::string_view pattern, std::string_view text) {
  // Greedy matching with one backtrack point (the last '*'): linear in practice, no recursion.
  std::size_t p = 0;
  std::size_t t = 0;
  std::size_t star = std::string_view::npos;
  std::size_t resume = 0;
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = t;
    } else if (p < pattern.size() && pattern[p] == text[t]) {
      ++p;
      ++t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') {
    ++p;
  }
  return p == pattern.size();
}

}  // namespace mxedge::irc_worker
