// Fuzzes the IRC line framer. The first input byte picks the line limit and the second the piece
// size; the rest is the stream. Fed in pieces and fed at once, the framer must give the same
// lines and the same over-long count, never a line over the limit, a terminator inside a line, or
// more buffered bytes than the limit; a mismatch traps. Every line then goes through the parser.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "mxedge/irc/line_framer.hpp"
#include "mxedge/irc/parser.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) {
    return 0;
  }
  const std::size_t limit = 3 + data[0] % 128;
  const std::size_t piece = 1 + data[1] % 16;
  const std::string_view stream(reinterpret_cast<const char*>(data + 2), size - 2);

  mxedge::irc::LineFramer at_once(limit);
  const std::vector<std::string> expected = at_once.Feed(stream);

  mxedge::irc::LineFramer pieces(limit);
  std::vector<std::string> lines;
  for (std::size_t pos = 0; pos < stream.size(); pos += piece) {
    for (std::string& line : pieces.Feed(stream.substr(pos, piece))) {
      lines.push_back(std::move(line));
    }
    if (pieces.buffered_bytes() > limit) {
      __builtin_trap();
    }
  }
  if (lines != expected || pieces.overlong_lines() != at_once.overlong_lines() ||
      pieces.buffered_bytes() != at_once.buffered_bytes()) {
    __builtin_trap();
  }
  for (const std::string& line : lines) {
    if (line.empty() || line.size() + 2 > limit || line.find('\n') != std::string::npos) {
      __builtin_trap();
    }
    (void)mxedge::irc::ParseMessage(line);
  }
  return 0;
}
