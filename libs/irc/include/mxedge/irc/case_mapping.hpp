#pragma once
// Case folding of nicks and channel names by the server's CASEMAPPING.
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace mxedge::irc {

class CaseMapping {
 public:
  enum class Kind {
    kRfc1459,        // A-Z and []\~ fold to a-z and {}|^ (the default)
    kStrictRfc1459,  // A-Z and []\ fold to a-z and {}|
    kAscii,          // only A-Z
  };

  constexpr CaseMapping() = default;
  constexpr explicit CaseMapping(Kind kind) : kind_(kind) {}

  // The mapping an ISUPPORT CASEMAPPING value names ("rfc1459-strict" and the older spelling
  // "strict-rfc1459" are one mapping); an unknown name (e.g. "rfc7613") gives rfc1459, the RFC
  // default and the one most servers use.
  static CaseMapping FromName(std::string_view name);
  // Like FromName for a configured name: "ascii", "rfc1459", "rfc1459-strict" or
  // "strict-rfc1459"; InvalidArgumentError naming the accepted values for anything else.
  static absl::StatusOr<CaseMapping> Parse(std::string_view name);

  Kind kind() const { return kind_; }
  std::string_view name() const;

  // The lower-case form of one byte (bytes outside the mapping are unchanged).
  char FoldChar(char c) const;
  // The folded form of `text`, for use as a map key.
  std::string Fold(std::string_view text) const;
  // Whether `a` and `b` fold to the same text.
  bool Equal(std::string_view a, std::string_view b) const;

  friend bool operator==(const CaseMapping&, const CaseMapping&) = default;

 private:
  Kind kind_ = Kind::kRfc1459;
};

}  // namespace mxedge::irc
