#include "mxedge/redis/script.hpp"

#include <openssl/evp.h>

#include "mxedge/common/check.hpp"
#include "run.hpp"

namespace mxedge::redis {
namespace {

std::string Sha1Hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  const int ok = EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha1(), nullptr);
  MXEDGE_CHECK(ok == 1);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xf];
  }
  return out;
}

std::vector<std::string> EvalArgs(std::string_view command, const std::string& script_or_sha,
                                  std::span<const std::string> keys,
                                  std::span<const std::string> args) {
  std::vector<std::string> out;
  out.reserve(3 + keys.size() + args.size());
  out.emplace_back(command);
  out.push_back(script_or_sha);
  out.push_back(std::to_string(keys.size()));
  out.insert(out.end(), keys.begin(), keys.end());
  out.insert(out.end(), args.begin(), args.end());
  return out;
}

}  // namespace

Script::Script(std::string text) : text_(std::move(text)), sha1_(Sha1Hex(text_)) {}

absl::StatusOr<Reply> EvalScript(RedisClient& client, const Script& script,
                                 std::span<const std::string> keys,
                                 std::span<const std::string> args, CallOptions options) {
  absl::StatusOr<Reply> reply =
      internal::Run(client, EvalArgs("EVALSHA", script.sha1(), keys, args), options);
  if (reply.ok() || !IsServerError(reply.status(), "NOSCRIPT")) return reply;
  return internal::Run(client, EvalArgs("EVAL", script.text(), keys, args), options);
}

}  // namespace mxedge::redis
