#include "mxedge/bridge/edit_correction.hpp"

#include <algorithm>

#include "mxedge/common/str_cat.hpp"

namespace mxedge::bridge {
namespace {

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && text.front() == ' ') {
    text.remove_prefix(1);
  }
  while (!text.empty() && text.back() == ' ') {
    text.remove_suffix(1);
  }
  return text;
}

std::size_t Occurrences(std::string_view haystack, std::string_view needle) {
  std::size_t count = 0;
  for (std::size_t pos = haystack.find(needle); pos != std::string_view::npos;
       pos = haystack.find(needle, pos + 1)) {
    ++count;
  }
  return count;
}

}  // namespace

std::string RenderEdit(std::string_view old_body, std::string_view new_body) {
  const std::string fallback(new_body);
  if (old_body == new_body || old_body.find_first_of("\r\n") != std::string_view::npos ||
      new_body.find_first_of("\r\n") != std::string_view::npos) {
    return fallback;
  }
  const std::size_t shorter = std::min(old_body.size(), new_body.size());
  std::size_t prefix = 0;
  while (prefix < shorter && old_body[prefix] == new_body[prefix]) {
    ++prefix;
  }
  // A cut point in a text is at a word boundary when a space or the end is on either side.
  const auto spaced = [](std::string_view text, std::size_t pos) {
    return pos == 0 || pos == text.size() || text[pos - 1] == ' ' || text[pos] == ' ';
  };
  while (prefix > 0 && !(spaced(old_body, prefix) && spaced(new_body, prefix))) {
    --prefix;
  }
  std::size_t suffix = 0;
  while (suffix < shorter - prefix &&
         old_body[old_body.size() - 1 - suffix] == new_body[new_body.size() - 1 - suffix]) {
    ++suffix;
  }
  while (suffix > 0 && !(spaced(old_body, old_body.size() - suffix) &&
                         spaced(new_body, new_body.size() - suffix))) {
    --suffix;
  }
  const std::string_view removed =
      TrimSpaces(old_body.substr(prefix, old_body.size() - suffix - prefix));
  const std::string_view added =
      TrimSpaces(new_body.substr(prefix, new_body.size() - suffix - prefix));
  std::string correction;
  if (removed.empty()) {
    if (added.empty()) {
      return fallback;  // only spacing changed
    }
    correction = common::Cat("* ", added);
  } else {
    if (Occurrences(old_body, removed) != 1 || removed.find('/') != std::string_view::npos ||
        added.find('/') != std::string_view::npos) {
      return fallback;
    }
    correction = common::Cat("s/", removed, "/", added, "/");
  }
  return correction.size() < new_body.size() ? correction : fallback;
}

}  // namespace mxedge::bridge
