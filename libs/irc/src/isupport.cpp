#include "mxedge/irc/isupport.hpp"

#include <charconv>

#include "absl/status/statusor.h"
#include "mxedge/common/str_cat.hpp"
#include "text.hpp"

namespace mxedge::irc {
namespace {

using common::Cat;

constexpr int kMaxNumber = 1'000'000;

int HexValue(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  c = internal::AsciiLower(c);
  return (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
}

// "\xHH" escapes (ircdocs: used for spaces and '=' in values); anything else stays as it is.
std::string UnescapeValue(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\\' && i + 3 < raw.size() && raw[i + 1] == 'x' && HexValue(raw[i + 2]) >= 0 &&
        HexValue(raw[i + 3]) >= 0) {
      out += static_cast<char>(HexValue(raw[i + 2]) * 16 + HexValue(raw[i + 3]));
      i += 3;
    } else {
      out += raw[i];
    }
  }
  return out;
}

absl::StatusOr<int> ParseNumber(std::string_view key, std::string_view value, int min) {
  int number = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (value.empty() || error != std::errc() || end != value.data() + value.size() || number < min ||
      number > kMaxNumber) {
    return absl::InvalidArgumentError(Cat("ISUPPORT ", key, " value ", internal::Quote(value),
                                          " is not a number from ", min, " to ", kMaxNumber));
  }
  return number;
}

absl::StatusOr<std::vector<MembershipPrefix>> ParsePrefixValue(std::string_view value) {
  std::vector<MembershipPrefix> prefixes;
  if (value.empty()) {
    return prefixes;
  }
  const std::size_t close = value.find(')');
  if (value.front() != '(' || close == std::string_view::npos ||
      value.size() - close - 1 != close - 1) {
    return absl::InvalidArgumentError(
        Cat("ISUPPORT PREFIX value ", internal::Quote(value), " is not \"(modes)symbols\""));
  }
  for (std::size_t i = 1; i < close; ++i) {
    prefixes.push_back(MembershipPrefix{value[i], value[close + i]});
  }
  return prefixes;
}

absl::StatusOr<std::vector<std::string>> ParseChanModes(std::string_view value) {
  std::vector<std::string> groups;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = value.find(',', start);
    groups.emplace_back(value.substr(start, comma - start));
    if (comma == std::string_view::npos) {
      break;
    }
    start = comma + 1;
  }
  if (groups.size() < 4) {
    return absl::InvalidArgumentError(
        Cat("ISUPPORT CHANMODES value ", internal::Quote(value), " has fewer than 4 groups"));
  }
  groups.resize(4);  // later groups are extensions we do not know how to read
  return groups;
}

bool IsValidKey(std::string_view key) {
  if (key.empty()) {
    return false;
  }
  for (char c : key) {
    if (!internal::IsAsciiLetter(c) && !internal::IsAsciiDigit(c)) {
      return false;
    }
  }
  return true;
}

}  // namespace

ISupport::ISupport() {
  prefixes_ = *ParsePrefixValue(kDefaultPrefix);
  chan_modes_ = *ParseChanModes(kDefaultChanModes);
}

absl::Status ISupport::Apply(const Message& rpl_isupport) {
  if (rpl_isupport.Numeric() != 5) {
    return absl::InvalidArgumentError(
        Cat("ISUPPORT expects numeric 005, not ", internal::Quote(rpl_isupport.command)));
  }
  absl::Status first_error;
  for (std::size_t i = 1; i + 1 < rpl_isupport.params.size(); ++i) {
    absl::Status status = ApplyToken(rpl_isupport.params[i]);
    if (!status.ok() && first_error.ok()) {
      first_error = std::move(status);
    }
  }
  return first_error;
}

absl::Status ISupport::ApplyToken(std::string_view token) {
  if (!token.empty() && token.front() == '-') {
    const std::string_view key = token.substr(1);
    if (!IsValidKey(key)) {
      return absl::InvalidArgumentError(
          Cat("ISUPPORT token ", internal::Quote(token), " has no valid key"));
    }
    ResetToDefault(key);
    tokens_.erase(std::string(key));
    return absl::OkStatus();
  }
  const std::size_t equals = token.find('=');
  const std::string_view key = token.substr(0, equals);
  if (!IsValidKey(key)) {
    return absl::InvalidArgumentError(
        Cat("ISUPPORT token ", internal::Quote(token), " has no valid key"));
  }
  std::optional<std::string> value;
  if (equals != std::string_view::npos) {
    value = UnescapeValue(token.substr(equals + 1));
  }
  if (absl::Status status = ApplyValue(key, value); !status.ok()) {
    return status;
  }
  tokens_[std::string(key)] = value.value_or(std::string());
  return absl::OkStatus();
}

