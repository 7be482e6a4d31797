#include "mxedge/bridge/name_template.hpp"

#include <algorithm>
#include <set>

#include "mxedge/common/str_cat.hpp"

namespace mxedge::bridge {
namespace {

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

}  // namespace

absl::StatusOr<NameTemplate> NameTemplate::Parse(std::string_view text,
                                                 std::span<const std::string_view> variables,
                                                 std::span<const std::string_view> required) {
  NameTemplate result;
  result.source_ = std::string(text);
  std::set<std::string, std::less<>> seen;
  std::string literal;
  auto flush_literal = [&] {
    if (!literal.empty()) {
      result.segments_.push_back(Segment{false, literal});
      literal.clear();
    }
  };
  std::size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '$') {
      literal.push_back(text[i]);
      ++i;
      continue;
    }
    if (i + 1 < text.size() && text[i + 1] == '$') {
      literal.push_back('$');
      i += 2;
      continue;
    }
    std::size_t end = i + 1;
    while (end < text.size() && IsUpper(text[end])) {
      ++end;
    }
    if (end == i + 1) {
      return absl::InvalidArgumentError(common::Cat("template \"", text, "\": '$' at offset ", i,
                                                    " is not followed by a variable name or '$'"));
    }
    std::string name(text.substr(i + 1, end - i - 1));
    if (std::find(variables.begin(), variables.end(), name) == variables.end()) {
      return absl::InvalidArgumentError(
          common::Cat("template \"", text, "\": unknown variable $", name, " at offset ", i));
    }
    if (!seen.insert(name).second) {
      return absl::InvalidArgumentError(
          common::Cat("template \"", text, "\": variable $", name, " appears twice"));
    }
    if (literal.empty() && !result.segments_.empty() && result.segments_.back().is_variable) {
      return absl::InvalidArgumentError(common::Cat("template \"", text, "\": variables $",
                                                    result.segments_.back().text, " and $", name,
                                                    " need literal text between them"));
    }
    flush_literal();
    result.segments_.push_back(Segment{true, std::move(name)});
    i = end;
  }
  flush_literal();
  for (std::string_view name : required) {
    if (!seen.contains(name)) {
      return absl::InvalidArgumentError(
          common::Cat("template \"", text, "\": must contain $", name));
    }
  }
  return result;
}

std::string NameTemplate::Expand(
    const std::map<std::string, std::string, std::less<>>& values) const {
  std::string out;
  for (const Segment& segment : segments_) {
    if (!segment.is_variable) {
      out += segment.text;
      continue;
    }
    if (auto it = values.find(segment.text); it != values.end()) {
      out += it->second;
    }
  }
  return out;
}

bool NameTemplate::MatchFrom(std::string_view text, std::size_t segment,
                             const CharPredicate& accepts,
                             std::map<std::string, std::string, std::less<>>& values) const {
  if (segment == segments_.size()) {
    return text.empty();
  }
  const Segment& current = segments_[segment];
  if (!current.is_variable) {
    if (!text.starts_with(current.text)) {
      return false;
    }
    return MatchFrom(text.substr(current.text.size()), segment + 1, accepts, values);
  }
  // A variable: the next segment is a literal or the end. Try each accepted length, shortest
  // first; only positions where the following literal starts can succeed.
  const bool last = segment + 1 == segments_.size();
  for (std::size_t len = 1; len <= text.size(); ++len) {
    if (!accepts(current.text, text[len - 1])) {
      return false;
    }
    if (last) {
      if (len != text.size()) {
        continue;
      }
    } else if (!text.substr(len).starts_with(segments_[segment + 1].text)) {
      continue;
    }
    values[current.text] = std::string(text.substr(0, len));
    if (MatchFrom(text.substr(len), segment + 1, accepts, values)) {
      return true;
    }
    values.erase(current.text);
  }
  return false;
}

absl::StatusOr<std::map<std::string, std::string, std::less<>>> NameTemplate::Match(
    std::string_view text, const CharPredicate& accepts) const {
  std::map<std::string, std::string, std::less<>> values;
  if (!MatchFrom(text, 0, accepts, values)) {
    return absl::NotFoundError(
        common::Cat("\"", text, "\" does not have the form \"", source_, "\""));
  }
  return values;
}

char NameTemplate::CharBefore(std::string_view variable) const {
  for (std::size_t i = 0; i < segments_.size(); ++i) {
    if (segments_[i].is_variable && segments_[i].text == variable) {
      return i == 0 ? '\0' : segments_[i - 1].text.back();
    }
  }
  return '\0';
}

char NameTemplate::CharAfter(std::string_view variable) const {
  for (std::size_t i = 0; i < segments_.size(); ++i) {
    if (segments_[i].is_variable && segments_[i].text == variable) {
      return i + 1 == segments_.size() ? '\0' : segments_[i + 1].text.front();
    }
  }
  return '\0';
}

}  // namespace mxedge::bridge
