#include "sasl_credentials.hpp"

#include <fstream>
#include <sstream>

#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {
namespace {

constexpr std::size_t kMaxAccountBytes = 64;

void ReplaceAll(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos;
       at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

}  // namespace

absl::StatusOr<std::string> ReadSecretFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(common::Cat("cannot read ", path));
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

std::vector<std::string> SaslConfigErrors(const SaslConfig& sasl, std::string_view prefix,
                                          bool require_secrets) {
  std::vector<std::string> errors;
  if (sasl.mechanism == "none") {
    return errors;
  }
  if (sasl.mechanism == "external") {
    // The certificate names the account: no account template or password is used.
    if (!sasl.password.empty()) {
      errors.push_back(common::Cat(prefix, ".password: not used with mechanism external"));
    }
    if (!sasl.password_dir.empty()) {
      errors.push_back(common::Cat(prefix, ".password_dir: not used with mechanism external"));
    }
    return errors;
  }
  if (sasl.account_template.empty()) {
    errors.push_back(common::Cat(prefix, ".account_template: must not be empty"));
  } else if (absl::StatusOr<std::string> sample =
                 RenderSaslAccount(sasl.account_template, "@user:example.org", "nick");
             !sample.ok()) {
    errors.push_back(
        common::Cat(prefix, ".account_template: ", common::Std(sample.status().message())));
  }
  if (sasl.password_source == "shared") {
    if (require_secrets && sasl.password.empty()) {
      errors.push_back(common::Cat(prefix,
                                   ".password: required with password_source shared "
                                   "(MXEDGE_NETWORKS_<ID>_SASL_PASSWORD)"));
    }
    if (!sasl.password_dir.empty()) {
      errors.push_back(common::Cat(prefix, ".password_dir: only used with password_source file"));
    }
  } else if (sasl.password_source == "file") {
    if (sasl.password_dir.empty()) {
      errors.push_back(common::Cat(prefix, ".password_dir: required with password_source file"));
    }
    if (!sasl.password.empty()) {
      errors.push_back(common::Cat(prefix, ".password: only used with password_source shared"));
    }
  }
  return errors;
}

absl::StatusOr<std::string> RenderSaslAccount(std::string_view account_template,
                                              std::string_view mxid, std::string_view nick) {
  std::string_view localpart = mxid.substr(mxid.starts_with('@') ? 1 : 0);
  localpart = localpart.substr(0, localpart.find(':'));
  std::string account(account_template);
  ReplaceAll(account, "$LOCALPART", localpart);
  ReplaceAll(account, "$NICK", nick);
  if (account.empty()) {
    return absl::InvalidArgumentError("SASL account is empty");
  }
  if (account.size() > kMaxAccountBytes) {
    return absl::InvalidArgumentError(
        common::Cat("SASL account is longer than ", kMaxAccountBytes, " bytes"));
  }
  if (account.front() == '.') {
    return absl::InvalidArgumentError("SASL account starts with '.'");
  }
  for (unsigned char c : account) {
    if (c == '/' || c <= ' ' || c == 0x7f) {
      return absl::InvalidArgumentError("SASL account holds '/', a space or a control character");
    }
  }
  return account;
}

absl::StatusOr<std::optional<SaslCredentials>> ResolveSaslCredentials(
    const SaslConfig& sasl, std::string_view mxid, std::string_view nick,
    const SecretFileReader& read_file) {
  if (sasl.mechanism == "none" || sasl.mechanism == "external") {
    // EXTERNAL credentials come with the client certificate (ApplyClientCertificate).
    return std::nullopt;
  }
  absl::StatusOr<std::string> account = RenderSaslAccount(sasl.account_template, mxid, nick);
  if (!account.ok()) {
    return account.status();
  }
  if (sasl.password_source == "shared") {
    return SaslCredentials{.account = *account, .password = sasl.password};
  }
  const std::string path = common::Cat(sasl.password_dir, "/", *account);
  absl::StatusOr<std::string> password = read_file(path);
  if (!password.ok()) {
    return absl::NotFoundError(common::Cat("no SASL password for account ", *account, ": ",
                                           common::Std(password.status().message())));
  }
  if (!password->empty() && password->back() == '\n') {
    password->pop_back();
    if (!password->empty() && password->back() == '\r') {
      password->pop_back();
    }
  }
  if (password->empty()) {
    return absl::NotFoundError(
        common::Cat("the SASL password file of account ", *account, " is empty"));
  }
  return SaslCredentials{.account = *std::move(account), .password = *std::move(password)};
}

}  // namespace mxedge::irc_worker
