#pragma once
// BridgeAdmins: the `bridge.admins` list, user ids ("@alice:example.org") or globs where '*'
// stands for any run of characters ("@*:example.org": every user of that server). Admins may use
// !cmd, and !plumb/!unlink in rooms where their power level is below moderator.
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace mxedge::irc_worker {

class BridgeAdmins {
 public:
  BridgeAdmins() = default;

  // InvalidArgumentError naming the entry unless each one starts with '@', holds a ':' and no
  // whitespace or control characters.
  static absl::StatusOr<BridgeAdmins> Parse(const std::vector<std::string>& patterns);

  bool Contains(std::string_view user_id) const;
  bool empty() const { return patterns_.empty(); }

 private:
  std::vector<std::string> patterns_;
};

// Whether `text` matches `pattern`, where '*' matches any run of characters (also none).
bool GlobMatch(std::string_view pattern, std::string_view text);

}  // namespace mxedge::irc_worker
