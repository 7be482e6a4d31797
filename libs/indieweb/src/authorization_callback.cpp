#include "mxedge/indieweb/authorization_callback.hpp"

#include <optional>

#include "absl/status/status.h"
#include "mxedge/common/constant_time.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::indieweb {

using common::Cat;

namespace {

// The single value of `name`; InvalidArgument when repeated.
absl::StatusOr<std::optional<std::string>> Single(const CallbackQuery& query,
                                                  const std::string& name) {
  const auto [begin, end] = query.equal_range(name);
  if (begin == end) return std::optional<std::string>();
  if (std::next(begin) != end) {
    return absl::InvalidArgumentError(Cat("authorization response repeats '", name, "'"));
  }
  return std::optional<std::string>(begin->second);
}

// Printable ASCII only, at most 200 characters: the value came from another server.
std::string Printable(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (out.size() >= 200) break;
    out.push_back(c >= 0x20 && c < 0x7f ? c : '?');
  }
  return out;
}

}  // namespace

absl::StatusOr<std::string> CallbackState(const CallbackQuery& query) {
  absl::StatusOr<std::optional<std::string>> state = Single(query, "state");
  if (!state.ok()) return state.status();
  if (!state->has_value() || (*state)->empty()) {
    return absl::InvalidArgumentError("authorization response has no state");
  }
  return **state;
}

absl::StatusOr<std::string> CheckAuthorizationCallback(const CallbackQuery& query,
                                                       const PendingAuthorization& pending) {
  absl::StatusOr<std::string> state = CallbackState(query);
  if (!state.ok()) return state.status();
  if (pending.state.empty() || !common::ConstantTimeEquals(*state, pending.state)) {
    return absl::PermissionDeniedError("authorization response state does not match");
  }
  absl::StatusOr<std::optional<std::string>> iss = Single(query, "iss");
  if (!iss.ok()) return iss.status();
  if (!pending.issuer.empty()) {
    if (!iss->has_value()) {
      return absl::PermissionDeniedError(
          Cat("authorization response has no iss; expected ", pending.issuer));
    }
    if (**iss != pending.issuer) {
      return absl::PermissionDeniedError(Cat("authorization response iss '", Printable(**iss),
                                             "' is not the issuer ", pending.issuer));
    }
  }
  absl::StatusOr<std::optional<std::string>> error = Single(query, "error");
  if (!error.ok()) return error.status();
  if (error->has_value()) {
    std::string message = Cat("authorization refused: ", Printable(**error));
    const auto description = query.find("error_description");
    if (description != query.end() && !description->second.empty()) {
      message = Cat(message, " (", Printable(description->second), ")");
    }
    return absl::PermissionDeniedError(message);
  }
  absl::StatusOr<std::optional<std::string>> code = Single(query, "code");
  if (!code.ok()) return code.status();
  if (!code->has_value() || (*code)->empty()) {
    return absl::InvalidArgumentError("authorization response has no code");
  }
  return **code;
}

}  // namespace mxedge::indieweb
