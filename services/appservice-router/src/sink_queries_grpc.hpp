#pragma once
// GrpcSinkQueries: SinkQueries over mxedge.v1.EventSink, synchronous with a deadline and the
// internal bearer token. An IRC network's queries go to a live irc-worker chosen by rendezvous
// hashing of "<network>:<queried id>" (any worker answers for its network); micropub's go to the
// configured micropub address. kUnavailable when no worker is live or no address is configured.
#include <chrono>
#include <string>

#include "irc_routing.hpp"
#include "sink_channel_cache.hpp"
#include "sink_queries.hpp"

namespace mxedge::appservice_router {

struct GrpcSinkQueriesOptions {
  std::string bearer_token;
  std::chrono::milliseconds deadline{5000};
  std::string micropub_address;  // empty: micropub queries are unavailable
};

class GrpcSinkQueries final : public SinkQueries {
 public:
  // `channels` and `irc` must outlive the queries.
  GrpcSinkQueries(GrpcSinkQueriesOptions options, SinkChannelCache& channels, IrcRouter& irc);

  absl::StatusOr<v1::QueryUserReply> QueryUser(const SinkRef& sink,
                                               const v1::QueryUserRequest& request) override;
  absl::StatusOr<v1::QueryAliasReply> QueryAlias(const SinkRef& sink,
                                                 const v1::QueryAliasRequest& request) override;
  absl::StatusOr<v1::ThirdPartyProtocolReply> ThirdPartyProtocol(
      const SinkRef& sink, const v1::ThirdPartyProtocolRequest& request) override;
  absl::StatusOr<v1::ThirdPartyLookupReply> ThirdPartyLookup(
      const SinkRef& sink, const v1::ThirdPartyLookupRequest& request) override;

 private:
  // The address serving `sink`, routed by `key` for IRC.
  absl::StatusOr<std::string> AddressFor(const SinkRef& sink, std::string_view key);

  template <typename Request, typename Reply, typename Method>
  absl::StatusOr<Reply> Call(const SinkRef& sink, std::string_view key, std::string_view name,
                             const Request& request, Method method);

  GrpcSinkQueriesOptions options_;
  SinkChannelCache& channels_;
  IrcRouter& irc_;
};

}  // namespace mxedge::appservice_router
