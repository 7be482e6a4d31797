// IRC formatting codes → Matrix HTML.
#include <cstdint>

#include "mxedge/common/html_escape.hpp"
#include "mxedge/irc/formatting.hpp"
#include "mxedge/irc/mirc_colors.hpp"
#include "text.hpp"

namespace mxedge::irc {
namespace {

struct Style {
  bool bold = false;
  bool italic = false;
  bool underline = false;
  bool strike = false;
  bool mono = false;
  std::optional<std::uint32_t> fg;
  std::optional<std::uint32_t> bg;

  bool Any() const { return bold || italic || underline || strike || mono || fg || bg; }
};

void AppendRun(std::string_view run, const Style& style, std::string& html) {
  if (style.fg || style.bg) {
    html += "<font";
    if (style.fg) {
      const std::array<char, 7> hex = RgbToHex(*style.fg);
      html += " data-mx-color=\"";
      html.append(hex.data(), hex.size());
      html += '"';
    }
    if (style.bg) {
      const std::array<char, 7> hex = RgbToHex(*style.bg);
      html += " data-mx-bg-color=\"";
      html.append(hex.data(), hex.size());
      html += '"';
    }
    html += '>';
  }
  const std::pair<bool, std::string_view> tags[] = {{style.bold, "b"},
                                                    {style.italic, "i"},
                                                    {style.underline, "u"},
                                                    {style.strike, "del"},
                                                    {style.mono, "code"}};
  for (const auto& [on, tag] : tags) {
    if (on) {
      html += '<';
      html += tag;
      html += '>';
    }
  }
  common::AppendEscapedHtml(run, html);
  for (auto it = std::rbegin(tags); it != std::rend(tags); ++it) {
    if (it->first) {
      html += "</";
      html += it->second;
      html += '>';
    }
  }
  if (style.fg || style.bg) {
    html += "</font>";
  }
}

// Reads up to two digits at `pos`; the colour they name (nullopt for 99 and 16-98).
std::optional<std::uint32_t> ReadMircColor(std::string_view text, std::size_t& pos, bool& found) {
  int value = 0;
  int digits = 0;
  while (digits < 2 && pos < text.size() && internal::IsAsciiDigit(text[pos])) {
    value = value * 10 + (text[pos] - '0');
    ++pos;
    ++digits;
  }
  found = digits > 0;
  if (!found || value >= static_cast<int>(kMircColors.size())) {
    return std::nullopt;
  }
  return kMircColors[static_cast<std::size_t>(value)];
}

// Reads six hex digits at `pos`, or nothing.
std::optional<std::uint32_t> ReadHexColor(std::string_view text, std::size_t& pos) {
  if (pos + 6 > text.size()) {
    return std::nullopt;
  }
  std::string hex = "#";
  hex += text.substr(pos, 6);
  const std::optional<std::uint32_t> rgb = ParseHexColor(hex);
  if (rgb.has_value()) {
    pos += 6;
  }
  return rgb;
}

}  // namespace

MatrixText IrcToMatrix(std::string_view text) {
  MatrixText result;
  std::string html;
  Style style;
  bool formatted = false;
  std::size_t run_start = 0;
  std::size_t pos = 0;
  const auto flush = [&](std::size_t end) {
    const std::string_view run = text.substr(run_start, end - run_start);
    if (!run.empty()) {
      result.body += run;
      AppendRun(run, style, html);
      formatted = formatted || style.Any();
    }
  };
  while (pos < text.size()) {
    const char c = text[pos];
    switch (c) {
      case kBoldCode:
      case kItalicCode:
      case kUnderlineCode:
      case kStrikethroughCode:
      case kMonospaceCode:
      case kReverseCode:
      case kResetCode:
      case kColorCode:
      case kHexColorCode:
        break;
      default:
        ++pos;
        continue;
    }
    flush(pos);
    ++pos;
    if (c == kBoldCode) {
      style.bold = !style.bold;
    } else if (c == kItalicCode) {
      style.italic = !style.italic;
    } else if (c == kUnderlineCode) {
      style.underline = !style.underline;
    } else if (c == kStrikethroughCode) {
      style.strike = !style.strike;
    } else if (c == kMonospaceCode) {
      style.mono = !style.mono;
    } else if (c == kResetCode) {
      style = Style{};
    } else if (c == kColorCode) {
      bool found = false;
      style.fg = ReadMircColor(text, pos, found);
      if (!found) {
        style.bg.reset();  // a bare \x03 ends all colour
      } else if (pos + 1 < text.size() && text[pos] == ',' &&
                 internal::IsAsciiDigit(text[pos + 1])) {
        ++pos;
        style.bg = ReadMircColor(text, pos, found);
      }
    } else if (c == kHexColorCode) {
      style.fg = ReadHexColor(text, pos);
      if (!style.fg) {
        style.bg.reset();
      } else if (pos < text.size() && text[pos] == ',') {
        std::size_t after_comma = pos + 1;
        if (std::optional<std::uint32_t> bg = ReadHexColor(text, after_comma)) {
          style.bg = bg;
          pos = after_comma;
        }
      }
    }
    run_start = pos;
  }
  flush(pos);
  if (formatted) {
    result.formatted_body = std::move(html);
  }
  return result;
}

std::string StripIrcFormatting(std::string_view text) { return IrcToMatrix(text).body; }

}  // namespace mxedge::irc
