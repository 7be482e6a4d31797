#include "sink_service.hpp"

#include <exception>

#include "mxedge/common/log.hpp"

namespace mxedge::micropub {

grpc::Status SinkService::Deliver(grpc::ServerContext* /*context*/,
                                  const mxedge::v1::DeliverRequest* request,
                                  mxedge::v1::DeliverReply* reply) {
  reply->set_request_id(request->request_id());
  for (const mxedge::v1::MatrixEvent& event : request->events()) {
    mxedge::v1::EventOutcome* outcome = reply->add_outcomes();
    const KeyedMutex::Guard user = users_.Lock(event.sender());
    outcome->set_event_id(event.event_id());
    try {
      const HandleResult result = bot_.Handle(event);
      if (result.retry_later) {
        outcome->set_outcome(mxedge::v1::DELIVERY_OUTCOME_RETRY_LATER);
        outcome->set_reason(result.reason);
        outcome->set_retry_after_ms(kRetryAfterMs);
      } else {
        outcome->set_outcome(mxedge::v1::DELIVERY_OUTCOME_DONE);
      }
    } catch (const std::exception& e) {
      common::LogError("micropub deliver failed",
                       {{"event_id", event.event_id()}, {"error", std::string(e.what())}});
      outcome->set_outcome(mxedge::v1::DELIVERY_OUTCOME_RETRY_LATER);
      outcome->set_reason("internal error");
      outcome->set_retry_after_ms(kRetryAfterMs);
    }
  }
  return grpc::Status::OK;
}

grpc::Status SinkService::QueryUser(grpc::ServerContext* /*context*/,
                                    const mxedge::v1::QueryUserRequest* request,
                                    mxedge::v1::QueryUserReply* reply) {
  reply->set_request_id(request->request_id());
  reply->set_exists(request->user_id() == bot_user_id_);
  return grpc::Status::OK;
}

grpc::Status SinkService::QueryAlias(grpc::ServerContext* /*context*/,
                                     const mxedge::v1::QueryAliasRequest* request,
                                     mxedge::v1::QueryAliasReply* reply) {
  reply->set_request_id(request->request_id());
  reply->set_exists(false);
  return grpc::Status::OK;
}

}  // namespace mxedge::micropub
