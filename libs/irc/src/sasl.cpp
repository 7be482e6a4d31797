#include "mxedge/irc/sasl.hpp"

#include <algorithm>
#include <cstdint>

#include "mxedge/irc/commands.hpp"

namespace mxedge::irc {

std::string Base64Encode(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(bytes[at]); };
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t group = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
    out += kAlphabet[(group >> 18) & 0x3F];
    out += kAlphabet[(group >> 12) & 0x3F];
    out += kAlphabet[(group >> 6) & 0x3F];
    out += kAlphabet[group & 0x3F];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    const std::uint32_t group = (byte(i) << 16) | (rest == 2 ? byte(i + 1) << 8 : 0);
    out += kAlphabet[(group >> 18) & 0x3F];
    out += kAlphabet[(group >> 12) & 0x3F];
    out += rest == 2 ? kAlphabet[(group >> 6) & 0x3F] : '=';
    out += '=';
  }
  return out;
}

std::string SaslPlainPayload(std::string_view authcid, std::string_view password,
                             std::string_view authzid) {
  std::string plain(authzid);
  plain += '\0';
  plain += authcid;
  plain += '\0';
  plain += password;
  return Base64Encode(plain);
}

std::vector<std::string> AuthenticateChunks(std::string_view payload) {
  std::vector<std::string> chunks;
  while (payload.size() >= kAuthenticateChunkBytes) {
    chunks.emplace_back(payload.substr(0, kAuthenticateChunkBytes));
    payload.remove_prefix(kAuthenticateChunkBytes);
  }
  chunks.emplace_back(payload.empty() ? std::string_view("+") : payload);
  return chunks;
}

std::vector<Message> SaslPlainMessages(std::string_view authcid, std::string_view password,
                                       std::string_view authzid) {
  std::vector<Message> messages;
  for (const std::string& chunk :
       AuthenticateChunks(SaslPlainPayload(authcid, password, authzid))) {
    messages.push_back(Authenticate(chunk));
  }
  return messages;
}

std::vector<std::string> SaslMechanisms(std::string_view cap_value) {
  std::vector<std::string> mechanisms;
  std::size_t start = 0;
  while (start < cap_value.size()) {
    const std::size_t comma = std::min(cap_value.find(',', start), cap_value.size());
    if (comma > start) {
      mechanisms.emplace_back(cap_value.substr(start, comma - start));
    }
    start = comma + 1;
  }
  return mechanisms;
}

}  // namespace mxedge::irc
