#include "mxedge/rpc/status_conversion.hpp"

#include <chrono>
#include <cstdint>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "mxedge/common/status_mapping.hpp"

namespace mxedge::rpc {

namespace {

constexpr std::string_view kErrcodeKey = "errcode";
constexpr std::string_view kRetryKey = "retry_after_ms";

bool IsErrcodeText(std::string_view text) {
  if (text.empty() || text.size() > 128) {
    return false;
  }
  for (char c : text) {
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '.';
    if (!ok) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::string EncodeStatusDetails(const absl::Status& status) {
  std::vector<std::string> parts;
  if (auto errcode = common::MatrixErrcodeOf(status); errcode && IsErrcodeText(*errcode)) {
    parts.push_back(absl::StrCat(std::string(kErrcodeKey), "=", *errcode));
  }
  if (auto retry = common::RetryAfterOf(status)) {
    parts.push_back(absl::StrCat(std::string(kRetryKey), "=", retry->count()));
  }
  return absl::StrJoin(parts, ";");
}

absl::Status ApplyStatusDetails(absl::Status status, std::string_view details) {
  if (status.ok() || details.empty()) {
    return status;
  }
  std::string text(details);
  for (absl::string_view part : absl::StrSplit(text, ';', absl::SkipEmpty())) {
    std::vector<std::string> kv = absl::StrSplit(part, absl::MaxSplits('=', 1));
    if (kv.size() != 2) {
      continue;
    }
    if (kv[0] == kErrcodeKey && IsErrcodeText(kv[1])) {
      status = common::WithMatrixErrcode(std::move(status), kv[1]);
    } else if (kv[0] == kRetryKey) {
      int64_t ms = 0;
      if (absl::SimpleAtoi(kv[1], &ms) && ms >= 0) {
        status = common::WithRetryAfter(std::move(status), std::chrono::milliseconds(ms));
      }
    }
  }
  return status;
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) {
    return grpc::Status::OK;
  }
  auto code = static_cast<grpc::StatusCode>(static_cast<int>(status.code()));
  return grpc::Status(code, common::PublicMessage(status), EncodeStatusDetails(status));
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) {
    return absl::OkStatus();
  }
  int raw = static_cast<int>(status.error_code());
  absl::StatusCode code = (raw > 0 && raw <= static_cast<int>(absl::StatusCode::kUnauthenticated))
                              ? static_cast<absl::StatusCode>(raw)
                              : absl::StatusCode::kUnknown;
  absl::Status out(code, status.error_message());
  return ApplyStatusDetails(std::move(out), status.error_details());
}

}  // namespace mxedge::rpc
