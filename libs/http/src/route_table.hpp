#pragma once
// Internal: matches (method, raw path) against route patterns like "/rooms/:roomId/send/:type".
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "mxedge/http/http_server.hpp"

namespace mxedge::http::internal {

class RouteTable {
 public:
  enum class Outcome { kMatched, kMethodNotAllowed, kNotFound };
  struct Result {
    Outcome outcome = Outcome::kNotFound;
    const Handler* handler = nullptr;
    std::string pattern;
    std::map<std::string, std::string> raw_params;  // still percent-encoded
    std::vector<std::string> allowed;               // for kMethodNotAllowed
  };

  void Add(std::string_view method, std::string_view pattern, Handler handler);
  Result Find(std::string_view method, std::string_view raw_path) const;

 private:
  struct Entry {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;  // ":name" captures one segment
    Handler handler;
  };
  // Literal segments before captures rank higher: /rooms/joined beats /rooms/:id.
  static bool MoreSpecific(const Entry& a, const Entry& b);
  std::vector<Entry> entries_;
};

}  // namespace mxedge::http::internal
