#include "mxedge/redis/redis_url.hpp"

#include <cstddef>

#include "cat.hpp"

namespace mxedge::redis {
namespace {

using internal::Cat;

constexpr size_t kMaxUnixPath = 107;  // sizeof(sockaddr_un::sun_path) - 1
constexpr size_t kMaxHost = 253;
constexpr int kMaxDb = 1000000;

absl::Status Invalid(std::string_view what) {
  return absl::InvalidArgumentError(Cat("redis url: ", what));
}

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

absl::StatusOr<std::string> PercentDecode(std::string_view in, std::string_view what) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    if (in[i] != '%') {
      out += in[i];
      continue;
    }
    if (i + 2 >= in.size()) {
      return Invalid(Cat("truncated percent-escape in ", what));
    }
    if (!IsHexDigit(in[i + 1]) || !IsHexDigit(in[i + 2])) {
      return Invalid(Cat("bad percent-escape in ", what));
    }
    const char decoded = static_cast<char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2]));
    if (decoded == '\0') return Invalid(Cat("NUL byte in ", what));
    out += decoded;
    i += 2;
  }
  return out;
}

// Parses a non-negative decimal in [min, max]; `what` names the field in errors.
absl::StatusOr<int> ParseNumber(std::string_view text, int min, int max, std::string_view what) {
  if (text.empty()) return Invalid(Cat("empty ", what));
  if (text.size() > 9) return Invalid(Cat(what, " out of range"));
  int value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return Invalid(Cat(what, " is not a number"));
    value = value * 10 + (c - '0');
  }
  if (value < min || value > max) return Invalid(Cat(what, " out of range"));
  return value;
}

// userinfo = [user] ":" password
absl::Status ParseUserInfo(std::string_view userinfo, RedisUrl& url) {
  const size_t colon = userinfo.find(':');
  if (colon == std::string_view::npos) {
    return Invalid(
        "credentials need a ':' before the password (\":password@\" or \"user:password@\")");
  }
  absl::StatusOr<std::string> user = PercentDecode(userinfo.substr(0, colon), "user");
  if (!user.ok()) return user.status();
  absl::StatusOr<std::string> password = PercentDecode(userinfo.substr(colon + 1), "password");
  if (!password.ok()) return password.status();
  if (password->empty()) return Invalid("empty password");
  url.user = *std::move(user);
  url.password = *std::move(password);
  return absl::OkStatus();
}

bool IsHostChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_';
}

absl::Status ParseHostPort(std::string_view hostport, RedisUrl& url) {
  std::string_view port_text;
  bool has_port = false;
  if (!hostport.empty() && hostport.front() == '[') {
    const size_t close = hostport.find(']');
    if (close == std::string_view::npos) return Invalid("unterminated '[' in IPv6 host");
    const std::string_view host = hostport.substr(1, close - 1);
    if (host.empty()) return Invalid("empty IPv6 host");
    for (char c : host) {
      if (!IsHexDigit(c) && c != ':' && c != '.') return Invalid("bad character in IPv6 host");
    }
    url.host = std::string(host);
    const std::string_view rest = hostport.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return Invalid("unexpected characters after IPv6 host");
      has_port = true;
      port_text = rest.substr(1);
    }
  } else {
    const size_t colon = hostport.find(':');
    if (colon != std::string_view::npos &&
        hostport.find(':', colon + 1) != std::string_view::npos) {
      return Invalid("more than one ':' in host:port (bracket IPv6 hosts: [::1]:6379)");
    }
    const std::string_view host = hostport.substr(0, colon);
    if (host.empty()) return Invalid("missing host");
    if (host.size() > kMaxHost) return Invalid("host too long");
    for (char c : host) {
      if (!IsHostChar(c)) return Invalid("bad character in host");
    }
    url.host = std::string(host);
    if (colon != std::string_view::npos) {
      has_port = true;
      port_text = hostport.substr(colon + 1);
    }
  }
  if (has_port) {
    absl::StatusOr<int> port = ParseNumber(port_text, 1, 65535, "port");
    if (!port.ok()) return port.status();
    url.port = *port;
  }
  return absl::OkStatus();
}

absl::StatusOr<RedisUrl> ParseTcp(std::string_view rest) {
  RedisUrl url;
  url.transport = RedisUrl::Transport::kTcp;
  const size_t query = rest.find_first_of("?#");
  if (query != std::string_view::npos) return Invalid("query and fragment are not supported");
  const size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  const std::string_view path = slash == std::string_view::npos ? "" : rest.substr(slash);
  const size_t at = authority.rfind('@');
  if (at != std::string_view::npos) {
    if (absl::Status s = ParseUserInfo(authority.substr(0, at), url); !s.ok()) return s;
    authority = authority.substr(at + 1);
  }
  if (absl::Status s = ParseHostPort(authority, url); !s.ok()) return s;
  if (path.size() > 1) {
    absl::StatusOr<int> db = ParseNumber(path.substr(1), 0, kMaxDb, "db");
    if (!db.ok()) return db.status();
    url.db = *db;
  }
  return url;
}

absl::StatusOr<RedisUrl> ParseUnix(std::string_view rest) {
  RedisUrl url;
  url.transport = RedisUrl::Transport::kUnix;
  url.host.clear();
  url.port = 0;
  if (!rest.empty() && rest.front() != '/') {
    const size_t at = rest.find('@');
    if (at == std::string_view::npos) {
      return Invalid("unix socket path must be absolute (unix:///path)");
    }
    if (absl::Status s = ParseUserInfo(rest.substr(0, at), url); !s.ok()) return s;
    rest = rest.substr(at + 1);
  }
  const size_t query = rest.find('?');
  const std::string_view path = rest.substr(0, query);
  if (path.empty() || path.front() != '/') {
    return Invalid("unix socket path must be absolute (unix:///path)");
  }
  if (path.size() == 1) return Invalid("unix socket path is a directory");
  if (path.size() > kMaxUnixPath) return Invalid("unix socket path too long");
  if (path.find('#') != std::string_view::npos) return Invalid("fragment is not supported");
  url.unix_path = std::string(path);
  if (query != std::string_view::npos) {
    const std::string_view q = rest.substr(query + 1);
    if (q.substr(0, 3) != "db=") return Invalid("the only query parameter is db=N");
    absl::StatusOr<int> db = ParseNumber(q.substr(3), 0, kMaxDb, "db");
    if (!db.ok()) return db.status();
    url.db = *db;
  }
  return url;
}

}  // namespace

std::string RedisUrl::Address() const {
  if (transport == Transport::kUnix) return Cat("unix:", unix_path);
  if (host.find(':') != std::string::npos) return Cat("[", host, "]:", port);
  return Cat(host, ":", port);
}

absl::StatusOr<RedisUrl> ParseRedisUrl(std::string_view text) {
  if (text.empty()) return Invalid("empty");
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c <= 0x20 || c >= 0x7f) {
      return Invalid(Cat("control, space or non-ASCII character at offset ", i));
    }
  }
  const size_t sep = text.find("://");
  if (sep == std::string_view::npos) {
    return Invalid("missing scheme (expected redis:// or unix://)");
  }
  std::string scheme(text.substr(0, sep));
  for (char& c : scheme) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  const std::string_view rest = text.substr(sep + 3);
  if (scheme == "redis") return ParseTcp(rest);
  if (scheme == "unix") return ParseUnix(rest);
  if (scheme == "rediss") return Invalid("rediss:// (TLS) is not supported by hiredis 0.14");
  return Invalid("unknown scheme (expected redis:// or unix://)");
}

}  // namespace mxedge::redis
