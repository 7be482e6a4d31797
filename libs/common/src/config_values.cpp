#include "mxedge/common/config_values.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <limits>

namespace mxedge::common {

std::optional<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
    ++digits;
  }
  if (digits == 0) {
    return std::nullopt;
  }
  const std::string_view unit = text.substr(digits);
  int64_t scale = 0;
  if (unit == "ms") {
    scale = 1;
  } else if (unit == "s") {
    scale = 1000;
  } else if (unit == "m") {
    scale = 60 * 1000;
  } else if (unit == "h") {
    scale = 60 * 60 * 1000;
  } else {
    return std::nullopt;
  }
  int64_t count = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + digits, count);
  if (ec != std::errc() || ptr != text.data() + digits) {
    return std::nullopt;
  }
  if (count > std::numeric_limits<int64_t>::max() / scale) {
    return std::nullopt;
  }
  return std::chrono::milliseconds(count * scale);
}

std::string FormatDuration(std::chrono::milliseconds value) {
  const int64_t ms = value.count();
  if (ms != 0) {
    if (ms % (60 * 60 * 1000) == 0) {
      return std::to_string(ms / (60 * 60 * 1000)) + "h";
    }
    if (ms % (60 * 1000) == 0) {
      return std::to_string(ms / (60 * 1000)) + "m";
    }
    if (ms % 1000 == 0) {
      return std::to_string(ms / 1000) + "s";
    }
  }
  return std::to_string(ms) + "ms";
}

std::optional<bool> ParseBool(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  if (lower == "true" || lower == "1") {
    return true;
  }
  if (lower == "false" || lower == "0") {
    return false;
  }
  return std::nullopt;
}

std::optional<int64_t> ParseInt64(std::string_view text) {
  int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

std::optional<double> ParseDouble(std::string_view text) {
  double value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() ||
      !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view item = text.substr(start, end - start);
    while (!item.empty() && item.front() == ' ') {
      item.remove_prefix(1);
    }
    while (!item.empty() && item.back() == ' ') {
      item.remove_suffix(1);
    }
    if (!item.empty()) {
      out.emplace_back(item);
    }
    start = end + 1;
  }
  return out;
}

}  // namespace mxedge::common
