// Matrix HTML → IRC formatting codes, for an allow-list of tags.
#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/irc/formatting.hpp"
#include "mxedge/irc/mirc_colors.hpp"
#include "text.hpp"

namespace mxedge::irc {
namespace {

using common::Cat;

enum class TagKind { kBold, kItalic, kUnderline, kStrike, kMono, kColor, kParagraph, kPre, kBreak };

std::optional<TagKind> KindOf(std::string_view name) {
  static constexpr std::pair<std::string_view, TagKind> kTags[] = {
      {"b", TagKind::kBold},        {"strong", TagKind::kBold},   {"i", TagKind::kItalic},
      {"em", TagKind::kItalic},     {"u", TagKind::kUnderline},   {"s", TagKind::kStrike},
      {"del", TagKind::kStrike},    {"strike", TagKind::kStrike}, {"code", TagKind::kMono},
      {"font", TagKind::kColor},    {"span", TagKind::kColor},    {"p", TagKind::kParagraph},
      {"div", TagKind::kParagraph}, {"pre", TagKind::kPre},       {"br", TagKind::kBreak},
  };
  for (const auto& [tag, kind] : kTags) {
    if (tag == name) {
      return kind;
    }
  }
  return std::nullopt;
}

struct Colors {
  std::optional<int> fg;
  std::optional<int> bg;
  friend bool operator==(const Colors&, const Colors&) = default;
};

struct OpenTag {
  std::string name;
  TagKind kind;
};

void AppendUtf8(char32_t cp, std::string& out) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0) {
    cp = 0xFFFD;
  }
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes the entity at `text[pos]` ('&') into `out`; returns the bytes consumed.
std::size_t DecodeEntity(std::string_view text, std::size_t pos, std::string& out) {
  const std::size_t semicolon = text.find(';', pos);
  if (semicolon == std::string_view::npos || semicolon - pos > 12) {
    out += '&';
    return 1;
  }
  const std::string_view name = text.substr(pos + 1, semicolon - pos - 1);
  static constexpr std::pair<std::string_view, std::string_view> kNamed[] = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\xc2\xa0"}};
  for (const auto& [entity, value] : kNamed) {
    if (name == entity) {
      out += value;
      return semicolon - pos + 1;
    }
  }
  if (name.size() >= 2 && name.front() == '#') {
    const bool hex = name[1] == 'x' || name[1] == 'X';
    const std::string_view digits = name.substr(hex ? 2 : 1);
    char32_t cp = 0;
    bool valid = !digits.empty() && digits.size() <= 7;
    for (char c : digits) {
      int digit = -1;
      if (internal::IsAsciiDigit(c)) {
        digit = c - '0';
      } else if (hex && internal::AsciiLower(c) >= 'a' && internal::AsciiLower(c) <= 'f') {
        digit = internal::AsciiLower(c) - 'a' + 10;
      }
      if (digit < 0) {
        valid = false;
        break;
      }
      cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(digit);
    }
    if (valid) {
      AppendUtf8(cp, out);
      return semicolon - pos + 1;
    }
  }
  out += '&';  // not an entity we know: keep the text as written
  return 1;
}

// The value of attribute `name` in the attribute text of a tag, or nullopt.
std::optional<std::string> FindAttribute(std::string_view attributes, std::string_view name) {
  std::size_t pos = 0;
  while (pos < attributes.size()) {
    while (pos < attributes.size() && (attributes[pos] == ' ' || attributes[pos] == '\t' ||
                                       attributes[pos] == '\n' || attributes[pos] == '/')) {
      ++pos;
    }
    const std::size_t name_start = pos;
    while (pos < attributes.size() && attributes[pos] != '=' && attributes[pos] != ' ' &&
           attributes[pos] != '/') {
      ++pos;
    }
    std::string key(attributes.substr(name_start, pos - name_start));
    for (char& c : key) {
      c = internal::AsciiLower(c);
    }
    std::string value;
    if (pos < attributes.size() && attributes[pos] == '=') {
      ++pos;
      if (pos < attributes.size() && (attributes[pos] == '"' || attributes[pos] == '\'')) {
        const char quote = attributes[pos];
        const std::size_t end = std::min(attributes.find(quote, pos + 1), attributes.size());
        value = std::string(attributes.substr(pos + 1, end - pos - 1));
        pos = end + 1;
      } else {
        const std::size_t end = std::min(attributes.find(' ', pos), attributes.size());
        value = std::string(attributes.substr(pos, end - pos));
        pos = end;
      }
    }
    if (key == name) {
      return value;
    }
    if (pos == name_start) {
      ++pos;  // a stray '=' or quote: step over it
    }
  }
  return std::nullopt;
}

std::optional<int> ColorAttribute(std::string_view attributes, std::string_view name) {
  const std::optional<std::string> value = FindAttribute(attributes, name);
  if (!value.has_value()) {
    return std::nullopt;
  }
  const std::optional<std::uint32_t> rgb = ParseHexColor(*value);
  return rgb.has_value() ? std::optional<int>(NearestMircColor(*rgb)) : std::nullopt;
}

class IrcWriter {
 public:
  void Text(std::string_view text, bool in_pre) {
    std::string decoded;
    for (std::size_t pos = 0; pos < text.size();) {
      if (text[pos] == '&') {
        pos += DecodeEntity(text, pos, decoded);
      } else {
        decoded += text[pos++];
      }
    }
    if (!in_pre) {
      if (decoded.find_first_not_of(" \t\r\n") == std::string::npos &&
          decoded.find('\n') != std::string::npos) {
        return;  // indentation between block tags
      }
      for (char& c : decoded) {
        if (c == '\n' || c == '\r' || c == '\t') {
          c = ' ';
        }
      }
    }
    if (decoded.empty()) {
      return;
    }
    ApplyPendingBreak();
    WriteColors();
    out_ += decoded;
    ends_line_ = decoded.back() == '\n';
    wrote_text_ = true;
  }

