#include "mxedge/irc/validation.hpp"

#include "text.hpp"
#include "utf8.hpp"

namespace mxedge::irc {
namespace {

constexpr std::string_view kNickSpecials = "[]\\`_^{|}";

bool IsNickFirstChar(char c) {
  return internal::IsAsciiLetter(c) || kNickSpecials.find(c) != std::string_view::npos;
}

bool IsNickChar(char c) { return IsNickFirstChar(c) || internal::IsAsciiDigit(c) || c == '-'; }

// U+00C0-U+00FF and U+0100-U+017F without their accents; '_' where there is no letter.
constexpr std::string_view kLatin1Letters =
    "AAAAAAACEEEEIIIIDNOOOOO_OUUUUYTs"
    "aaaaaaaceeeeiiiidnooooo_ouuuuyty";
constexpr std::string_view kLatinExtendedA =
    "AaAaAaCcCcCcCcDdDdEeEeEeEeEeGgGgGgGgHhHhIiIiIiIiIiIiJjKkkLlLlLlLlLlNnNnNnnNnOoOoOoOoRrRrRrSsSs"
    "SsSsTtTtTtUuUuUuUuUuUuWwYyYZzZzZzs";
static_assert(kLatin1Letters.size() == 0x40);
static_assert(kLatinExtendedA.size() == 0x80);

// The ASCII letters a Latin letter stands for, or "" when it is not one.
std::string_view Transliterate(char32_t cp) {
  switch (cp) {
    case 0xC6:
      return "AE";
    case 0xE6:
      return "ae";
    case 0xDF:
      return "ss";
    case 0xDE:
      return "Th";
    case 0xFE:
      return "th";
    case 0x152:
      return "OE";
    case 0x153:
      return "oe";
    case 0x132:
      return "IJ";
    case 0x133:
      return "ij";
    default:
      break;
  }
  if (cp >= 0xC0 && cp <= 0xFF && kLatin1Letters[cp - 0xC0] != '_') {
    return kLatin1Letters.substr(cp - 0xC0, 1);
  }
  if (cp >= 0x100 && cp <= 0x17F) {
    return kLatinExtendedA.substr(cp - 0x100, 1);
  }
  return {};
}

}  // namespace

bool IsValidNick(std::string_view nick, const ISupport& isupport) {
  if (nick.empty() || nick.size() > static_cast<std::size_t>(isupport.nick_len()) ||
      !IsNickFirstChar(nick.front())) {
    return false;
  }
  for (char c : nick) {
    if (!IsNickChar(c)) {
      return false;
    }
  }
  return true;
}

bool IsValidChannelName(std::string_view name, const ISupport& isupport) {
  if (name.size() < 2 || name.size() > static_cast<std::size_t>(isupport.channel_len()) ||
      !isupport.IsChannelName(name)) {
    return false;
  }
  return name.find_first_of(std::string_view(" ,\x07\0\r\n", 6)) == std::string_view::npos;
}

absl::StatusOr<std::string> SanitizeNick(std::string_view wanted, const ISupport& isupport) {
  std::string nick;
  bool replaced_last = false;
  const auto replace = [&] {
    if (!replaced_last) {
      nick += '_';
      replaced_last = true;
    }
  };
  for (std::size_t pos = 0; pos < wanted.size();) {
    const internal::DecodedCodePoint cp = internal::DecodeUtf8At(wanted, pos);
    pos += cp.length;
    if (cp.valid && cp.value < 0x80 && IsNickChar(static_cast<char>(cp.value))) {
      nick += static_cast<char>(cp.value);
      replaced_last = false;
    } else if (cp.valid && internal::IsClusterExtender(cp.value)) {
      continue;  // an accent on the letter before: dropped with it
    } else if (const std::string_view latin = cp.valid ? Transliterate(cp.value) : "";
               !latin.empty()) {
      nick += latin;
      replaced_last = false;
    } else {
      replace();
    }
  }
  if (nick.empty()) {
    return absl::InvalidArgumentError("wanted nick has no usable character");
  }
  if (!IsNickFirstChar(nick.front())) {
    nick.insert(nick.begin(), '_');
  }
  if (nick.size() > static_cast<std::size_t>(isupport.nick_len())) {
    nick.resize(static_cast<std::size_t>(isupport.nick_len()));  // ASCII only: any cut is safe
  }
  return nick;
}

}  // namespace mxedge::irc
