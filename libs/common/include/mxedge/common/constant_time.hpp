#pragma once
// Secret comparison (bearer tokens, hs_token/as_token) without a timing side channel.
#include <string_view>

namespace mxedge::common {

// True when `a` and `b` are byte-for-byte equal. Both sides are first reduced to HMAC-SHA-256
// digests under a per-process random key and the fixed-size digests are compared with
// CRYPTO_memcmp, so neither the content nor the length of the expected secret shows in the time
// taken: the time depends only on the two input lengths, and the caller already knows its own.
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace mxedge::common
