#include "mxedge/indieweb/server_metadata.hpp"

#include <algorithm>

#include "absl/status/status.h"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/indieweb/url.hpp"
#include "nlohmann/json.hpp"

namespace mxedge::indieweb {

using common::Cat;
namespace {

using nlohmann::json;

absl::Status Invalid(std::string_view member, std::string_view why) {
  return absl::InvalidArgumentError(Cat("server metadata: '", member, "' ", why));
}

absl::StatusOr<std::string> UrlMember(const json& doc, std::string_view name, bool required) {
  const auto it = doc.find(std::string(name));
  if (it == doc.end() || it->is_null()) {
    if (required) return Invalid(name, "is missing");
    return std::string();
  }
  if (!it->is_string()) return Invalid(name, "is not a string");
  const std::string value = it->get<std::string>();
  absl::StatusOr<Url> url = ParseUrl(value);
  if (!url.ok() || (url->scheme != "https" && url->scheme != "http")) {
    return Invalid(name, "is not an absolute http(s) URL");
  }
  return value;
}

absl::StatusOr<std::vector<std::string>> StringList(const json& doc, std::string_view name) {
  std::vector<std::string> out;
  const auto it = doc.find(std::string(name));
  if (it == doc.end() || it->is_null()) return out;
  if (!it->is_array()) return Invalid(name, "is not a list");
  for (const json& item : *it) {
    if (!item.is_string()) return Invalid(name, "has a member that is not a string");
    out.push_back(item.get<std::string>());
  }
  return out;
}

}  // namespace

bool ServerMetadata::SupportsS256() const {
  return code_challenge_methods_supported.empty() ||
         std::find(code_challenge_methods_supported.begin(), code_challenge_methods_supported.end(),
                   "S256") != code_challenge_methods_supported.end();
}

absl::StatusOr<ServerMetadata> ParseServerMetadata(std::string_view body,
                                                   std::string_view metadata_url) {
  if (body.size() > kMaxMetadataBytes) {
    return absl::InvalidArgumentError(Cat("server metadata is over ", kMaxMetadataBytes, " bytes"));
  }
  const json doc = json::parse(body.begin(), body.end(), nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) {
    return absl::InvalidArgumentError("server metadata is not a JSON object");
  }
  ServerMetadata m;
  absl::StatusOr<std::string> issuer = UrlMember(doc, "issuer", true);
  if (!issuer.ok()) return issuer.status();
  m.issuer = *issuer;
  if (m.issuer.find_first_of("?#") != std::string::npos) {
    return Invalid("issuer", "must not have a query or fragment");
  }
  if (!metadata_url.starts_with(m.issuer)) {
    return Invalid("issuer", Cat("'", m.issuer, "' is not a prefix of the metadata URL"));
  }
  struct Member {
    std::string_view name;
    std::string* out;
    bool required;
  };
  for (const Member& member : {Member{"authorization_endpoint", &m.authorization_endpoint, true},
                               Member{"token_endpoint", &m.token_endpoint, true},
                               Member{"introspection_endpoint", &m.introspection_endpoint, false},
                               Member{"revocation_endpoint", &m.revocation_endpoint, false},
                               Member{"userinfo_endpoint", &m.userinfo_endpoint, false}}) {
    absl::StatusOr<std::string> value = UrlMember(doc, member.name, member.required);
    if (!value.ok()) return value.status();
    *member.out = *std::move(value);
  }
  absl::StatusOr<std::vector<std::string>> methods =
      StringList(doc, "code_challenge_methods_supported");
  if (!methods.ok()) return methods.status();
  m.code_challenge_methods_supported = *std::move(methods);
  absl::StatusOr<std::vector<std::string>> scopes = StringList(doc, "scopes_supported");
  if (!scopes.ok()) return scopes.status();
  m.scopes_supported = *std::move(scopes);
  const auto iss = doc.find("authorization_response_iss_parameter_supported");
  if (iss != doc.end() && !iss->is_null()) {
    if (!iss->is_boolean()) {
      return Invalid("authorization_response_iss_parameter_supported", "is not a boolean");
    }
    m.authorization_response_iss_parameter_supported = iss->get<bool>();
  }
  return m;
}

}  // namespace mxedge::indieweb
