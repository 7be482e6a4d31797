#include "mxedge/matrix/mxc_uri.hpp"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "mxedge/matrix/ids.hpp"

namespace mxedge::matrix {
namespace {

constexpr std::string_view kScheme = "mxc://";
constexpr size_t kMaxMediaIdBytes = 255;

bool IsMediaIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-';
}

}  // namespace

std::string MxcUri::ToString() const { return absl::StrCat("mxc://", server_name, "/", media_id); }

absl::StatusOr<MxcUri> ParseMxcUri(std::string_view text) {
  if (text.substr(0, kScheme.size()) != kScheme) {
    return absl::InvalidArgumentError("mxc uri: must start with mxc://");
  }
  std::string_view rest = text.substr(kScheme.size());
  const size_t slash = rest.find('/');
  if (slash == std::string_view::npos) {
    return absl::InvalidArgumentError("mxc uri: missing '/' before the media id");
  }
  std::string_view server = rest.substr(0, slash);
  std::string_view media_id = rest.substr(slash + 1);
  if (absl::StatusOr<ServerName> parsed = ParseServerName(server); !parsed.ok()) {
    return absl::InvalidArgumentError("mxc uri: invalid server name");
  }
  if (media_id.empty()) {
    return absl::InvalidArgumentError("mxc uri: empty media id");
  }
  if (media_id.size() > kMaxMediaIdBytes) {
    return absl::InvalidArgumentError("mxc uri: media id too long");
  }
  for (char c : media_id) {
    if (!IsMediaIdChar(c)) {
      return absl::InvalidArgumentError("mxc uri: media id allows only [A-Za-z0-9_-]");
    }
  }
  return MxcUri{std::string(server), std::string(media_id)};
}

}  // namespace mxedge::matrix
