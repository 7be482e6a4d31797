#include "mxedge/irc/case_mapping.hpp"

#include "absl/status/status.h"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc {

CaseMapping CaseMapping::FromName(std::string_view name) {
  absl::StatusOr<CaseMapping> known = Parse(name);
  return known.ok() ? *known : CaseMapping(Kind::kRfc1459);
}

absl::StatusOr<CaseMapping> CaseMapping::Parse(std::string_view name) {
  if (name == "ascii") {
    return CaseMapping(Kind::kAscii);
  }
  if (name == "rfc1459-strict" || name == "strict-rfc1459") {
    return CaseMapping(Kind::kStrictRfc1459);
  }
  if (name == "rfc1459") {
    return CaseMapping(Kind::kRfc1459);
  }
  return absl::InvalidArgumentError(
      common::Cat("unknown case mapping \"", name, "\" (ascii, rfc1459 or rfc1459-strict)"));
}

std::string_view CaseMapping::name() const {
  switch (kind_) {
    case Kind::kAscii:
      return "ascii";
    case Kind::kStrictRfc1459:
      return "rfc1459-strict";
    case Kind::kRfc1459:
      break;
  }
  return "rfc1459";
}

char CaseMapping::FoldChar(char c) const {
  if (c >= 'A' && c <= 'Z') {
    return static_cast<char>(c + ('a' - 'A'));
  }
  if (kind_ == Kind::kAscii) {
    return c;
  }
  switch (c) {
    case '[':
      return '{';
    case ']':
      return '}';
    case '\\':
      return '|';
    case '~':
      return kind_ == Kind::kRfc1459 ? '^' : c;
    default:
      return c;
  }
}

std::string CaseMapping::Fold(std::string_view text) const {
  std::string out(text);
  for (char& c : out) {
    c = FoldChar(c);
  }
  return out;
}

bool CaseMapping::Equal(std::string_view a, std::string_view b) const {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (FoldChar(a[i]) != FoldChar(b[i])) {
      return false;
    }
  }
  return true;
}

}  // namespace mxedge::irc
