#include <cctype>

#include "mxedge/indieweb/html_links.hpp"

#include <cstdint>
#include <optional>

#include "text.hpp"

namespace mxedge::indieweb {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

void AppendUtf8(std::string& out, uint32_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    cp = 0xFFFD;
  }
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// One tag's name and attributes, starting just after '<'. Returns the position after '>'.
struct Tag {
  std::string name;  // lower case; "/x" for an end tag
  std::vector<std::pair<std::string, std::string>> attributes;
};

size_t ReadTag(std::string_view html, size_t pos, Tag& tag) {
  const size_t n = html.size();
  const size_t name_start = pos;
  if (pos < n && html[pos] == '/') ++pos;
  while (pos < n && !IsSpace(html[pos]) && html[pos] != '>' && html[pos] != '/') ++pos;
  tag.name = internal::Lower(html.substr(name_start, pos - name_start));
  while (pos < n) {
    while (pos < n && (IsSpace(html[pos]) || html[pos] == '/')) ++pos;
    if (pos >= n) break;
    if (html[pos] == '>') return pos + 1;
    const size_t attr_start = pos;
    while (pos < n && !IsSpace(html[pos]) && html[pos] != '=' && html[pos] != '>' &&
           !(html[pos] == '/' && pos > attr_start)) {
      ++pos;
    }
    std::string name = internal::Lower(html.substr(attr_start, pos - attr_start));
    while (pos < n && IsSpace(html[pos])) ++pos;
    std::string value;
    if (pos < n && html[pos] == '=') {
      ++pos;
      while (pos < n && IsSpace(html[pos])) ++pos;
      if (pos < n && (html[pos] == '"' || html[pos] == '\'')) {
        const char quote = html[pos++];
        const size_t end = html.find(quote, pos);
        const size_t stop = end == std::string_view::npos ? n : end;
        value = DecodeHtmlEntities(html.substr(pos, stop - pos));
        pos = end == std::string_view::npos ? n : end + 1;
      } else {
        const size_t start = pos;
        while (pos < n && !IsSpace(html[pos]) && html[pos] != '>') ++pos;
        value = DecodeHtmlEntities(html.substr(start, pos - start));
      }
    }
    if (!name.empty()) {
      tag.attributes.emplace_back(std::move(name), std::move(value));
    }
  }
  return n;
}

std::optional<std::string> Attribute(const Tag& tag, std::string_view name) {
  for (const auto& [key, value] : tag.attributes) {
    if (key == name) return value;  // the first one wins, as in HTML
  }
  return std::nullopt;
}

// Position after the end tag `</name`...`>`, searched case-insensitively, or the end.
size_t SkipRawText(std::string_view html, size_t pos, std::string_view name) {
  while (true) {
    const size_t lt = html.find("</", pos);
    if (lt == std::string_view::npos) return html.size();
    if (internal::StartsWithIgnoreCase(html.substr(lt + 2), name)) {
      const size_t close = html.find('>', lt + 2);
      return close == std::string_view::npos ? html.size() : close + 1;
    }
    pos = lt + 2;
  }
}

}  // namespace

std::string DecodeHtmlEntities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (text[i] != '&') {
      out.push_back(text[i++]);
      continue;
    }
    const size_t semi = text.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) {
      out.push_back(text[i++]);
      continue;
    }
    const std::string_view entity = text.substr(i + 1, semi - i - 1);
    std::optional<uint32_t> cp;
    if (entity == "amp")
      cp = '&';
    else if (entity == "lt")
      cp = '<';
    else if (entity == "gt")
      cp = '>';
    else if (entity == "quot")
      cp = '"';
    else if (entity == "apos")
      cp = '\'';
    else if (entity.size() >= 2 && entity[0] == '#') {
      const bool hex = entity[1] == 'x' || entity[1] == 'X';
      const std::string_view digits = entity.substr(hex ? 2 : 1);
      uint32_t value = 0;
      bool ok = !digits.empty();
      for (char c : digits) {
        const int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                      : hex && std::isxdigit(static_cast<unsigned char>(c))
                          ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                          : -1;
        if (d < 0) {
          ok = false;
          break;
        }
        value = value * (hex ? 16 : 10) + static_cast<uint32_t>(d);
        if (value > 0x10FFFF) value = 0x110000;
      }
      if (ok) cp = value;
    }
    if (!cp.has_value()) {
      out.push_back(text[i++]);
      continue;
    }
    AppendUtf8(out, *cp);
    i = semi + 1;
  }
  return out;
}

HtmlLinks ScanHtmlLinks(std::string_view html, size_t max_bytes) {
  HtmlLinks result;
  if (html.size() > max_bytes) {
    html = html.substr(0, max_bytes);
    result.truncated = true;
  }
  size_t pos = 0;
  while (pos < html.size()) {
    const size_t lt = html.find('<', pos);
    if (lt == std::string_view::npos) break;
    pos = lt + 1;
    if (html.substr(pos, 3) == "!--") {
      const size_t end = html.find("-->", pos + 3);
      pos = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    if (pos < html.size() && (html[pos] == '!' || html[pos] == '?')) {
      const size_t end = html.find('>', pos);
      pos = end == std::string_view::npos ? html.size() : end + 1;
      continue;
    }
    if (pos >= html.size() ||
        !(std::isalpha(static_cast<unsigned char>(html[pos])) || html[pos] == '/')) {
      continue;  // a lone '<' in text
    }
    Tag tag;
    pos = ReadTag(html, pos, tag);
    if (tag.name == "script" || tag.name == "style" || tag.name == "template" ||
        tag.name == "textarea" || tag.name == "title") {
      pos = SkipRawText(html, pos, tag.name);
      continue;
    }
    if (tag.name == "base") {
      std::optional<std::string> href = Attribute(tag, "href");
      if (href.has_value() && result.base_href.empty()) {
        result.base_href = std::string(internal::Trim(*href));
      }
      continue;
    }
    if (tag.name != "link" && tag.name != "a") continue;
    std::optional<std::string> rel = Attribute(tag, "rel");
    std::optional<std::string> href = Attribute(tag, "href");
    if (!rel.has_value() || !href.has_value()) continue;
    Link link;
    link.target = std::string(internal::Trim(*href));
    for (std::string_view r : internal::SplitAny(*rel, " \t\n\r\f")) {
      link.rels.push_back(internal::Lower(r));
    }
    if (!link.rels.empty()) {
      result.links.push_back(std::move(link));
    }
  }
  return result;
}

}  // namespace mxedge::indieweb
