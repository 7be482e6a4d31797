#include "mxedge/irc/tags.hpp"

#include "text.hpp"

namespace mxedge::irc {
namespace {

bool IsNameChar(char c) {
  return internal::IsAsciiLetter(c) || internal::IsAsciiDigit(c) || c == '-';
}

}  // namespace

bool IsValidTagKey(std::string_view key) {
  if (!key.empty() && key.front() == '+') {
    key.remove_prefix(1);
  }
  const std::size_t slash = key.find('/');
  if (slash != std::string_view::npos) {
    const std::string_view vendor = key.substr(0, slash);
    if (vendor.empty()) {
      return false;
    }
    for (char c : vendor) {
      if (!IsNameChar(c) && c != '.') {
        return false;
      }
    }
    key.remove_prefix(slash + 1);
  }
  if (key.empty()) {
    return false;
  }
  for (char c : key) {
    if (!IsNameChar(c)) {
      return false;
    }
  }
  return true;
}

std::string EscapeTagValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  AppendEscapedTagValue(value, out);
  return out;
}

void AppendEscapedTagValue(std::string_view value, std::string& out) {
  for (char c : value) {
    switch (c) {
      case ';':
        out += "\\:";
        break;
      case ' ':
        out += "\\s";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
}

std::string UnescapeTagValue(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    if (i + 1 == raw.size()) {
      break;  // a lone trailing backslash is dropped
    }
    const char next = raw[++i];
    switch (next) {
      case ':':
        out += ';';
        break;
      case 's':
        out += ' ';
        break;
      case 'r':
        out += '\r';
        break;
      case 'n':
        out += '\n';
        break;
      default:
        out += next;  // "\\" and unknown escapes give the character itself
    }
  }
  return out;
}

}  // namespace mxedge::irc
