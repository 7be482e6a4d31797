#pragma once
// A Redis reply as a plain value type, independent of the client library that produced it.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mxedge::redis {

// The RESP2 reply kinds.
enum class ReplyType { kNil, kString, kStatus, kInteger, kArray, kError };

std::string_view ReplyTypeName(ReplyType type);

class Reply {
 public:
  // A nil reply.
  Reply() = default;

  static Reply Nil() { return Reply(); }
  static Reply String(std::string value);
  static Reply Status(std::string value);
  static Reply Integer(int64_t value);
  static Reply Array(std::vector<Reply> elements);
  static Reply Error(std::string message);

  ReplyType type() const { return type_; }
  bool IsNil() const { return type_ == ReplyType::kNil; }
  bool IsString() const { return type_ == ReplyType::kString; }
  bool IsStatus() const { return type_ == ReplyType::kStatus; }
  bool IsInteger() const { return type_ == ReplyType::kInteger; }
  bool IsArray() const { return type_ == ReplyType::kArray; }
  bool IsError() const { return type_ == ReplyType::kError; }

  // Raw accessors: the text of a string, status or error reply (empty otherwise), the value of an
  // integer reply (0 otherwise), the elements of an array reply (empty otherwise).
  const std::string& str() const { return str_; }
  int64_t integer() const { return integer_; }
  const std::vector<Reply>& elements() const { return elements_; }

  // Checked conversions. Each returns InternalError naming the expected and actual type when the
  // reply has another type, and the server's message when it is an error reply.
  // A bulk string or a status as text.
  absl::StatusOr<std::string> AsString() const;
  // A bulk string, a status or nil (nullopt).
  absl::StatusOr<std::optional<std::string>> AsOptionalString() const;
  absl::StatusOr<int64_t> AsInteger() const;
  // A double from a bulk string ("inf", "-inf" and integers included), as ZSCORE returns it.
  absl::StatusOr<double> AsDouble() const;
  // Array elements; nil (as some commands answer for an empty result) gives an empty array.
  absl::StatusOr<std::vector<Reply>> AsArray() const;
  // Succeeds for a status reply with exactly this text (e.g. "OK").
  absl::Status ExpectStatus(std::string_view expected) const;

  // A short human-readable rendering for logs and test failures (strings quoted and truncated).
  std::string DebugString() const;

  friend bool operator==(const Reply& a, const Reply& b);

 private:
  ReplyType type_ = ReplyType::kNil;
  std::string str_;
  int64_t integer_ = 0;
  std::vector<Reply> elements_;
};

}  // namespace mxedge::redis
