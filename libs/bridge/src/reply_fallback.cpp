#include "mxedge/bridge/reply_fallback.hpp"

namespace mxedge::bridge {

std::string StripReplyFallbackBody(std::string_view body) {
  if (!body.starts_with('>')) {
    return std::string(body);
  }
  std::size_t pos = 0;
  while (pos < body.size() && body[pos] == '>') {
    const std::size_t newline = body.find('\n', pos);
    if (newline == std::string_view::npos) {
      return std::string();  // nothing but the quote
    }
    pos = newline + 1;
  }
  if (pos < body.size() && body[pos] == '\n') {
    ++pos;
  }
  return std::string(body.substr(pos));
}

std::string StripReplyFallbackHtml(std::string_view html) {
  constexpr std::string_view kOpen = "<mx-reply>";
  constexpr std::string_view kClose = "</mx-reply>";
  if (!html.starts_with(kOpen)) {
    return std::string(html);
  }
  const std::size_t close = html.find(kClose);
  if (close == std::string_view::npos) {
    return std::string(html);
  }
  return std::string(html.substr(close + kClose.size()));
}

}  // namespace mxedge::bridge
