#include "route_table.hpp"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "string_view_compat.hpp"

namespace mxedge::http::internal {
namespace {

std::vector<std::string> SplitPath(std::string_view path) {
  return absl::StrSplit(ToAbsl(path), '/');
}

bool IsCapture(const std::string& segment) { return !segment.empty() && segment[0] == ':'; }

bool SegmentsMatch(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
                   std::map<std::string, std::string>* params) {
  if (pattern.size() != path.size()) {
    return false;
  }
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (IsCapture(pattern[i])) {
      if (path[i].empty()) {
        return false;
      }
      if (params != nullptr) {
        (*params)[pattern[i].substr(1)] = path[i];
      }
    } else if (pattern[i] != path[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void RouteTable::Add(std::string_view method, std::string_view pattern, Handler handler) {
  Entry entry;
  entry.method = absl::AsciiStrToUpper(ToAbsl(method));
  entry.pattern = std::string(pattern);
  entry.segments = SplitPath(pattern);
  entry.handler = std::move(handler);
  entries_.push_back(std::move(entry));
}

bool RouteTable::MoreSpecific(const Entry& a, const Entry& b) {
  for (size_t i = 0; i < a.segments.size() && i < b.segments.size(); ++i) {
    const bool a_literal = !IsCapture(a.segments[i]);
    const bool b_literal = !IsCapture(b.segments[i]);
    if (a_literal != b_literal) {
      return a_literal;
    }
  }
  return false;
}

RouteTable::Result RouteTable::Find(std::string_view method, std::string_view raw_path) const {
  Result result;
  const std::vector<std::string> path = SplitPath(raw_path);
  const Entry* best = nullptr;
  bool path_known = false;
  for (const Entry& entry : entries_) {
    if (!SegmentsMatch(entry.segments, path, nullptr)) {
      continue;
    }
    path_known = true;
    if (entry.method != method) {
      result.allowed.push_back(entry.method);
      continue;
    }
    if (best == nullptr || MoreSpecific(entry, *best)) {
      best = &entry;
    }
  }
  if (best != nullptr) {
    result.outcome = Outcome::kMatched;
    result.handler = &best->handler;
    result.pattern = best->pattern;
    result.allowed.clear();
    SegmentsMatch(best->segments, path, &result.raw_params);
    return result;
  }
  result.outcome = path_known ? Outcome::kMethodNotAllowed : Outcome::kNotFound;
  return result;
}

}  // namespace mxedge::http::internal
