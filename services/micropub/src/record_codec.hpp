#pragma once
// JSON encodings of the store records. Decoders take bytes read back from Redis, so anything
// malformed (not JSON, wrong types, missing keys) is an InvalidArgument naming the record and
// field, never an exception.
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "store_records.hpp"

namespace mxedge::micropub {

std::string EncodeLinkedSite(const LinkedSite& site);
absl::StatusOr<LinkedSite> DecodeLinkedSite(std::string_view json);

std::string EncodeUserPrefs(const UserPrefs& prefs);
absl::StatusOr<UserPrefs> DecodeUserPrefs(std::string_view json);

std::string EncodePendingLink(const PendingLink& link);
absl::StatusOr<PendingLink> DecodePendingLink(std::string_view json);

std::string EncodePendingPost(const PendingPost& post);
absl::StatusOr<PendingPost> DecodePendingPost(std::string_view json);

std::string EncodePostRecord(const PostRecord& post);
absl::StatusOr<PostRecord> DecodePostRecord(std::string_view json);

}  // namespace mxedge::micropub
