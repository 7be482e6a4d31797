#include "html_sanitizer.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"

namespace mxedge::micropub {
namespace {

constexpr std::array<std::string_view, 20> kKeptTags = {
    "b", "strong", "i",  "em", "u",  "s",  "del", "code", "pre", "blockquote",
    "p", "br",     "ul", "ol", "li", "h1", "h2",  "h3",   "h4",  "a"};
constexpr std::array<std::string_view, 3> kDroppedWithContent = {"mx-reply", "script", "style"};
// Beyond these, h5/h6 are kept too (see IsKept).
constexpr size_t kMaxNesting = 64;

bool IsKept(std::string_view name) {
  return name == "h5" || name == "h6" ||
         std::find(kKeptTags.begin(), kKeptTags.end(), name) != kKeptTags.end();
}
bool IsDroppedWithContent(std::string_view name) {
  return std::find(kDroppedWithContent.begin(), kDroppedWithContent.end(), name) !=
         kDroppedWithContent.end();
}
bool IsVoid(std::string_view name) { return name == "br"; }

bool IsNameChar(char c) { return absl::ascii_isalnum(static_cast<unsigned char>(c)) || c == '-'; }

// One parsed tag: <name attrs…> or </name>.
struct Tag {
  std::string name;  // lower case
  bool closing = false;
  std::string href;  // raw value of an href attribute, if any
  size_t end = 0;    // index just past '>'
};

// Parses a tag starting at html[pos] == '<'; false when the text there is not a tag.
bool ParseTag(std::string_view html, size_t pos, Tag& tag) {
  size_t i = pos + 1;
  if (i < html.size() && html[i] == '/') {
    tag.closing = true;
    ++i;
  }
  const size_t name_start = i;
  while (i < html.size() && IsNameChar(html[i])) {
    ++i;
  }
  if (i == name_start || !absl::ascii_isalpha(static_cast<unsigned char>(html[name_start]))) {
    return false;
  }
  tag.name = absl::AsciiStrToLower(std::string(html.substr(name_start, i - name_start)));
  // Attributes: name[=value] with value quoted by ' or " or bare.
  while (i < html.size() && html[i] != '>') {
    const char c = html[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/') {
      ++i;
      continue;
    }
    const size_t attr_start = i;
    while (i < html.size() && html[i] != '=' && html[i] != '>' && html[i] != ' ' &&
           html[i] != '\t' && html[i] != '\n' && html[i] != '\r') {
      ++i;
    }
    const std::string attr =
        absl::AsciiStrToLower(std::string(html.substr(attr_start, i - attr_start)));
    std::string value;
    if (i < html.size() && html[i] == '=') {
      ++i;
      if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
        const char quote = html[i++];
        const size_t close = html.find(quote, i);
        if (close == std::string_view::npos) {
          return false;
        }
        value = std::string(html.substr(i, close - i));
        i = close + 1;
      } else {
        const size_t value_start = i;
        while (i < html.size() && html[i] != '>' && html[i] != ' ' && html[i] != '\t' &&
               html[i] != '\n' && html[i] != '\r') {
          ++i;
        }
        value = std::string(html.substr(value_start, i - value_start));
      }
    }
    if (attr == "href") {
      tag.href = value;
    }
  }
  if (i >= html.size()) {
    return false;
  }
  tag.end = i + 1;
  return true;
}

void AppendEscapedAttribute(std::string& out, std::string_view value) {
  for (char c : value) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      default:
        out += c;
    }
  }
}

bool SafeHref(std::string_view href) {
  std::string lower = absl::AsciiStrToLower(std::string(href.substr(0, 8)));
  return lower.starts_with("https://") || lower.starts_with("http://") ||
         lower.starts_with("mailto:");
}

// Length of an entity (&name; &#123; &#x1f;) at html[pos] == '&', 0 when there is none.
size_t EntityLength(std::string_view html, size_t pos) {
  size_t i = pos + 1;
  if (i < html.size() && html[i] == '#') {
    ++i;
    if (i < html.size() && (html[i] == 'x' || html[i] == 'X')) {
      ++i;
    }
  }
  const size_t body = i;
  while (i < html.size() && i - body < 32 &&
         absl::ascii_isalnum(static_cast<unsigned char>(html[i]))) {
    ++i;
  }
  if (i == body || i >= html.size() || html[i] != ';') {
    return 0;
  }
  return i + 1 - pos;
}

}  // namespace

std::string SanitizeHtml(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  std::vector<std::string> open;
  size_t i = 0;
  while (i < html.size()) {
    const char c = html[i];
    if (c == '&') {
      const size_t length = EntityLength(html, i);
      if (length > 0) {
        out.append(html.substr(i, length));
        i += length;
      } else {
        out += "&amp;";
        ++i;
      }
      continue;
    }
    if (c == '>') {
      out += "&gt;";
      ++i;
      continue;
    }
    if (c != '<') {
      out += c;
      ++i;
      continue;
    }
    if (html.substr(i, 4) == "<!--") {
      const size_t close = html.find("-->", i + 4);
      i = close == std::string_view::npos ? html.size() : close + 3;
      continue;
    }
    Tag tag;
    if (!ParseTag(html, i, tag)) {
      out += "&lt;";
      ++i;
      continue;
    }
    i = tag.end;
    if (IsDroppedWithContent(tag.name)) {
      if (!tag.closing) {
        // Skip to the matching close tag (case-insensitive), or to the end.
        const std::string lower = absl::AsciiStrToLower(std::string(html.substr(i)));
        const size_t close = lower.find("</" + tag.name);
        if (close == std::string::npos) {
          i = html.size();
        } else {
          const size_t gt = html.find('>', i + close);
          i = gt == std::string_view::npos ? html.size() : gt + 1;
        }
      }
      continue;
    }
    if (!IsKept(tag.name)) {
      continue;
    }
    if (tag.closing) {
      auto it = std::find(open.rbegin(), open.rend(), tag.name);
      if (it == open.rend()) {
        continue;
      }
      // Close everything opened after it, then it.
      const size_t keep = open.size() - static_cast<size_t>(it - open.rbegin()) - 1;
      while (open.size() > keep) {
        out += "</" + open.back() + ">";
        open.pop_back();
      }
      continue;
    }
    if (IsVoid(tag.name)) {
      out += "<br>";
      continue;
    }
    if (open.size() >= kMaxNesting) {
      continue;
    }
    if (tag.name == "a") {
      if (SafeHref(tag.href)) {
        out += "<a href=\"";
        AppendEscapedAttribute(out, tag.href);
        out += "\">";
      } else {
        out += "<a>";
      }
    } else {
      out += "<" + tag.name + ">";
    }
    open.push_back(tag.name);
  }
  while (!open.empty()) {
    out += "</" + open.back() + ">";
    open.pop_back();
  }
  return out;
}

}  // namespace mxedge::micropub
