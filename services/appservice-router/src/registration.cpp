#include "registration.hpp"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "mxedge/common/check.hpp"

namespace mxedge::appservice_router {
namespace {

absl::string_view Av(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// A JSON string is a valid YAML double-quoted scalar.
std::string Quote(std::string_view text) { return nlohmann::json(std::string(text)).dump(); }

void AppendNamespace(std::string& out, std::string_view name,
                     const std::vector<std::string>& regexes) {
  absl::StrAppend(&out, "  ", Av(name), ":");
  if (regexes.empty()) {
    absl::StrAppend(&out, " []\n");
    return;
  }
  absl::StrAppend(&out, "\n");
  for (const std::string& regex : regexes) {
    absl::StrAppend(&out, "    - exclusive: true\n      regex: ", Quote(regex), "\n");
  }
}

}  // namespace

std::string RenderRegistration(const RegistrationValues& values, const Namespaces& namespaces) {
  std::string out;
  absl::StrAppend(&out, "id: ", Quote(values.id), "\n");
  absl::StrAppend(&out, "url: ", Quote(values.url), "\n");
  absl::StrAppend(&out, "as_token: ", Quote(values.as_token), "\n");
  absl::StrAppend(&out, "hs_token: ", Quote(values.hs_token), "\n");
  absl::StrAppend(&out, "sender_localpart: ", Quote(values.sender_localpart), "\n");
  absl::StrAppend(&out, "namespaces:\n");
  AppendNamespace(out, "users", namespaces.user_regexes());
  AppendNamespace(out, "aliases", namespaces.alias_regexes());
  AppendNamespace(out, "rooms", {});
  absl::StrAppend(&out, "rate_limited: false\n");
  absl::StrAppend(&out, "receive_ephemeral: true\n");
  absl::StrAppend(&out, "de.sorunome.msc2409.push_ephemeral: true\n");
  absl::StrAppend(&out, "protocols:\n  - \"irc\"\n");
  return out;
}

std::string RandomToken() {
  std::array<unsigned char, 32> bytes{};
  MXEDGE_CHECK(RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) == 1);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 0xf];
  }
  return out;
}

absl::Status WriteSecretFile(const std::string& path, const std::string& content) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::UnavailableError(absl::StrCat("open ", path, ": ", std::strerror(errno)));
  }
  if (fchmod(fd, 0600) != 0) {
    int err = errno;
    close(fd);
    return absl::UnavailableError(absl::StrCat("chmod ", path, ": ", std::strerror(err)));
  }
  size_t written = 0;
  while (written < content.size()) {
    ssize_t n = write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      int err = errno;
      close(fd);
      return absl::UnavailableError(absl::StrCat("write ", path, ": ", std::strerror(err)));
    }
    written += static_cast<size_t>(n);
  }
  if (close(fd) != 0) {
    return absl::UnavailableError(absl::StrCat("close ", path, ": ", std::strerror(errno)));
  }
  return absl::OkStatus();
}

absl::StatusOr<GenerateRegistrationArgs> ParseGenerateRegistrationArgs(
    const std::vector<std::string>& args) {
  GenerateRegistrationArgs out;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    std::optional<std::string>* target = nullptr;
    std::string name;
    for (auto [flag, field] :
         {std::pair{"--config", &out.config_path}, std::pair{"--output", &out.output_path},
          std::pair{"--url", &out.url}}) {
      if (arg == flag || absl::StartsWith(arg, absl::StrCat(flag, "="))) {
        target = field;
        name = flag;
      }
    }
    if (target == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("generate-registration: unknown argument '", arg, "'"));
    }
    std::string value;
    if (arg.size() > name.size()) {
      value = arg.substr(name.size() + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("generate-registration: ", name, " needs a value"));
    }
    if (value.empty() || target->has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat("generate-registration: ", name, " given twice or empty"));
    }
    *target = value;
  }
  return out;
}

absl::Status RunGenerateRegistration(const GenerateRegistrationArgs& args,
                                     const common::EnvLookup& env, std::ostream& out) {
  common::ConfigSource source;
  source.file_path = args.config_path;
  absl::StatusOr<Config> config = LoadConfig(source, env, /*require_secrets=*/false);
  if (!config.ok()) {
    return config.status();
  }
  absl::StatusOr<Namespaces> namespaces = Namespaces::Create(*config);
  if (!namespaces.ok()) {
    return namespaces.status();
  }
  RegistrationValues values;
  values.id = config->appservice.id;
  values.url = args.url.value_or(config->appservice.url);
  values.as_token =
      config->homeserver.as_token.empty() ? RandomToken() : config->homeserver.as_token;
  values.hs_token =
      config->homeserver.hs_token.empty() ? RandomToken() : config->homeserver.hs_token;
  values.sender_localpart = config->appservice.sender_localpart;
  std::string text = RenderRegistration(values, *namespaces);
  if (args.output_path.has_value()) {
    return WriteSecretFile(*args.output_path, text);
  }
  out << text;
  return out.good() ? absl::OkStatus() : absl::UnavailableError("writing the registration failed");
}

}  // namespace mxedge::appservice_router
