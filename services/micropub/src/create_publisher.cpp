#include "create_publisher.hpp"

#include <optional>

#include "mxedge/common/log.hpp"
#include "mxedge/indieweb/micropub_error.hpp"

namespace mxedge::micropub {

bool IsDefiniteRefusal(const absl::Status& status) {
  const std::optional<indieweb::MicropubError> error = indieweb::MicropubErrorFromStatus(status);
  if (!error.has_value()) {
    return false;  // transport failure: the POST may have arrived
  }
  switch (error->kind) {
    case indieweb::MicropubErrorKind::kInvalidRequest:
    case indieweb::MicropubErrorKind::kUnauthorized:
    case indieweb::MicropubErrorKind::kLoginRedirect:
    case indieweb::MicropubErrorKind::kForbidden:
    case indieweb::MicropubErrorKind::kInsufficientScope:
    case indieweb::MicropubErrorKind::kNotFound:
    case indieweb::MicropubErrorKind::kRateLimited:
      return true;
    default:
      return false;
  }
}

absl::Status CreatePublisher::Record(std::string_view event_id, const PendingPost& pending,
                                     const std::string& url) {
  if (absl::Status put = store_.PutPost(event_id, PostRecord{pending.mxid, pending.me, url});
      !put.ok()) {
    return put;
  }
  return store_.ClearPending(event_id);
}

absl::StatusOr<CreateReport> CreatePublisher::CheckEarlierDelivery(indieweb::MicropubClient& client,
                                                                   std::string_view event_id,
                                                                   const PendingPost& earlier) {
  if (earlier.url.empty()) {
    return CreateReport{CreateOutcome::kNeedsUser, "", 0};
  }
  absl::StatusOr<nlohmann::json> source = client.QuerySource(earlier.url, {"content"});
  if (source.ok()) {
    if (absl::Status recorded = Record(event_id, earlier, earlier.url); !recorded.ok()) {
      return recorded;
    }
    return CreateReport{CreateOutcome::kAlreadyPosted, earlier.url, 0};
  }
  common::LogWarn(
      "earlier create of an event could not be confirmed",
      {{"event_id", std::string(event_id)}, {"error", std::string(source.status().message())}});
  return CreateReport{CreateOutcome::kNeedsUser, earlier.url, 0};
}

absl::StatusOr<CreateReport> CreatePublisher::Publish(indieweb::MicropubClient& client,
                                                      std::string_view event_id,
                                                      const PendingPost& pending,
                                                      const indieweb::Post& post, bool retry) {
  absl::StatusOr<std::optional<PostRecord>> done = store_.Post(event_id);
  if (!done.ok()) {
    return done.status();
  }
  if (done->has_value()) {
    return CreateReport{CreateOutcome::kAlreadyPosted, (*done)->url, 0};
  }
  absl::StatusOr<bool> begun = store_.TryBeginPending(event_id, pending, pending_ttl_);
  if (!begun.ok()) {
    return begun.status();
  }
  if (!*begun && !retry) {
    absl::StatusOr<std::optional<PendingPost>> earlier = store_.Pending(event_id);
    if (!earlier.ok()) {
      return earlier.status();
    }
    if (earlier->has_value()) {
      return CheckEarlierDelivery(client, event_id, **earlier);
    }
    // The record expired between the two calls: start again.
    begun = store_.TryBeginPending(event_id, pending, pending_ttl_);
    if (!begun.ok()) {
      return begun.status();
    }
  }
  absl::StatusOr<indieweb::CreateResult> created = client.Create(post);
  if (!created.ok()) {
    if (IsDefiniteRefusal(created.status())) {
      if (absl::Status cleared = store_.ClearPending(event_id); !cleared.ok()) {
        common::LogWarn(
            "could not clear a refused create's pending record",
            {{"event_id", std::string(event_id)}, {"error", std::string(cleared.message())}});
      }
    }
    return created.status();
  }
  if (absl::Status recorded = Record(event_id, pending, created->location); !recorded.ok()) {
    return recorded;
  }
  return CreateReport{CreateOutcome::kPosted, created->location, created->http_status};
}

}  // namespace mxedge::micropub
