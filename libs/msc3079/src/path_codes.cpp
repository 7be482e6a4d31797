#include "mxedge/msc3079/path_codes.hpp"

#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "mxedge/msc3079/path_code_table.hpp"

namespace mxedge::msc3079 {
namespace {

constexpr std::string_view kR0Prefix = "/_matrix/client/r0/";
constexpr std::string_view kV3Prefix = "/_matrix/client/v3/";

bool KeptInSegment(unsigned char c) {
  if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
    return true;
  }
  switch (c) {
    case '-':
    case '.':
    case '_':
    case '~':
    case '@':
    case ':':
    case '$':
    case '=':
    case '&':
    case '+':
    case ',':
      return true;
    default:
      return false;
  }
}

std::vector<std::string_view> SplitOnSlash(std::string_view text) {
  std::vector<std::string_view> parts;
  while (true) {
    const std::size_t slash = text.find('/');
    parts.push_back(text.substr(0, slash));
    if (slash == std::string_view::npos) {
      return parts;
    }
    text.remove_prefix(slash + 1);
  }
}

// "." and ".." would be removed by URL normalisation (libcurl does it), moving the request to
// another path than the one the segments name.
bool IsDotSegment(std::string_view segment) { return segment == "." || segment == ".."; }

absl::Status CheckNotDotSegment(std::string_view segment) {
  if (IsDotSegment(segment)) {
    return absl::InvalidArgumentError(
        absl::StrCat("CoAP path: segment \"", std::string(segment), "\" is not allowed"));
  }
  return absl::OkStatus();
}

bool IsParameter(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

// How well a path matches `path_template`: the number of literal characters matched (more is a
// longer match), and the parameters in order; nullopt when it does not match.
struct TemplateMatch {
  std::size_t literal_chars = 0;
  std::vector<std::string_view> parameters;
};

// `have` is the HTTP path split at '/', after dropping one trailing '/'.
std::optional<TemplateMatch> MatchTemplate(std::string_view path_template,
                                           const std::vector<std::string_view>& have) {
  // The template's own trailing '/' (pushrules/) is optional like the path's.
  if (path_template.size() > 1 && path_template.back() == '/') {
    path_template.remove_suffix(1);
  }
  const std::vector<std::string_view> want = SplitOnSlash(path_template);
  if (want.size() != have.size()) {
    return std::nullopt;
  }
  TemplateMatch match;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (IsParameter(want[i])) {
      if (have[i].empty() || IsDotSegment(have[i])) {
        return std::nullopt;
      }
      match.parameters.push_back(have[i]);
    } else if (want[i] == have[i]) {
      match.literal_chars += want[i].size();
    } else {
      return std::nullopt;
    }
  }
  return match;
}

}  // namespace

std::string EscapePathSegment(std::string_view segment) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(segment.size());
  for (const char ch : segment) {
    const auto c = static_cast<unsigned char>(ch);
    if (KeptInSegment(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0f]);
    }
  }
  return out;
}

absl::StatusOr<std::string> CoapPathToHttp(std::span<const std::string> segments,
                                           ClientApiVersion version) {
  std::optional<std::string_view> path_template;
  if (!segments.empty()) {
    path_template = PathCodeTable::V1().TemplateOf(segments[0]);
  }
  if (!path_template) {
    std::string path;
    for (const std::string& segment : segments) {
      if (absl::Status status = CheckNotDotSegment(segment); !status.ok()) {
        return status;
      }
      absl::StrAppend(&path, "/", EscapePathSegment(segment));
    }
    return path.empty() ? std::string("/") : path;
  }
  std::string_view rest = *path_template;
  std::string path;
  if (version == ClientApiVersion::kV3 && rest.starts_with(kR0Prefix)) {
    path.append(kV3Prefix);
    rest.remove_prefix(kR0Prefix.size());
  }
  std::size_t next = 1;  // index of the segment holding the next parameter
  while (!rest.empty()) {
    const std::size_t open = rest.find('{');
    if (open == std::string_view::npos) {
      path.append(rest);
      break;
    }
    const std::size_t close = rest.find('}', open);
    path.append(rest.substr(0, open));
    const std::string_view parameter = rest.substr(open, close - open + 1);
    if (next >= segments.size()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "CoAP path code ", segments[0], ": missing path parameter ", std::string(parameter)));
    }
    if (absl::Status status = CheckNotDotSegment(segments[next]); !status.ok()) {
      return status;
    }
    path.append(EscapePathSegment(segments[next++]));
    rest.remove_prefix(close + 1);
  }
  return path;
}

std::string HttpPathToCoap(std::string_view http_path) {
  std::string_view trimmed = http_path;
  if (trimmed.size() > 1 && trimmed.back() == '/') {
    trimmed.remove_suffix(1);  // one trailing '/' is optional
  }
  const std::vector<std::string_view> have = SplitOnSlash(trimmed);
  const PathCode* best = nullptr;
  TemplateMatch best_match;
  for (const PathCode& entry : PathCodeTable::V1().entries()) {
    std::optional<TemplateMatch> match = MatchTemplate(entry.path_template, have);
    if (match && (best == nullptr || match->literal_chars > best_match.literal_chars)) {
      best = &entry;
      best_match = std::move(*match);
    }
  }
  if (best == nullptr) {
    return std::string(http_path);
  }
  std::string out = {'/', best->code};
  for (std::string_view parameter : best_match.parameters) {
    out.push_back('/');
    out.append(parameter);
  }
  return out;
}

std::vector<std::string> SplitCoapPath(std::string_view path) {
  if (path.starts_with('/')) {
    path.remove_prefix(1);
  }
  if (path.empty()) {
    return {};
  }
  std::vector<std::string> segments;
  for (std::string_view part : SplitOnSlash(path)) {
    segments.emplace_back(part);
  }
  return segments;
}

}  // namespace mxedge::msc3079
