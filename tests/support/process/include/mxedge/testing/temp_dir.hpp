#pragma once
// A fresh directory under $TMPDIR (or /tmp), removed recursively with its contents on destruction.
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mxedge::testing {

class TempDir {
 public:
  static absl::StatusOr<TempDir> Create(std::string_view prefix = "mxedge");

  TempDir(TempDir&& other) noexcept;
  TempDir& operator=(TempDir&& other) noexcept;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  const std::string& path() const { return path_; }
  // path() + "/" + name.
  std::string File(std::string_view name) const;

 private:
  explicit TempDir(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// Writes `contents` to `path` (truncating).
absl::Status WriteFile(const std::string& path, std::string_view contents);
// The last `max_bytes` of a file ("" when it cannot be read), for error messages.
std::string ReadFileTail(const std::string& path, size_t max_bytes = 4096);

}  // namespace mxedge::testing
