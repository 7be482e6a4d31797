#pragma once
// The appservice registration file the homeserver loads, and the `generate-registration` command.
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "config.hpp"
#include "mxedge/common/environment.hpp"
#include "namespaces.hpp"

namespace mxedge::appservice_router {

struct RegistrationValues {
  std::string id;
  std::string url;
  std::string as_token;
  std::string hs_token;
  std::string sender_localpart;
};

// The registration YAML: id, url, tokens, sender_localpart, exclusive user and alias namespaces,
// rate_limited: false, receive_ephemeral (stable and MSC2409 keys), protocols: [irc].
std::string RenderRegistration(const RegistrationValues& values, const Namespaces& namespaces);

// 64 hex characters from the OpenSSL CSPRNG.
std::string RandomToken();

// Writes `content` to `path` with mode 0600 (an existing file is truncated and re-moded).
absl::Status WriteSecretFile(const std::string& path, const std::string& content);

struct GenerateRegistrationArgs {
  std::optional<std::string> config_path;
  std::optional<std::string> output_path;  // stdout when absent
  std::optional<std::string> url;          // overrides appservice.url
};

// Parses the arguments after `generate-registration`.
absl::StatusOr<GenerateRegistrationArgs> ParseGenerateRegistrationArgs(
    const std::vector<std::string>& args);

// Loads the config (secrets optional), takes the tokens from it or makes random ones, and writes
// the registration to the output file or to `out`.
absl::Status RunGenerateRegistration(const GenerateRegistrationArgs& args,
                                     const common::EnvLookup& env, std::ostream& out);

}  // namespace mxedge::appservice_router
