// Fuzz target: the irc-worker's readers of stored records and its line key on arbitrary bytes.
// - ParseReceiver ("<worker_id>:<mxid>" from `irc:recv`): a parsed value prints back to the input,
//   and every rejection says why.
// - LineKey: the first byte picks which tags are present, the rest is split at NUL into source,
//   command, params, msgid and server-time. The key is deterministic, a valid key part, and of one
//   of the documented forms.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "channel_receivers.hpp"
#include "irc_keys.hpp"
#include "line_key.hpp"

namespace {

std::vector<std::string> SplitAtNul(std::string_view input) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= input.size()) {
    const size_t end = input.find('\0', start);
    if (end == std::string_view::npos) {
      parts.emplace_back(input.substr(start));
      break;
    }
    parts.emplace_back(input.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace mxedge::irc_worker;
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  const auto receiver = ParseReceiver(input);
  if (receiver.ok()) {
    if (receiver->ToString() != input) __builtin_trap();
  } else if (receiver.status().message().empty()) {
    __builtin_trap();
  }

  if (input.empty()) {
    return 0;
  }
  const auto flags = static_cast<uint8_t>(input[0]);
  std::vector<std::string> parts = SplitAtNul(input.substr(1));
  parts.resize(std::max<size_t>(parts.size(), 4));
  LineIdentity line;
  line.source = parts[0];
  line.command = parts[1];
  if ((flags & 1) != 0) line.msgid = parts[2];
  if ((flags & 2) != 0) line.server_time = parts[3];
  const std::vector<std::string> params(parts.begin() + 4, parts.end());
  line.params = params;
  const int64_t occurrence = flags >> 2;
  const std::string key = LineKey(line, occurrence);
  if (key != LineKey(line, occurrence)) __builtin_trap();
  if (!ValidateKeyPart("line key", key).ok()) __builtin_trap();
  const bool plain_id = key.rfind("id:", 0) == 0;
  const bool hashed = (key.rfind("h:", 0) == 0 && key.size() == 2 + 32) ||
                      (key.rfind("idh:", 0) == 0 && key.size() == 4 + 32);
  if (!plain_id && !hashed) __builtin_trap();
  if (plain_id != (!line.msgid.empty() && key == "id:" + std::string(line.msgid))) __builtin_trap();
  return 0;
}
