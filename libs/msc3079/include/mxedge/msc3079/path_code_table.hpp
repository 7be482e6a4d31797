#pragma once
// MSC3079 CoAP path codes: a one-character first Uri-Path segment standing for a Client-Server API
// path template. Version 1 has 57 codes (MSC Appendix B), all expanding to r0 paths (plus the
// unversioned /versions). Append-only, like the key table.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace mxedge::msc3079 {

struct PathCode {
  char code;
  // HTTP path template, parameters written `{name}`.
  std::string_view path_template;
};

class PathCodeTable {
 public:
  static const PathCodeTable& V1();

  PathCodeTable(const PathCodeTable&) = delete;
  PathCodeTable& operator=(const PathCodeTable&) = delete;

  std::span<const PathCode> entries() const { return entries_; }
  std::size_t size() const { return entries_.size(); }
  // The template for a first Uri-Path segment, if that segment is a code (case-sensitive).
  std::optional<std::string_view> TemplateOf(std::string_view segment) const;

 private:
  explicit PathCodeTable(std::span<const PathCode> entries);

  std::span<const PathCode> entries_;
  std::int16_t index_[128];  // code char → index in entries_, -1 when unassigned
};

}  // namespace mxedge::msc3079
