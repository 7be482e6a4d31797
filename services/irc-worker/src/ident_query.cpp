#include "ident_query.hpp"

#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {
namespace {

bool IsBlank(char ch) { return ch == ' ' || ch == '\t'; }

void SkipBlanks(std::string_view text, std::size_t& pos) {
  while (pos < text.size() && IsBlank(text[pos])) {
    ++pos;
  }
}

// Reads a port at `pos` (digits only), advancing `pos`.
absl::StatusOr<std::uint16_t> ReadPort(std::string_view text, std::size_t& pos,
                                       std::string_view which) {
  const std::size_t start = pos;
  while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
    ++pos;
  }
  const std::size_t digits = pos - start;
  if (digits == 0) {
    return absl::InvalidArgumentError(common::Cat("ident query: ", which, " port is missing"));
  }
  if (digits > 5) {
    return absl::InvalidArgumentError(common::Cat("ident query: ", which, " port is too long"));
  }
  std::uint32_t value = 0;
  for (std::size_t i = start; i < pos; ++i) {
    value = value * 10 + static_cast<std::uint32_t>(text[i] - '0');
  }
  if (value == 0 || value > 65535) {
    return absl::InvalidArgumentError(
        common::Cat("ident query: ", which, " port ", value, " is not in 1-65535"));
  }
  return static_cast<std::uint16_t>(value);
}

}  // namespace

absl::StatusOr<IdentQuery> ParseIdentQuery(std::string_view line) {
  if (line.size() > kMaxIdentQueryBytes) {
    return absl::InvalidArgumentError(
        common::Cat("ident query: longer than ", kMaxIdentQueryBytes, " bytes"));
  }
  if (!line.empty() && line.back() == '\n') {
    line.remove_suffix(1);
  }
  if (!line.empty() && line.back() == '\r') {
    line.remove_suffix(1);
  }
  if (line.empty()) {
    return absl::InvalidArgumentError("ident query: empty line");
  }
  std::size_t pos = 0;
  SkipBlanks(line, pos);
  absl::StatusOr<std::uint16_t> local = ReadPort(line, pos, "local");
  if (!local.ok()) {
    return local.status();
  }
  SkipBlanks(line, pos);
  if (pos >= line.size() || line[pos] != ',') {
    return absl::InvalidArgumentError("ident query: expected ',' after the local port");
  }
  ++pos;
  SkipBlanks(line, pos);
  absl::StatusOr<std::uint16_t> remote = ReadPort(line, pos, "remote");
  if (!remote.ok()) {
    return remote.status();
  }
  SkipBlanks(line, pos);
  if (pos != line.size()) {
    return absl::InvalidArgumentError("ident query: unexpected bytes after the remote port");
  }
  return IdentQuery{.local_port = *local, .remote_port = *remote};
}

std::string FormatIdentUserReply(const IdentQuery& query, std::string_view user) {
  return common::Cat(query.local_port, " , ", query.remote_port, " : USERID : UNIX : ", user,
                     "\r\n");
}

std::string FormatIdentErrorReply(const IdentQuery& query, std::string_view error) {
  return common::Cat(query.local_port, " , ", query.remote_port, " : ERROR : ", error, "\r\n");
}

bool IsIdentUser(std::string_view user) {
  if (user.empty() || user.size() > 64) {
    return false;
  }
  for (char ch : user) {
    const auto byte = static_cast<unsigned char>(ch);
    if (byte <= 0x20 || byte == 0x7f || ch == ':' || ch == ',') {
      return false;
    }
  }
  return true;
}

}  // namespace mxedge::irc_worker
