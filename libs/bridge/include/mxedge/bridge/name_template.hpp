#pragma once
// Name templates from the network config: "irc_$NETWORK_$NICK", "$DISPLAY[m]". A template is
// literal text with variables written `$NAME` (upper-case letters); `$$` is a literal '$'.
// Templates expand (values → text) and, for ids the bridge must read back, match (text → values).
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace mxedge::bridge {

class NameTemplate {
 public:
  // Parses `text`. InvalidArgumentError naming the offset when: a '$' is not followed by a
  // letter or '$', a variable is not one of `variables`, a variable appears twice, two variables
  // are adjacent (the boundary between them could not be read back), or a variable listed in
  // `required` is missing.
  static absl::StatusOr<NameTemplate> Parse(std::string_view text,
                                            std::span<const std::string_view> variables,
                                            std::span<const std::string_view> required = {});

  // The text with every variable replaced by its value (a missing value expands to "").
  std::string Expand(const std::map<std::string, std::string, std::less<>>& values) const;

  // The values that make Expand() give `text`, each variable taking a non-empty run of bytes
  // that `accepts` allows (called with the variable name and the byte). When several splits are
  // possible the earliest variable takes the shortest run. NotFoundError when `text` does not
  // have the template's form.
  using CharPredicate = std::function<bool(std::string_view variable, char c)>;
  absl::StatusOr<std::map<std::string, std::string, std::less<>>> Match(
      std::string_view text, const CharPredicate& accepts) const;

  // The literal bytes right before and right after `variable` (0 when a variable is first or
  // last, or not in the template), for callers that check a variable's boundaries.
  char CharBefore(std::string_view variable) const;
  char CharAfter(std::string_view variable) const;

  // The template as written.
  const std::string& source() const { return source_; }

 private:
  struct Segment {
    bool is_variable = false;
    std::string text;  // the literal text, or the variable name
  };
  bool MatchFrom(std::string_view text, std::size_t segment, const CharPredicate& accepts,
                 std::map<std::string, std::string, std::less<>>& values) const;

  std::string source_;
  std::vector<Segment> segments_;
};

}  // namespace mxedge::bridge
