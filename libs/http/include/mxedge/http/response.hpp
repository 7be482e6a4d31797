#pragma once
// An HTTP response: what a server handler answers and what a client receives.
#include <string>
#include <string_view>

#include "mxedge/http/header_map.hpp"

namespace mxedge::http {

struct Response {
  int status = 200;
  HeaderMap headers;
  std::string body;

  // A response with `Content-Type: application/json`.
  static Response Json(int status, std::string body);
  // A response with `Content-Type: text/plain; charset=utf-8`.
  static Response Text(int status, std::string body);
  // A Matrix error body {"errcode":…,"error":…} as JSON.
  static Response MatrixError(int status, std::string_view errcode, std::string_view error);
};

}  // namespace mxedge::http
