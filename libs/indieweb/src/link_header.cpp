#include <cctype>

#include "mxedge/indieweb/link_header.hpp"

#include "absl/status/status.h"
#include "mxedge/common/str_cat.hpp"
#include "text.hpp"

namespace mxedge::indieweb {

using common::Cat;
namespace {

// RFC 7230 tchar.
bool IsTokenChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t')) ++pos_;
  }
  bool AtEnd() const { return pos_ >= text_.size(); }
  char Peek() const { return AtEnd() ? '\0' : text_[pos_]; }
  void Advance() { ++pos_; }
  size_t pos() const { return pos_; }
  std::string_view Token() {
    const size_t start = pos_;
    while (pos_ < text_.size() && IsTokenChar(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }
  absl::StatusOr<std::string> Quoted() {
    std::string out;
    ++pos_;  // opening quote
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"') {
        return out;
      }
      if (c == '\\') {
        if (pos_ >= text_.size()) break;
        out.push_back(text_[pos_++]);
        continue;
      }
      out.push_back(c);
    }
    return absl::InvalidArgumentError(
        Cat("Link header: unterminated quoted string at offset ", pos_));
  }
  std::string_view Rest(size_t from, char stop) {
    const size_t end = text_.find(stop, from);
    if (end == std::string_view::npos) return {};
    pos_ = end + 1;
    return text_.substr(from, end - from);
  }

 private:
  std::string_view text_;
  size_t pos_ = 0;
};

absl::Status Error(std::string_view what, size_t offset) {
  return absl::InvalidArgumentError(Cat("Link header: ", what, " at offset ", offset));
}

}  // namespace

absl::StatusOr<std::vector<Link>> ParseLinkHeader(std::string_view value) {
  std::vector<Link> links;
  Cursor c(value);
  while (true) {
    c.SkipSpace();
    while (c.Peek() == ',') {
      c.Advance();
      c.SkipSpace();
    }
    if (c.AtEnd()) {
      return links;
    }
    if (c.Peek() != '<') {
      return Error("expected '<'", c.pos());
    }
    const size_t start = c.pos() + 1;
    const size_t before = c.pos();
    std::string_view target = c.Rest(start, '>');
    if (c.pos() == before) {
      return Error("no '>' closing the target", before);
    }
    Link link;
    link.target = std::string(internal::Trim(target));
    bool seen_rel = false;
    while (true) {
      c.SkipSpace();
      if (c.AtEnd() || c.Peek() == ',') {
        break;
      }
      if (c.Peek() != ';') {
        return Error("expected ';' or ','", c.pos());
      }
      c.Advance();
      c.SkipSpace();
      if (c.AtEnd() || c.Peek() == ',') {
        break;  // a trailing ';' is harmless
      }
      const size_t name_at = c.pos();
      const std::string name = internal::Lower(c.Token());
      if (name.empty()) {
        return Error("parameter without a name", name_at);
      }
      c.SkipSpace();
      std::string param_value;
      if (c.Peek() == '=') {
        c.Advance();
        c.SkipSpace();
        if (c.Peek() == '"') {
          absl::StatusOr<std::string> quoted = c.Quoted();
          if (!quoted.ok()) {
            return quoted.status();
          }
          param_value = *std::move(quoted);
        } else {
          param_value = std::string(c.Token());
        }
      }
      if (name == "rel" && !seen_rel) {
        seen_rel = true;
        for (std::string_view rel : internal::SplitAny(param_value, " \t\r\n")) {
          link.rels.push_back(internal::Lower(rel));
        }
      }
    }
    links.push_back(std::move(link));
  }
}

}  // namespace mxedge::indieweb
