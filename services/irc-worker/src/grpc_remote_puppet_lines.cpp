#include "grpc_remote_puppet_lines.hpp"

#include <utility>

#include "bridged_rooms.hpp"

#include "mxedge/common/request_id.hpp"
#include "mxedge/common/str_cat.hpp"
#include "mxedge/ownership/lease.hpp"
#include "mxedge/redis/commands.hpp"
#include "mxedge/rpc/bearer_token.hpp"
#include "mxedge/rpc/channel_factory.hpp"
#include "mxedge/rpc/status_conversion.hpp"

namespace mxedge::irc_worker {

using common::Cat;

GrpcRemotePuppetLines::GrpcRemotePuppetLines(redis::RedisClient& client, IrcKeys keys,
                                             std::string self_worker_id, std::string internal_token,
                                             std::chrono::milliseconds timeout)
    : client_(client),
      keys_(std::move(keys)),
      self_(std::move(self_worker_id)),
      internal_token_(std::move(internal_token)),
      timeout_(timeout) {}

v1::IrcControl::Stub& GrpcRemotePuppetLines::StubFor(const std::string& address) {
  std::lock_guard lock(mu_);
  std::unique_ptr<v1::IrcControl::Stub>& stub = stubs_[address];
  if (stub == nullptr) {
    rpc::ChannelOptions options;
    options.target = address;
    stub = v1::IrcControl::NewStub(rpc::CreateChannel(options));
  }
  return *stub;
}

absl::Status GrpcRemotePuppetLines::SendLine(std::string_view network, std::string_view mxid,
                                             std::string line) {
  if (absl::Status s = ValidateNetworkAndPart(network, "user id", mxid); !s.ok()) {
    return s;
  }
  absl::StatusOr<std::optional<std::string>> conn = redis::Get(client_, keys_.Conn(network, mxid));
  if (!conn.ok()) {
    return conn.status();
  }
  if (!conn->has_value()) {
    return absl::NotFoundError(Cat("no worker holds the connection of ", mxid));
  }
  absl::StatusOr<ownership::Lease> lease = ownership::ParseLease(**conn);
  if (!lease.ok()) {
    return absl::DataLossError(Cat("the connection record of ", mxid, " is not a lease"));
  }
  if (lease->owner_id == self_) {
    return absl::FailedPreconditionError("this worker holds the connection");
  }
  absl::StatusOr<std::optional<std::string>> address =
      redis::HGet(client_, keys_.Worker(lease->owner_id), "grpc_address");
  if (!address.ok()) {
    return address.status();
  }
  if (!address->has_value() || (*address)->empty()) {
    return absl::NotFoundError(Cat("worker ", lease->owner_id, " has no grpc_address"));
  }
  v1::SendRawRequest request;
  request.set_request_id(common::NewRequestId());
  request.set_network(std::string(network));
  request.set_user_id(std::string(mxid));
  request.set_line(std::move(line));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + timeout_);
  rpc::AttachBearerToken(context, internal_token_);
  v1::SendRawReply reply;
  if (grpc::Status status = StubFor(**address).SendRaw(&context, request, &reply); !status.ok()) {
    return rpc::FromGrpcStatus(status);
  }
  if (!reply.queued()) {
    return absl::UnavailableError(Cat("worker ", lease->owner_id, " did not queue the line"));
  }
  return absl::OkStatus();
}

}  // namespace mxedge::irc_worker
