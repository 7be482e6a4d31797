#pragma once
// SASL PLAIN over AUTHENTICATE (IRCv3 sasl-3.1).
#include <string>
#include <string_view>
#include <vector>

#include "mxedge/irc/message.hpp"

namespace mxedge::irc {

// The most payload bytes one AUTHENTICATE line carries.
inline constexpr std::size_t kAuthenticateChunkBytes = 400;

// RFC 4648 base64 with padding.
std::string Base64Encode(std::string_view bytes);

// The base64 of "authzid NUL authcid NUL password" (RFC 4616). An empty `authzid` lets the server
// derive it from `authcid`.
std::string SaslPlainPayload(std::string_view authcid, std::string_view password,
                             std::string_view authzid = {});

// `payload` cut into AUTHENTICATE arguments of at most 400 bytes; when the last piece is exactly
// 400 bytes long (or the payload is empty) a final "+" follows.
std::vector<std::string> AuthenticateChunks(std::string_view payload);

// The AUTHENTICATE messages that answer the server's "AUTHENTICATE +" for PLAIN (send
// "AUTHENTICATE PLAIN" before).
std::vector<Message> SaslPlainMessages(std::string_view authcid, std::string_view password,
                                       std::string_view authzid = {});

// The mechanisms in a "sasl" capability value ("PLAIN,EXTERNAL"); empty when the server lists none
// (then ask with AUTHENTICATE and read 908).
std::vector<std::string> SaslMechanisms(std::string_view cap_value);

}  // namespace mxedge::irc
