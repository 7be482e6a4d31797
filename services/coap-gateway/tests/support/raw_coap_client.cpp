#include "raw_coap_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace mxedge::coap_gateway::testing {
namespace {

void AppendNibbleExtension(std::string& out, std::size_t value) {
  if (value >= 269) {
    const std::size_t v = value - 269;
    out.push_back(static_cast<char>(v >> 8));
    out.push_back(static_cast<char>(v & 0xff));
  } else if (value >= 13) {
    out.push_back(static_cast<char>(value - 13));
  }
}

std::uint8_t Nibble(std::size_t value) {
  if (value >= 269) {
    return 14;
  }
  if (value >= 13) {
    return 13;
  }
  return static_cast<std::uint8_t>(value);
}

absl::StatusOr<std::size_t> ReadExtension(std::string_view data, std::size_t& pos,
                                          std::uint8_t nibble) {
  if (nibble < 13) {
    return nibble;
  }
  if (nibble == 13) {
    if (pos >= data.size()) {
      return absl::InvalidArgumentError("truncated option extension");
    }
    return 13 + static_cast<std::uint8_t>(data[pos++]);
  }
  if (nibble == 14) {
    if (pos + 1 >= data.size()) {
      return absl::InvalidArgumentError("truncated option extension");
    }
    std::size_t v =
        (static_cast<std::uint8_t>(data[pos]) << 8) | static_cast<std::uint8_t>(data[pos + 1]);
    pos += 2;
    return 269 + v;
  }
  return absl::InvalidArgumentError("reserved option nibble 15");
}

}  // namespace

std::optional<std::string> RawMessage::Option(std::uint16_t number) const {
  for (const CoapOption& option : options) {
    if (option.number == number) {
      return option.value;
    }
  }
  return std::nullopt;
}

std::string EncodeRaw(const RawMessage& message) {
  std::string out;
  out.push_back(static_cast<char>(0x40 | (static_cast<std::uint8_t>(message.type) << 4) |
                                  (message.token.size() & 0x0f)));
  out.push_back(static_cast<char>(message.code));
  out.push_back(static_cast<char>(message.mid >> 8));
  out.push_back(static_cast<char>(message.mid & 0xff));
  out += message.token;
  std::vector<CoapOption> options = message.options;
  std::stable_sort(options.begin(), options.end(),
                   [](const CoapOption& a, const CoapOption& b) { return a.number < b.number; });
  std::uint16_t previous = 0;
  for (const CoapOption& option : options) {
    const std::size_t delta = option.number - previous;
    previous = option.number;
    out.push_back(static_cast<char>((Nibble(delta) << 4) | Nibble(option.value.size())));
    AppendNibbleExtension(out, delta);
    AppendNibbleExtension(out, option.value.size());
    out += option.value;
  }
  if (!message.payload.empty()) {
    out.push_back(static_cast<char>(0xff));
    out += message.payload;
  }
  return out;
}

absl::StatusOr<RawMessage> DecodeRaw(std::string_view data) {
  if (data.size() < 4) {
    return absl::InvalidArgumentError("shorter than a CoAP header");
  }
  const auto first = static_cast<std::uint8_t>(data[0]);
  if ((first >> 6) != 1) {
    return absl::InvalidArgumentError("not CoAP version 1");
  }
  RawMessage message;
  message.type = static_cast<RawType>((first >> 4) & 0x03);
  const std::size_t token_length = first & 0x0f;
  message.code = static_cast<std::uint8_t>(data[1]);
  message.mid = static_cast<std::uint16_t>((static_cast<std::uint8_t>(data[2]) << 8) |
                                           static_cast<std::uint8_t>(data[3]));
  if (token_length > 8 || data.size() < 4 + token_length) {
    return absl::InvalidArgumentError("bad token length");
  }
  message.token = std::string(data.substr(4, token_length));
  std::size_t pos = 4 + token_length;
  std::uint16_t number = 0;
  while (pos < data.size()) {
    const auto byte = static_cast<std::uint8_t>(data[pos++]);
    if (byte == 0xff) {
      message.payload = std::string(data.substr(pos));
      break;
    }
    auto delta = ReadExtension(data, pos, byte >> 4);
    if (!delta.ok()) {
      return delta.status();
    }
    auto length = ReadExtension(data, pos, byte & 0x0f);
    if (!length.ok()) {
      return length.status();
    }
    if (pos + *length > data.size()) {
      return absl::InvalidArgumentError("truncated option value");
    }
    number = static_cast<std::uint16_t>(number + *delta);
    message.options.push_back({number, std::string(data.substr(pos, *length))});
    pos += *length;
  }
  return message;
}

absl::StatusOr<std::uint16_t> FreeUdpPort() {
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return absl::InternalError(absl::StrCat("socket: ", std::strerror(errno)));
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  const bool ok = bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
                  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
  close(fd);
  if (!ok) {
    return absl::InternalError(absl::StrCat("bind: ", std::strerror(errno)));
  }
  return ntohs(address.sin_port);
}

absl::StatusOr<RawCoapClient> RawCoapClient::Connect(std::uint16_t port) {
  const int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return absl::InternalError(absl::StrCat("socket: ", std::strerror(errno)));
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd);
    return absl::InternalError(absl::StrCat("connect: ", std::strerror(errno)));
  }
  return RawCoapClient(fd);
}

RawCoapClient::RawCoapClient(RawCoapClient&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

RawCoapClient::~RawCoapClient() {
  if (fd_ >= 0) {
    close(fd_);
  }
}

absl::Status RawCoapClient::Send(const RawMessage& message) {
  return SendBytes(EncodeRaw(message));
}

absl::Status RawCoapClient::SendBytes(std::string_view datagram) {
  if (send(fd_, datagram.data(), datagram.size(), 0) != static_cast<ssize_t>(datagram.size())) {
    return absl::InternalError(absl::StrCat("send: ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::StatusOr<RawMessage> RawCoapClient::Receive(std::chrono::milliseconds timeout) {
  pollfd descriptor{fd_, POLLIN, 0};
  const int ready = poll(&descriptor, 1, static_cast<int>(timeout.count()));
  if (ready == 0) {
    return absl::DeadlineExceededError("no datagram");
  }
  if (ready < 0) {
    return absl::InternalError(absl::StrCat("poll: ", std::strerror(errno)));
  }
  char buffer[2048];
  const ssize_t n = recv(fd_, buffer, sizeof(buffer), 0);
  if (n < 0) {
    return absl::InternalError(absl::StrCat("recv: ", std::strerror(errno)));
  }
  return DecodeRaw(std::string_view(buffer, static_cast<std::size_t>(n)));
}

}  // namespace mxedge::coap_gateway::testing