  void Toggle(TagKind kind, bool open) {
    ApplyPendingBreak();
    int& depth = depths_[static_cast<int>(kind)];
    if (open ? depth++ == 0 : --depth == 0) {
      out_ += CodeOf(kind);
    }
  }

  void PushColors(Colors colors) {
    const Colors outer = colors_.empty() ? Colors{} : colors_.back();
    colors_.push_back(Colors{colors.fg ? colors.fg : outer.fg, colors.bg ? colors.bg : outer.bg});
  }
  void PopColors() { colors_.pop_back(); }

  void Break() {
    out_ += '\n';
    ends_line_ = true;
    wrote_text_ = true;
    pending_break_ = false;
  }
  void BlockBoundary() { pending_break_ = true; }

  std::string Take() { return std::move(out_); }

 private:
  static char CodeOf(TagKind kind) {
    switch (kind) {
      case TagKind::kBold:
        return kBoldCode;
      case TagKind::kItalic:
        return kItalicCode;
      case TagKind::kUnderline:
        return kUnderlineCode;
      case TagKind::kStrike:
        return kStrikethroughCode;
      default:
        return kMonospaceCode;
    }
  }

  // A paragraph boundary becomes a line break once text follows it, unless a line just ended.
  void ApplyPendingBreak() {
    if (pending_break_ && wrote_text_ && !ends_line_) {
      out_ += '\n';
      ends_line_ = true;
    }
    pending_break_ = false;
  }

  // Writes a colour code when the colours for the next text differ from those last written.
  // Always "\x03FF,BB" with two digits each, so digits or commas in the text that follows are
  // never read as part of the code.
  void WriteColors() {
    const Colors wanted = colors_.empty() ? Colors{} : colors_.back();
    if (wanted == written_) {
      return;
    }
    const auto two_digits = [this](int value) {
      out_ += static_cast<char>('0' + value / 10);
      out_ += static_cast<char>('0' + value % 10);
    };
    out_ += kColorCode;
    two_digits(wanted.fg.value_or(99));
    out_ += ',';
    two_digits(wanted.bg.value_or(99));
    written_ = wanted;
  }

