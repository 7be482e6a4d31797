// Feeds arbitrary bytes to ParseIdentQuery. A query that parses must name ports in 1-65535 and
// its reply must be one CRLF-terminated line that parses back to the same ports; a refused one
// must be InvalidArgument.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "ident_query.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using mxedge::irc_worker::FormatIdentUserReply;
  using mxedge::irc_worker::IdentQuery;
  using mxedge::irc_worker::ParseIdentQuery;
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<IdentQuery> query = ParseIdentQuery(line);
  if (!query.ok()) {
    if (query.status().code() != absl::StatusCode::kInvalidArgument) {
      std::abort();
    }
    return 0;
  }
  if (query->local_port == 0 || query->remote_port == 0) {
    std::abort();
  }
  const std::string reply = FormatIdentUserReply(*query, "user");
  if (reply.size() < 2 || reply.substr(reply.size() - 2) != "\r\n" ||
      reply.find('\n') != reply.size() - 1) {
    std::abort();
  }
  const std::string echoed = reply.substr(0, reply.find(':'));
  absl::StatusOr<IdentQuery> again = ParseIdentQuery(echoed);
  if (!again.ok() || again->local_port != query->local_port ||
      again->remote_port != query->remote_port) {
    std::abort();
  }
  return 0;
}
