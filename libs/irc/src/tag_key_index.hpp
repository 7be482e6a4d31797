#pragma once
// Finds repeated tag keys in linear time: a scan while there are few keys, a hash index past
// that, so a line of thousands of one-letter tags costs no more than its length.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <unordered_map>

namespace mxedge::irc::internal {

class TagKeyIndex {
 public:
  // The position given to `key` when it was first added, or nullopt after adding it now at the
  // next position (0, 1, 2, ...). The views must outlive the index.
  std::optional<std::size_t> FindOrAdd(std::string_view key);

 private:
  static constexpr std::size_t kLinearLimit = 8;
  std::array<std::string_view, kLinearLimit> keys_;  // the first count_ while count_ < limit
  std::unordered_map<std::string_view, std::size_t> map_;
  std::size_t count_ = 0;
};

}  // namespace mxedge::irc::internal
