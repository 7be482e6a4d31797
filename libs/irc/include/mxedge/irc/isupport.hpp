#pragma once
// What a server announces in RPL_ISUPPORT (005), with the RFC defaults for what it leaves out.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "mxedge/irc/case_mapping.hpp"
#include "mxedge/irc/limits.hpp"
#include "mxedge/irc/message.hpp"

namespace mxedge::irc {

// A channel membership prefix: mode 'o' shown as '@'. Higher ranks come first in PREFIX.
struct MembershipPrefix {
  char mode;
  char symbol;
  friend bool operator==(const MembershipPrefix&, const MembershipPrefix&) = default;
};

// How a channel mode takes a parameter (CHANMODES groups A-D, and PREFIX modes).
enum class ChannelModeType {
  kList,          // A: a list (b, e, I); a parameter when set or unset
  kAlwaysParam,   // B: a parameter when set and when unset (k)
  kParamWhenSet,  // C: a parameter only when set (l)
  kNoParam,       // D: a flag (i, m, n, ...)
  kMembership,    // a PREFIX mode (o, v): a nick parameter
  kUnknown,
};

class ISupport {
 public:
  // RFC 1459/2812 defaults.
  static constexpr int kDefaultNickLen = 9;
  static constexpr int kDefaultChannelLen = 50;
  static constexpr std::string_view kDefaultChanTypes = "#&";
  static constexpr std::string_view kDefaultPrefix = "(ov)@+";
  static constexpr std::string_view kDefaultChanModes = "beI,k,l,imnpst";

  ISupport();

  // Applies the tokens of one RPL_ISUPPORT line: every parameter between our nick (the first)
  // and the human-readable text (the last). Servers send several such lines; apply each as it
  // comes. A bad token keeps the previous value of its key and is reported in the returned
  // status (the first bad one); the other tokens still apply. A message that is not 005 is an
  // InvalidArgumentError.
  absl::Status Apply(const Message& rpl_isupport);
  // Applies one token: "KEY", "KEY=value" (with "\xHH" escapes) or "-KEY" (back to the default).
  absl::Status ApplyToken(std::string_view token);

  int nick_len() const { return nick_len_; }
  int channel_len() const { return channel_len_; }
  std::optional<int> topic_len() const { return topic_len_; }  // nullopt: no limit given
  const std::string& chan_types() const { return chan_types_; }
  const std::vector<MembershipPrefix>& prefixes() const { return prefixes_; }
  const CaseMapping& case_mapping() const { return case_mapping_; }
  // LINELEN, including the CRLF (512 unless announced).
  std::size_t line_len() const { return line_len_; }
  const std::string& network() const { return network_; }
  std::optional<int> max_targets() const { return max_targets_; }  // nullopt: no limit given

  // The limits ParseMessage and FormatMessage should use for this server.
  LineLimits line_limits() const { return LineLimits{.max_body_bytes = line_len_}; }

  // Whether the server announced `key` (whatever its value), and its raw (unescaped) value.
  bool Has(std::string_view key) const { return tokens_.contains(key); }
  std::optional<std::string_view> Get(std::string_view key) const;

  std::optional<char> ModeForSymbol(char symbol) const;
  std::optional<char> SymbolForMode(char mode) const;
  ChannelModeType ModeType(char mode) const;
  // Whether `name` starts with one of CHANTYPES.
  bool IsChannelName(std::string_view name) const;

 private:
  absl::Status ApplyValue(std::string_view key, std::optional<std::string_view> value);
  void ResetToDefault(std::string_view key);

  std::map<std::string, std::string, std::less<>> tokens_;
  int nick_len_ = kDefaultNickLen;
  int channel_len_ = kDefaultChannelLen;
  std::optional<int> topic_len_;
  std::string chan_types_{kDefaultChanTypes};
  std::vector<MembershipPrefix> prefixes_;
  std::vector<std::string> chan_modes_;  // groups A, B, C, D
  CaseMapping case_mapping_;
  std::size_t line_len_ = kMaxBodyBytes;
  std::string network_;
  std::optional<int> max_targets_;
};

}  // namespace mxedge::irc
