// Fuzz target: the micropub bot's command parser and its stored-record decoders on arbitrary
// bytes. Beyond not crashing: every rejection says why, a parsed web URL is http(s), a slug
// holds only its allowed characters, and a decoded record encodes back to something that
// decodes to the same value.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "command.hpp"
#include "mxedge/indieweb/url.hpp"
#include "record_codec.hpp"

namespace {

template <typename Decode, typename Encode>
void RoundTrip(std::string_view input, Decode decode, Encode encode) {
  auto decoded = decode(input);
  if (!decoded.ok()) {
    if (decoded.status().message().empty()) __builtin_trap();
    return;
  }
  auto again = decode(encode(*decoded));
  if (!again.ok() || encode(*again) != encode(*decoded)) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace mxedge::micropub;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto command = ParseCommand(input);
  if (!command.ok()) {
    if (command.status().message().empty()) __builtin_trap();
  } else if (command->has_value()) {
    const Command& c = **command;
    switch (c.kind) {
      case CommandKind::kReply:
      case CommandKind::kLike:
      case CommandKind::kRepost:
      case CommandKind::kBookmark:
        if (auto url = mxedge::indieweb::ParseUrl(c.url);
            !url.ok() || (url->scheme != "http" && url->scheme != "https")) {
          __builtin_trap();
        }
        if (c.kind == CommandKind::kReply && c.text.empty()) __builtin_trap();
        break;
      case CommandKind::kSlug:
        if (c.argument.empty() || c.argument.size() > kMaxSlugBytes) __builtin_trap();
        break;
      default:
        break;
    }
  }
  RoundTrip(input, DecodeLinkedSite, EncodeLinkedSite);
  RoundTrip(input, DecodeUserPrefs, EncodeUserPrefs);
  RoundTrip(input, DecodePendingLink, EncodePendingLink);
  RoundTrip(input, DecodePendingPost, EncodePendingPost);
  RoundTrip(input, DecodePostRecord, EncodePostRecord);
  return 0;
}
