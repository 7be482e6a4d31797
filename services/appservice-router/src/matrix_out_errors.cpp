#include "matrix_out_errors.hpp"

#include "absl/strings/numbers.h"
#include "mxedge/common/status_mapping.hpp"
#include "mxedge/rpc/status_conversion.hpp"

namespace mxedge::appservice_router {

namespace {

// The homeserver client words its errors "<context>: HTTP <status>[ <errcode>][: <text>]".
int HttpStatusIn(std::string_view message) {
  size_t at = message.find("HTTP ");
  if (at == std::string_view::npos) {
    return 0;
  }
  std::string_view digits = message.substr(at + 5, 3);
  int status = 0;
  if (digits.size() != 3 || !absl::SimpleAtoi(absl::string_view(digits.data(), 3), &status)) {
    return 0;
  }
  return status;
}

std::string TextIn(std::string_view message, std::string_view errcode) {
  size_t at = message.find(errcode);
  if (!errcode.empty() && at != std::string_view::npos) {
    std::string_view rest = message.substr(at + errcode.size());
    if (rest.substr(0, 2) == ": ") {
      return std::string(rest.substr(2));
    }
    return "";
  }
  return std::string(message);
}

}  // namespace

bool IsHomeserverRefusal(const absl::Status& status) {
  return !status.ok() && common::MatrixErrcodeOf(status).has_value();
}

void FillMatrixError(const absl::Status& status, v1::MatrixError& error) {
  const std::string errcode = common::MatrixErrcodeFor(status);
  std::string_view message(status.message().data(), status.message().size());
  error.set_errcode(errcode);
  error.set_error(TextIn(message, errcode));
  int http_status = HttpStatusIn(message);
  error.set_http_status(http_status != 0 ? http_status : common::HttpStatusFromCode(status.code()));
  if (auto retry = common::RetryAfterOf(status)) {
    error.set_retry_after_ms(retry->count());
  }
}

grpc::Status AnswerFor(const absl::Status& status, v1::MatrixError& error) {
  if (status.ok()) {
    return grpc::Status::OK;
  }
  if (IsHomeserverRefusal(status)) {
    FillMatrixError(status, error);
    return grpc::Status::OK;
  }
  return rpc::ToGrpcStatus(status);
}

}  // namespace mxedge::appservice_router
