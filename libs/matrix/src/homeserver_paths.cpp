#include "homeserver_paths.hpp"

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl_compat.hpp"
#include "mxedge/http/percent_encoding.hpp"

namespace mxedge::matrix::internal {
namespace {

std::string ErrcodeOf(const http::Response& response) {
  const nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
  if (body.is_object()) {
    if (auto it = body.find("errcode"); it != body.end() && it->is_string()) {
      return it->get<std::string>();
    }
  }
  return "";
}

std::string Sanitize(std::string_view name) {
  std::string out;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F || c == '/' || c == '\\') {
      continue;
    }
    out.push_back(c);
  }
  if (out == "." || out == "..") {
    return "";
  }
  return out;
}

}  // namespace

bool IsUnknownEndpoint(const http::Response& response) {
  if (response.status == 405) {
    return true;
  }
  if (response.status != 404 && response.status != 400) {
    return false;
  }
  const std::string errcode = ErrcodeOf(response);
  if (errcode == "M_UNRECOGNIZED") {
    return true;
  }
  return response.status == 404 && errcode.empty();
}

std::string FilenameFromContentDisposition(std::string_view value) {
  std::string plain;
  std::string extended;
  for (absl::string_view raw : absl::StrSplit(Sv(value), ';')) {
    absl::string_view part = absl::StripAsciiWhitespace(raw);
    const size_t eq = part.find('=');
    if (eq == absl::string_view::npos) {
      continue;
    }
    const std::string key = absl::AsciiStrToLower(absl::StripAsciiWhitespace(part.substr(0, eq)));
    absl::string_view val = absl::StripAsciiWhitespace(part.substr(eq + 1));
    if (key == "filename*") {
      // charset'language'percent-encoded
      const size_t first = val.find('\'');
      const size_t second = first == absl::string_view::npos ? first : val.find('\'', first + 1);
      if (second == absl::string_view::npos) {
        continue;
      }
      const std::string charset = absl::AsciiStrToLower(val.substr(0, first));
      if (charset != "utf-8" && charset != "us-ascii") {
        continue;
      }
      absl::StatusOr<std::string> decoded = http::PercentDecode(Std(val.substr(second + 1)));
      if (decoded.ok()) {
        extended = *decoded;
      }
    } else if (key == "filename") {
      if (val.size() >= 2 && val.front() == '"' && val.back() == '"') {
        val = val.substr(1, val.size() - 2);
        std::string unquoted;
        for (size_t i = 0; i < val.size(); ++i) {
          if (val[i] == '\\' && i + 1 < val.size()) {
            ++i;
          }
          unquoted.push_back(val[i]);
        }
        plain = unquoted;
      } else {
        plain = std::string(val);
      }
    }
  }
  return Sanitize(extended.empty() ? plain : extended);
}

absl::Status CheckForwardPath(std::string_view method, std::string_view path) {
  if (method != "GET" && method != "POST" && method != "PUT" && method != "DELETE") {
    return absl::InvalidArgumentError(
        absl::StrCat("forward: method ", Sv(method.substr(0, 16)), " not allowed"));
  }
  if (!absl::StartsWith(Sv(path), "/_matrix/client/")) {
    return absl::InvalidArgumentError("forward: only /_matrix/client/ paths are forwarded");
  }
  for (char c : path) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || c == '?' || c == '#' || c == '\\') {
      return absl::InvalidArgumentError("forward: path has a character not allowed there");
    }
  }
  for (absl::string_view segment : absl::StrSplit(Sv(path), '/')) {
    absl::StatusOr<std::string> decoded = http::PercentDecode(Std(segment));
    if (!decoded.ok()) {
      return absl::InvalidArgumentError("forward: path has a malformed percent escape");
    }
    if (*decoded == "." || *decoded == ".." || decoded->find('/') != std::string::npos) {
      return absl::InvalidArgumentError("forward: path has a dot segment or an encoded '/'");
    }
  }
  return absl::OkStatus();
}

}  // namespace mxedge::matrix::internal
