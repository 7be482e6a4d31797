#include "mxedge/redis/reply.hpp"

#include <charconv>
#include <cmath>
#include <utility>

#include "cat.hpp"
#include "mxedge/redis/redis_client.hpp"

namespace mxedge::redis {
namespace {

using internal::Cat;

constexpr size_t kDebugStringMax = 64;

absl::Status WrongType(std::string_view expected, const Reply& reply) {
  if (reply.IsError()) {
    return ServerErrorFromReply("reply", reply.str());
  }
  return absl::InternalError(
      Cat("redis reply: expected ", expected, ", got ", ReplyTypeName(reply.type())));
}

void AppendDebug(const Reply& reply, std::string& out) {
  switch (reply.type()) {
    case ReplyType::kNil:
      out += "nil";
      return;
    case ReplyType::kInteger:
      out += std::to_string(reply.integer());
      return;
    case ReplyType::kString:
    case ReplyType::kStatus:
    case ReplyType::kError: {
      if (reply.IsStatus()) out += "+";
      if (reply.IsError()) out += "-";
      out += "\"";
      const std::string& s = reply.str();
      for (size_t i = 0; i < s.size() && i < kDebugStringMax; ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\x";
          out += kHex[c >> 4];
          out += kHex[c & 0xf];
        } else {
          out += static_cast<char>(c);
        }
      }
      if (s.size() > kDebugStringMax) out += Cat("...(", s.size(), " bytes)");
      out += "\"";
      return;
    }
    case ReplyType::kArray: {
      out += "[";
      bool first = true;
      for (const Reply& e : reply.elements()) {
        if (!first) out += ", ";
        first = false;
        AppendDebug(e, out);
      }
      out += "]";
      return;
    }
  }
}

}  // namespace

std::string_view ReplyTypeName(ReplyType type) {
  switch (type) {
    case ReplyType::kNil:
      return "nil";
    case ReplyType::kString:
      return "string";
    case ReplyType::kStatus:
      return "status";
    case ReplyType::kInteger:
      return "integer";
    case ReplyType::kArray:
      return "array";
    case ReplyType::kError:
      return "error";
  }
  return "unknown";
}

Reply Reply::String(std::string value) {
  Reply r;
  r.type_ = ReplyType::kString;
  r.str_ = std::move(value);
  return r;
}

Reply Reply::Status(std::string value) {
  Reply r;
  r.type_ = ReplyType::kStatus;
  r.str_ = std::move(value);
  return r;
}

Reply Reply::Integer(int64_t value) {
  Reply r;
  r.type_ = ReplyType::kInteger;
  r.integer_ = value;
  return r;
}

Reply Reply::Array(std::vector<Reply> elements) {
  Reply r;
  r.type_ = ReplyType::kArray;
  r.elements_ = std::move(elements);
  return r;
}

Reply Reply::Error(std::string message) {
  Reply r;
  r.type_ = ReplyType::kError;
  r.str_ = std::move(message);
  return r;
}

absl::StatusOr<std::string> Reply::AsString() const {
  if (type_ == ReplyType::kString || type_ == ReplyType::kStatus) return str_;
  return WrongType("string", *this);
}

absl::StatusOr<std::optional<std::string>> Reply::AsOptionalString() const {
  if (type_ == ReplyType::kNil) return std::optional<std::string>();
  if (type_ == ReplyType::kString || type_ == ReplyType::kStatus) {
    return std::optional<std::string>(str_);
  }
  return WrongType("string or nil", *this);
}

absl::StatusOr<int64_t> Reply::AsInteger() const {
  if (type_ == ReplyType::kInteger) return integer_;
  return WrongType("integer", *this);
}

absl::StatusOr<double> Reply::AsDouble() const {
  if (type_ != ReplyType::kString && type_ != ReplyType::kStatus) {
    return WrongType("string holding a number", *this);
  }
  if (str_ == "inf" || str_ == "+inf") return INFINITY;
  if (str_ == "-inf") return -INFINITY;
  double value = 0;
  const char* begin = str_.data();
  const char* end = begin + str_.size();
  auto [ptr, ec] = std::from_chars(begin, end, value);
  if (str_.empty() || ec != std::errc() || ptr != end || std::isnan(value)) {
    return absl::InternalError(Cat("redis reply: not a number: ", DebugString()));
  }
  return value;
}

absl::StatusOr<std::vector<Reply>> Reply::AsArray() const {
  if (type_ == ReplyType::kArray) return elements_;
  if (type_ == ReplyType::kNil) return std::vector<Reply>();
  return WrongType("array", *this);
}

absl::Status Reply::ExpectStatus(std::string_view expected) const {
  if (type_ == ReplyType::kStatus && str_ == expected) return absl::OkStatus();
  if (type_ == ReplyType::kError) return WrongType(expected, *this);
  return absl::InternalError(
      Cat("redis reply: expected status ", expected, ", got ", DebugString()));
}

std::string Reply::DebugString() const {
  std::string out;
  AppendDebug(*this, out);
  return out;
}

bool operator==(const Reply& a, const Reply& b) {
  return a.type_ == b.type_ && a.str_ == b.str_ && a.integer_ == b.integer_ &&
         a.elements_ == b.elements_;
}

}  // namespace mxedge::redis