absl::Status ISupport::ApplyValue(std::string_view key, std::optional<std::string_view> value) {
  const std::string_view text = value.value_or(std::string_view());
  if (key == "NICKLEN" || key == "CHANNELLEN") {
    absl::StatusOr<int> number = ParseNumber(key, text, 1);
    if (!number.ok()) {
      return number.status();
    }
    (key == "NICKLEN" ? nick_len_ : channel_len_) = *number;
  } else if (key == "TOPICLEN" || key == "MAXTARGETS") {
    std::optional<int>& field = key == "TOPICLEN" ? topic_len_ : max_targets_;
    if (text.empty()) {
      field.reset();  // no value: no limit
      return absl::OkStatus();
    }
    absl::StatusOr<int> number = ParseNumber(key, text, 1);
    if (!number.ok()) {
      return number.status();
    }
    field = *number;
  } else if (key == "LINELEN") {
    absl::StatusOr<int> number = ParseNumber(key, text, static_cast<int>(kMaxBodyBytes));
    if (!number.ok()) {
      return number.status();
    }
    line_len_ = static_cast<std::size_t>(*number);
  } else if (key == "CHANTYPES") {
    chan_types_ = std::string(text);
  } else if (key == "PREFIX") {
    absl::StatusOr<std::vector<MembershipPrefix>> prefixes = ParsePrefixValue(text);
    if (!prefixes.ok()) {
      return prefixes.status();
    }
    prefixes_ = *std::move(prefixes);
  } else if (key == "CHANMODES") {
    absl::StatusOr<std::vector<std::string>> groups = ParseChanModes(text);
    if (!groups.ok()) {
      return groups.status();
    }
    chan_modes_ = *std::move(groups);
  } else if (key == "CASEMAPPING") {
    case_mapping_ = CaseMapping::FromName(text);
  } else if (key == "NETWORK") {
    network_ = std::string(text);
  }
  return absl::OkStatus();
}

void ISupport::ResetToDefault(std::string_view key) {
  const ISupport defaults;
  if (key == "NICKLEN") {
    nick_len_ = defaults.nick_len_;
  } else if (key == "CHANNELLEN") {
    channel_len_ = defaults.channel_len_;
  } else if (key == "TOPICLEN") {
    topic_len_ = defaults.topic_len_;
  } else if (key == "MAXTARGETS") {
    max_targets_ = defaults.max_targets_;
  } else if (key == "LINELEN") {
    line_len_ = defaults.line_len_;
  } else if (key == "CHANTYPES") {
    chan_types_ = defaults.chan_types_;
  } else if (key == "PREFIX") {
    prefixes_ = defaults.prefixes_;
  } else if (key == "CHANMODES") {
    chan_modes_ = defaults.chan_modes_;
  } else if (key == "CASEMAPPING") {
    case_mapping_ = defaults.case_mapping_;
  } else if (key == "NETWORK") {
    network_ = defaults.network_;
  }
}

std::optional<std::string_view> ISupport::Get(std::string_view key) const {
  const auto it = tokens_.find(key);
  if (it == tokens_.end()) {
    return std::nullopt;
  }
  return std::string_view(it->second);
}

std::optional<char> ISupport::ModeForSymbol(char symbol) const {
  for (const MembershipPrefix& prefix : prefixes_) {
    if (prefix.symbol == symbol) {
      return prefix.mode;
    }
  }
  return std::nullopt;
}

std::optional<char> ISupport::SymbolForMode(char mode) const {
  for (const MembershipPrefix& prefix : prefixes_) {
    if (prefix.mode == mode) {
      return prefix.symbol;
    }
  }
  return std::nullopt;
}

ChannelModeType ISupport::ModeType(char mode) const {
  if (SymbolForMode(mode).has_value()) {
    return ChannelModeType::kMembership;
  }
  static constexpr ChannelModeType kGroups[] = {
      ChannelModeType::kList, ChannelModeType::kAlwaysParam, ChannelModeType::kParamWhenSet,
      ChannelModeType::kNoParam};
  for (std::size_t i = 0; i < chan_modes_.size(); ++i) {
    if (chan_modes_[i].find(mode) != std::string::npos) {
      return kGroups[i];
    }
  }
  return ChannelModeType::kUnknown;
}

bool ISupport::IsChannelName(std::string_view name) const {
  return !name.empty() && chan_types_.find(name.front()) != std::string::npos;
}

}  // namespace mxedge::irc
