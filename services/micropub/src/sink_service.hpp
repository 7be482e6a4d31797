#pragma once
// mxedge.v1.EventSink for the micropub bot: each delivered event goes through Bot::Handle and
// gets DONE or RETRY_LATER (the router then holds the room's queue behind it). One user's events
// are handled one at a time (a user's settings and pending posts are read-modify-write records;
// the router serialises a room, but a user may have two DMs); different users' events run at
// the same time, within the Bot's per-site concurrency limit. QueryUser answers for the bot's own
// user id only; aliases do not exist. Each handler has a last-resort catch.
#include <string>

#include "bot.hpp"
#include "keyed_mutex.hpp"
#include "mxedge/v1/sink.grpc.pb.h"

namespace mxedge::micropub {

class SinkService final : public mxedge::v1::EventSink::Service {
 public:
  SinkService(Bot& bot, std::string bot_user_id)
      : bot_(bot), bot_user_id_(std::move(bot_user_id)) {}

  grpc::Status Deliver(grpc::ServerContext* context, const mxedge::v1::DeliverRequest* request,
                       mxedge::v1::DeliverReply* reply) override;
  grpc::Status QueryUser(grpc::ServerContext* context, const mxedge::v1::QueryUserRequest* request,
                         mxedge::v1::QueryUserReply* reply) override;
  grpc::Status QueryAlias(grpc::ServerContext* context,
                          const mxedge::v1::QueryAliasRequest* request,
                          mxedge::v1::QueryAliasReply* reply) override;

  // The delay suggested with RETRY_LATER.
  static constexpr int64_t kRetryAfterMs = 5'000;

 private:
  Bot& bot_;
  std::string bot_user_id_;
  KeyedMutex users_;
};

}  // namespace mxedge::micropub