  std::string out_;
  int depths_[5] = {};  // bold, italic, underline, strike, mono
  std::vector<Colors> colors_;
  Colors written_;
  bool pending_break_ = false;
  bool wrote_text_ = false;  // any text or line break so far
  bool ends_line_ = false;   // the last text written ends in '\n'
};

}  // namespace

absl::StatusOr<std::string> HtmlToIrc(std::string_view html) {
  IrcWriter writer;
  std::vector<OpenTag> open;
  int pre_depth = 0;
  const auto close = [&](const OpenTag& tag) {
    switch (tag.kind) {
      case TagKind::kColor:
        writer.PopColors();
        break;
      case TagKind::kParagraph:
        writer.BlockBoundary();
        break;
      case TagKind::kPre:
        --pre_depth;
        writer.BlockBoundary();
        break;
      case TagKind::kBreak:
        break;
      default:
        writer.Toggle(tag.kind, false);
    }
  };
  std::size_t pos = 0;
  while (pos < html.size()) {
    if (html[pos] != '<') {
      const std::size_t end = std::min(html.find('<', pos), html.size());
      writer.Text(html.substr(pos, end - pos), pre_depth > 0);
      pos = end;
      continue;
    }
    if (html.substr(pos, 4) == "<!--") {
      const std::size_t end = html.find("-->", pos + 4);
      pos = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    const std::size_t end = html.find('>', pos);
    if (end == std::string_view::npos) {
      return absl::InvalidArgumentError(Cat("HTML tag at offset ", pos, " is not closed by '>'"));
    }
    std::string_view inside = html.substr(pos + 1, end - pos - 1);
    pos = end + 1;
    const bool closing = !inside.empty() && inside.front() == '/';
    if (closing) {
      inside.remove_prefix(1);
    }
    std::size_t name_end = 0;
    while (name_end < inside.size() &&
           (internal::IsAsciiLetter(inside[name_end]) || internal::IsAsciiDigit(inside[name_end]) ||
            inside[name_end] == '-')) {
      ++name_end;
    }
    std::string name(inside.substr(0, name_end));
    for (char& c : name) {
      c = internal::AsciiLower(c);
    }
    const std::optional<TagKind> kind = KindOf(name);
    if (!kind.has_value()) {
      return absl::InvalidArgumentError(
          Cat("HTML tag <", internal::Quote(name, 20), "> has no IRC form"));
    }
    const std::string_view attributes = inside.substr(name_end);
    if (*kind == TagKind::kBreak) {
      if (!closing) {
        writer.Break();
      }
      continue;
    }
    if (closing) {
      std::optional<std::size_t> match;
      for (std::size_t i = 0; i < open.size(); ++i) {
        if (open[i].name == name) {
          match = i;
        }
      }
      if (!match.has_value()) {
        return absl::InvalidArgumentError(Cat("HTML closing tag </", name, "> was not opened"));
      }
      while (open.size() > *match) {  // tags left open inside it close with it
        close(open.back());
        open.pop_back();
      }
      continue;
    }
    if (!attributes.empty() && attributes.back() == '/') {
      continue;  // <b/>: opens and closes nothing
    }
    switch (*kind) {
      case TagKind::kColor: {
        Colors colors{ColorAttribute(attributes, "data-mx-color"),
                      ColorAttribute(attributes, "data-mx-bg-color")};
        if (!colors.fg && name == "font") {
          colors.fg = ColorAttribute(attributes, "color");
        }
        writer.PushColors(colors);
        break;
      }
      case TagKind::kParagraph:
        writer.BlockBoundary();
        break;
      case TagKind::kPre:
        ++pre_depth;
        writer.BlockBoundary();
        break;
      default:
        writer.Toggle(*kind, true);
    }
    open.push_back(OpenTag{std::move(name), *kind});
  }
  return writer.Take();
}

}  // namespace mxedge::irc
