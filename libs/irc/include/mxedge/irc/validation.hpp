#pragma once
// Nick and channel name rules, and turning a wanted name into a nick the server accepts.
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "mxedge/irc/isupport.hpp"

namespace mxedge::irc {

// RFC 2812 §2.3.1: a letter or one of "[]\`_^{|}" first, then letters, digits, those specials
// and '-', at most NICKLEN bytes.
bool IsValidNick(std::string_view nick, const ISupport& isupport);

// A CHANTYPES character first, at least one more byte, at most CHANNELLEN bytes, and no space,
// comma, BEL (^G), NUL, CR or LF.
bool IsValidChannelName(std::string_view name, const ISupport& isupport);

// A valid nick made from `wanted` (a display name or a template's output): Latin letters with
// accents lose them ("Zoë" → "Zoe", "ß" → "ss"), combining marks are dropped, every other
// character the rules refuse becomes '_' (a run of them one '_'), a leading digit or '-' gets a
// '_' before it, and the result is cut to NICKLEN. The same input always gives the same nick.
// InvalidArgumentError when `wanted` is empty or holds only combining marks.
absl::StatusOr<std::string> SanitizeNick(std::string_view wanted, const ISupport& isupport);

}  // namespace mxedge::irc
