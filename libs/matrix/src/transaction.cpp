#include "mxedge/matrix/transaction.hpp"

#include <openssl/sha.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl_compat.hpp"
#include "event_json.hpp"

namespace mxedge::matrix {
namespace {

using nlohmann::json;

constexpr std::string_view kStableEphemeral = "ephemeral";
constexpr std::string_view kUnstableEphemeral = "de.sorunome.msc2409.ephemeral";
constexpr std::string_view kStableToDevice = "to_device";
constexpr std::string_view kUnstableToDevice = "de.sorunome.msc2409.to_device";

// The member `name` if present and not null.
const json* Member(const json& object, std::string_view name) {
  auto it = object.find(std::string(name));
  if (it == object.end() || it->is_null()) {
    return nullptr;
  }
  return &*it;
}

}  // namespace

absl::StatusOr<Transaction> ParseTransaction(std::string_view body,
                                             const TransactionLimits& limits) {
  if (body.size() > limits.max_body_bytes) {
    return absl::InvalidArgumentError(absl::StrCat("transaction: body of ", body.size(),
                                                   " bytes exceeds ", limits.max_body_bytes));
  }
  if (!internal::NestingWithin(body, limits.max_depth)) {
    return absl::InvalidArgumentError(
        absl::StrCat("transaction: nested deeper than ", limits.max_depth, " levels"));
  }
  json root = json::parse(body, nullptr, false);
  if (root.is_discarded()) {
    return absl::InvalidArgumentError("transaction: body is not valid JSON");
  }
  if (!root.is_object()) {
    return absl::InvalidArgumentError(
        absl::StrCat("transaction: body must be an object, not ", root.type_name()));
  }
  const json* events = Member(root, "events");
  if (events == nullptr) {
    return absl::InvalidArgumentError("transaction: events: missing");
  }
  if (!events->is_array()) {
    return absl::InvalidArgumentError(
        absl::StrCat("transaction: events: must be an array, not ", events->type_name()));
  }
  if (events->size() > limits.max_events) {
    return absl::InvalidArgumentError(absl::StrCat("transaction: events: ", events->size(),
                                                   " events exceed ", limits.max_events));
  }
  std::string_view ephemeral_name = kStableEphemeral;
  const json* ephemeral = Member(root, kStableEphemeral);
  if (ephemeral == nullptr) {
    ephemeral_name = kUnstableEphemeral;
    ephemeral = Member(root, kUnstableEphemeral);
  }
  if (ephemeral != nullptr) {
    if (!ephemeral->is_array()) {
      return absl::InvalidArgumentError(absl::StrCat("transaction: ", internal::Sv(ephemeral_name),
                                                     ": must be an array, not ",
                                                     ephemeral->type_name()));
    }
    if (ephemeral->size() > limits.max_ephemeral) {
      return absl::InvalidArgumentError(absl::StrCat("transaction: ", internal::Sv(ephemeral_name),
                                                     ": ", ephemeral->size(), " events exceed ",
                                                     limits.max_ephemeral));
    }
  }

  Transaction out;
  out.events.reserve(events->size());
  for (size_t i = 0; i < events->size(); ++i) {
    absl::StatusOr<Event> event =
        internal::EventFromJson((*events)[i], absl::StrCat("events[", i, "]"));
    if (!event.ok()) {
      if (!limits.skip_malformed_events) {
        return event.status();
      }
      out.rejected.push_back({i, false, event.status()});
      continue;
    }
    out.events.push_back(*std::move(event));
  }
  if (ephemeral != nullptr) {
    out.ephemeral.reserve(ephemeral->size());
    for (size_t i = 0; i < ephemeral->size(); ++i) {
      absl::StatusOr<EphemeralEvent> event = internal::EphemeralFromJson(
          (*ephemeral)[i], absl::StrCat(internal::Sv(ephemeral_name), "[", i, "]"));
      if (!event.ok()) {
        if (!limits.skip_malformed_events) {
          return event.status();
        }
        out.rejected.push_back({i, true, event.status()});
        continue;
      }
      out.ephemeral.push_back(*std::move(event));
    }
  }
  for (std::string_view name : {kStableToDevice, kUnstableToDevice}) {
    if (const json* to_device = Member(root, name); to_device != nullptr) {
      if (!to_device->is_array()) {
        return absl::InvalidArgumentError(absl::StrCat("transaction: ", internal::Sv(name),
                                                       ": must be an array, not ",
                                                       to_device->type_name()));
      }
      out.to_device_count = to_device->size();
      break;
    }
  }
  return out;
}

std::string FingerprintOfIds(std::vector<std::string> event_ids) {
  std::sort(event_ids.begin(), event_ids.end());
  const std::string joined = absl::StrJoin(event_ids, "\n");
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(joined.data()), joined.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

std::string Fingerprint(const std::vector<Event>& events) {
  std::vector<std::string> ids;
  ids.reserve(events.size());
  for (const Event& event : events) {
    ids.push_back(event.event_id);
  }
  return FingerprintOfIds(std::move(ids));
}

}  // namespace mxedge::matrix
