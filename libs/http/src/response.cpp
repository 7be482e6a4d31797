#include "mxedge/http/response.hpp"

#include <utility>

#include "mxedge/common/log.hpp"

namespace mxedge::http {

Response Response::Json(int status, std::string body) {
  Response r;
  r.status = status;
  r.headers.emplace("Content-Type", "application/json");
  r.body = std::move(body);
  return r;
}

Response Response::Text(int status, std::string body) {
  Response r;
  r.status = status;
  r.headers.emplace("Content-Type", "text/plain; charset=utf-8");
  r.body = std::move(body);
  return r;
}

Response Response::MatrixError(int status, std::string_view errcode, std::string_view error) {
  std::string body = "{\"errcode\":";
  common::AppendJsonString(body, errcode);
  body += ",\"error\":";
  common::AppendJsonString(body, error);
  body += "}";
  return Json(status, std::move(body));
}

}  // namespace mxedge::http
