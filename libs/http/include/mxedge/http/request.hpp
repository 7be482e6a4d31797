#pragma once
// A request as a server handler sees it: everything decoded, nothing from Pistache.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "mxedge/http/header_map.hpp"

namespace mxedge::http {

struct Request {
  std::string method;    // "GET", "PUT", ...
  std::string path;      // percent-decoded path, for logs and display
  std::string raw_path;  // the path exactly as received, without the query
  std::string route;     // the matched route pattern, or "" when no route matched
  std::map<std::string, std::string> params;      // route parameters, percent-decoded
  std::multimap<std::string, std::string> query;  // query parameters, percent-decoded
  HeaderMap headers;
  std::string body;
  std::string remote_address;  // "127.0.0.1:54321": distinguishes connections
  std::chrono::steady_clock::time_point received_at;

  // The route parameter `name`; "" when absent.
  std::string Param(std::string_view name) const;
  // The first value of query parameter `name`.
  std::optional<std::string> QueryValue(std::string_view name) const;
  // The first value of header `name` (case-insensitive).
  std::optional<std::string> Header(std::string_view name) const;
};

}  // namespace mxedge::http
