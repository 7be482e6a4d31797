#pragma once
// Limits shared by the MSC3079 CBOR encoder and decoder.

namespace mxedge::msc3079 {

// Hard ceiling on nesting, whatever the options ask for: it bounds recursion depth.
inline constexpr int kMaxCborNesting = 1024;

}  // namespace mxedge::msc3079
