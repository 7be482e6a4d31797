#include "sink_queries_grpc.hpp"

#include "dispatch_text.hpp"
#include "grpcpp/client_context.h"
#include "sink_grpc_status.hpp"

namespace mxedge::appservice_router {

using dispatch_text::Cat;

GrpcSinkQueries::GrpcSinkQueries(GrpcSinkQueriesOptions options, SinkChannelCache& channels,
                                 IrcRouter& irc)
    : options_(std::move(options)), channels_(channels), irc_(irc) {}

absl::StatusOr<std::string> GrpcSinkQueries::AddressFor(const SinkRef& sink, std::string_view key) {
  if (sink.kind == SinkKind::kMicropub) {
    if (options_.micropub_address.empty()) {
      return absl::UnavailableError("no micropub address configured");
    }
    return options_.micropub_address;
  }
  absl::StatusOr<IrcRoute> route =
      irc_.Resolve(sink.network, key.empty() ? std::string_view("query") : key,
                   /*want_connection=*/false);
  if (!route.ok()) {
    return route.status();
  }
  return route->address;
}

template <typename Request, typename Reply, typename Method>
absl::StatusOr<Reply> GrpcSinkQueries::Call(const SinkRef& sink, std::string_view key,
                                            std::string_view name, const Request& request,
                                            Method method) {
  absl::StatusOr<std::string> address = AddressFor(sink, key);
  if (!address.ok()) {
    return dispatch_text::WithContext(address.status(), Cat(name, " to ", sink.Name()));
  }
  std::shared_ptr<v1::EventSink::Stub> stub = channels_.StubFor(*address);
  grpc::ClientContext context;
  PrepareSinkCallContext(context, options_.bearer_token, options_.deadline, request.request_id());
  Reply reply;
  grpc::Status status = ((*stub).*method)(&context, request, &reply);
  if (!status.ok()) {
    return SinkStatusFromGrpc(status, name, *address);
  }
  return reply;
}

absl::StatusOr<v1::QueryUserReply> GrpcSinkQueries::QueryUser(const SinkRef& sink,
                                                              const v1::QueryUserRequest& request) {
  return Call<v1::QueryUserRequest, v1::QueryUserReply>(sink, request.user_id(), "QueryUser",
                                                        request, &v1::EventSink::Stub::QueryUser);
}

absl::StatusOr<v1::QueryAliasReply> GrpcSinkQueries::QueryAlias(
    const SinkRef& sink, const v1::QueryAliasRequest& request) {
  return Call<v1::QueryAliasRequest, v1::QueryAliasReply>(
      sink, request.alias(), "QueryAlias", request, &v1::EventSink::Stub::QueryAlias);
}

absl::StatusOr<v1::ThirdPartyProtocolReply> GrpcSinkQueries::ThirdPartyProtocol(
    const SinkRef& sink, const v1::ThirdPartyProtocolRequest& request) {
  return Call<v1::ThirdPartyProtocolRequest, v1::ThirdPartyProtocolReply>(
      sink, request.protocol(), "ThirdPartyProtocol", request,
      &v1::EventSink::Stub::ThirdPartyProtocol);
}

absl::StatusOr<v1::ThirdPartyLookupReply> GrpcSinkQueries::ThirdPartyLookup(
    const SinkRef& sink, const v1::ThirdPartyLookupRequest& request) {
  std::string key = request.matrix_id();
  if (key.empty()) {
    key = request.protocol();
  }
  return Call<v1::ThirdPartyLookupRequest, v1::ThirdPartyLookupReply>(
      sink, key, "ThirdPartyLookup", request, &v1::EventSink::Stub::ThirdPartyLookup);
}

}  // namespace mxedge::appservice_router
