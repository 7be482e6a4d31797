#include "mxedge/bridge/puppet_namer.hpp"

#include <array>

#include "absl/strings/ascii.h"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/irc/validation.hpp"
#include "mxedge/matrix/ids.hpp"

namespace mxedge::bridge {
namespace {

constexpr std::array<std::string_view, 3> kVariables = {"DISPLAY", "LOCALPART", "USERID"};
// A display name is at most 256 bytes by the spec's profile limits; longer input is cut first.
constexpr std::size_t kMaxValueBytes = 256;

// A nick server with a huge NICKLEN, to sanitise without cutting.
irc::ISupport Unlimited(const irc::ISupport& isupport) {
  irc::ISupport copy = isupport;
  (void)copy.ApplyToken("NICKLEN=1000");
  return copy;
}

std::string_view TrimSpaces(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n\f\v");
  if (first == std::string_view::npos) {
    return {};
  }
  return text.substr(first, text.find_last_not_of(" \t\r\n\f\v") - first + 1);
}

}  // namespace

absl::StatusOr<PuppetNamer> PuppetNamer::Create(std::string_view nick_template) {
  absl::StatusOr<NameTemplate> parsed = NameTemplate::Parse(nick_template, kVariables);
  if (!parsed.ok()) {
    return parsed.status();
  }
  if (nick_template.find('$') == std::string_view::npos ||
      parsed->Expand({}) ==
          parsed->Expand({{"DISPLAY", "x"}, {"LOCALPART", "x"}, {"USERID", "x"}})) {
    return absl::InvalidArgumentError(common::Cat("nick template \"", nick_template,
                                                  "\" must use $DISPLAY, $LOCALPART or $USERID"));
  }
  return PuppetNamer(*std::move(parsed));
}

absl::StatusOr<std::string> PuppetNamer::NickFor(std::string_view user_id,
                                                 std::string_view display_name,
                                                 const irc::ISupport& isupport) const {
  absl::StatusOr<matrix::UserId> parsed = matrix::ParseUserId(user_id);
  if (!parsed.ok()) {
    return parsed.status();
  }
  const irc::ISupport unlimited = Unlimited(isupport);
  // Each value sanitised on its own: ASCII nick characters, so cutting them is always safe.
  std::map<std::string, std::string, std::less<>> values;
  const auto add = [&](std::string_view name, std::string_view raw) {
    absl::StatusOr<std::string> clean =
        irc::SanitizeNick(raw.substr(0, std::min(raw.size(), kMaxValueBytes)), unlimited);
    values[std::string(name)] = clean.ok() ? *clean : std::string();
  };
  add("LOCALPART", parsed->localpart);
  add("USERID", user_id);
  add("DISPLAY", TrimSpaces(display_name));
  if (values["DISPLAY"].find_first_not_of('_') == std::string::npos) {
    // Nothing of the display name survived but separators ("!!!", "…"): the localpart says more.
    values["DISPLAY"] = values["LOCALPART"];
  }
  const auto nick_len = static_cast<std::size_t>(isupport.nick_len());
  absl::StatusOr<std::string> full = irc::SanitizeNick(nick_.Expand(values), unlimited);
  if (!full.ok()) {
    return full.status();
  }
  if (full->size() > nick_len) {
    // Shorten the longest value by the overflow, keeping at least one byte of it.
    std::string* longest = nullptr;
    for (auto& [name, value] : values) {
      if (nick_.source().find(common::Cat("$", name)) != std::string::npos &&
          (longest == nullptr || value.size() > longest->size())) {
        longest = &value;
      }
    }
    const std::size_t overflow = full->size() - nick_len;
    if (longest != nullptr && longest->size() > 1) {
      longest->resize(longest->size() - std::min(overflow, longest->size() - 1));
    }
  }
  return irc::SanitizeNick(nick_.Expand(values), isupport);
}

absl::StatusOr<std::string> IdentUsernameFor(std::string_view user_id) {
  absl::StatusOr<matrix::UserId> parsed = matrix::ParseUserId(user_id);
  if (!parsed.ok()) {
    return parsed.status();
  }
  std::string ident;
  for (char c : parsed->localpart) {
    const char lower = absl::ascii_tolower(static_cast<unsigned char>(c));
    if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') || lower == '_' ||
        lower == '-') {
      ident.push_back(lower);
      if (ident.size() == kMaxIdentBytes) {
        break;
      }
    }
  }
  return ident.empty() ? std::string("matrix") : ident;
}

std::string IdentUsernameWithSuffix(std::string_view base, int n) {
  const std::string suffix = common::Cat("_", n);
  if (suffix.size() >= kMaxIdentBytes) {
    return suffix.substr(suffix.size() - kMaxIdentBytes);
  }
  const std::size_t keep = std::min(base.size(), kMaxIdentBytes - suffix.size());
  return common::Cat(base.substr(0, keep), suffix);
}

absl::StatusOr<std::string> RealnameFor(std::string_view user_id) {
  if (absl::StatusOr<matrix::UserId> parsed = matrix::ParseUserId(user_id); !parsed.ok()) {
    return parsed.status();
  }
  if (user_id.size() <= kMaxRealnameBytes) {
    return std::string(user_id);
  }
  return common::Cat(user_id.substr(0, kMaxRealnameBytes - 1), ">");
}

}  // namespace mxedge::bridge
