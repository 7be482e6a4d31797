// Feeds arbitrary bytes as a coap-gateway PSK file (identity:hexkey / identity:base64:key lines).
// Parsing must return a status, never crash; an accepted table holds only keys within the size
// limits, every identity is found again, and feeding the same text twice is a duplicate error.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "dtls_credentials.hpp"
#include "mxedge/common/check.hpp"
#include "mxedge/common/str_cat.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<mxedge::coap_gateway::PskTable> table =
      mxedge::coap_gateway::ParsePskText(text, "fuzz");
  if (!table.ok()) {
    MXEDGE_CHECK(table.status().code() == absl::StatusCode::kInvalidArgument);
    MXEDGE_CHECK(mxedge::common::Std(table.status().message()).starts_with("fuzz line "));
    return 0;
  }
  size_t entries = 0;
  for (absl::string_view piece : absl::StrSplit(mxedge::common::Absl(text), '\n')) {
    std::string_view line = mxedge::common::Std(absl::StripAsciiWhitespace(piece));
    if (line.empty() || line.front() == '#') {
      continue;
    }
    ++entries;
    std::string_view identity = line.substr(0, line.find(':'));
    const std::string* key = table->Find(identity);
    MXEDGE_CHECK(key != nullptr);
    MXEDGE_CHECK(key->size() >= mxedge::coap_gateway::kMinPskKeyBytes);
    MXEDGE_CHECK(key->size() <= mxedge::coap_gateway::kMaxPskKeyBytes);
  }
  MXEDGE_CHECK(entries == table->size());
  if (!table->empty()) {
    size_t before = table->size();
    MXEDGE_CHECK(!table->AddFromText(text, "again").ok());
    MXEDGE_CHECK(table->size() == before);
  }
  return 0;
}
