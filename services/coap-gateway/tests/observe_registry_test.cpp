#include "observe_registry.hpp"

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "request_translator.hpp"

namespace mxedge::coap_gateway {
namespace {

v1::HttpCall SyncCall(std::string since = "") {
  v1::HttpCall call;
  call.set_method(v1::HTTP_METHOD_GET);
  call.set_path("/_matrix/client/r0/sync");
  call.set_access_token("syt_secret");
  if (!since.empty()) {
    v1::QueryParam* param = call.add_query();
    param->set_key("since");
    param->set_value(since);
  }
  v1::QueryParam* timeout = call.add_query();
  timeout->set_key("timeout");
  timeout->set_value("0");
  return call;
}

std::string Param(const v1::HttpCall& call, const std::string& key) {
  for (const v1::QueryParam& param : call.query()) {
    if (param.key() == key) {
      return param.value();
    }
  }
  return "<absent>";
}

int Count(const v1::HttpCall& call, const std::string& key) {
  int count = 0;
  for (const v1::QueryParam& param : call.query()) {
    count += param.key() == key ? 1 : 0;
  }
  return count;
}

// Registers and answers the registration with next_batch "b1".
RegistrationId RegisterAnswered(ObserveRegistry& registry, ObserveKey key) {
  absl::StatusOr<RegistrationId> id = registry.Register(std::move(key), SyncCall());
  EXPECT_TRUE(id.ok());
  EXPECT_TRUE(registry.StartPoll(*id).ok());
  EXPECT_TRUE(registry.TakeObserveNumber(*id).ok());
  EXPECT_TRUE(registry.RecordAnswer(*id, "b1").ok());
  return *id;
}

TEST(ObserveRegistryTest, RegisterKeepsCallAndClientsSince) {
  ObserveRegistry registry;
  absl::StatusOr<RegistrationId> id = registry.Register(ObserveKey{1, "tok"}, SyncCall("s0"));
  ASSERT_TRUE(id.ok());
  const ObserveRegistry::Registration* registration = registry.Find(ObserveKey{1, "tok"});
  ASSERT_NE(registration, nullptr);
  EXPECT_EQ(registration->id, *id);
  EXPECT_EQ(registration->since, "s0");
  EXPECT_EQ(registration->call.access_token(), "syt_secret");
  EXPECT_EQ(registration->state, ObserveState::kIdle);
  EXPECT_EQ(registry.Find(*id), registration);
  EXPECT_EQ(registry.size(), 1u);
}

TEST(ObserveRegistryTest, FirstPollKeepsClientsQueryLaterPollsLongPoll) {
  ObserveRegistry registry(ObserveLimits{4, 100, 20000});
  RegistrationId id = *registry.Register(ObserveKey{1, "tok"}, SyncCall("s0"));
  absl::StatusOr<v1::HttpCall> first = registry.StartPoll(id);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(Param(*first, "since"), "s0");
  EXPECT_EQ(Param(*first, "timeout"), "0");
  EXPECT_EQ(registry.StateOf(id), ObserveState::kPolling);
  ASSERT_TRUE(registry.RecordAnswer(id, "b1").ok());
  absl::StatusOr<v1::HttpCall> second = registry.StartPoll(id);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(Param(*second, "since"), "b1");
  EXPECT_EQ(Param(*second, "timeout"), "20000");
  EXPECT_EQ(Count(*second, "since"), 1);
  EXPECT_EQ(Count(*second, "timeout"), 1);
  EXPECT_EQ(second->path(), "/_matrix/client/r0/sync");
}

TEST(ObserveRegistryTest, PollWithoutSinceAddsItOnceKnown) {
  ObserveRegistry registry;
  RegistrationId id = *registry.Register(ObserveKey{1, "tok"}, SyncCall());
  absl::StatusOr<v1::HttpCall> first = registry.StartPoll(id);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(Param(*first, "since"), "<absent>");
  ASSERT_TRUE(registry.RecordAnswer(id, "b1").ok());
  EXPECT_EQ(Param(*registry.StartPoll(id), "since"), "b1");
}

TEST(ObserveRegistryTest, ObserveNumbersRiseFromTwo) {
  ObserveRegistry registry;
  RegistrationId id = *registry.Register(ObserveKey{1, "tok"}, SyncCall());
  EXPECT_EQ(*registry.TakeObserveNumber(id), 2u);
  EXPECT_EQ(*registry.TakeObserveNumber(id), 3u);
  EXPECT_EQ(*registry.TakeObserveNumber(id), 4u);
}

TEST(ObserveNumberTest, WrapsAt24Bits) {
  EXPECT_EQ(NextObserveNumber(2), 3u);
  EXPECT_EQ(NextObserveNumber(kObserveNumberMask - 1), kObserveNumberMask);
  EXPECT_EQ(NextObserveNumber(kObserveNumberMask), 0u);
  EXPECT_EQ(NextObserveNumber(0), 1u);
}

TEST(ObserveRegistryTest, NotificationCycle) {
  ObserveRegistry registry;
  RegistrationId id = RegisterAnswered(registry, ObserveKey{1, "tok"});
  EXPECT_EQ(registry.StateOf(id), ObserveState::kIdle);
  ASSERT_TRUE(registry.StartPoll(id).ok());
  EXPECT_FALSE(registry.IsNews(id, "b1"));
  EXPECT_TRUE(registry.IsNews(id, "b2"));
  ASSERT_TRUE(registry.RecordNotification(id, 500, "b2").ok());
  const ObserveRegistry::Registration* registration = registry.Find(id);
  EXPECT_EQ(registration->state, ObserveState::kNotificationInFlight);
  EXPECT_EQ(registration->in_flight_mid, 500);
  EXPECT_EQ(registration->since, "b2");
  ASSERT_TRUE(registry.StartPoll(id).ok());
  ASSERT_TRUE(registry.RecordNotification(id, 501, "b3").ok());
  EXPECT_EQ(registration->in_flight_mid, 501);
  EXPECT_EQ(registration->previous_mid, 500);
  EXPECT_EQ(registration->notifications, 2u);
  EXPECT_EQ(registry.stats().notifications, 2u);
}

TEST(ObserveRegistryTest, UnchangedPollReturnsToPreviousState) {
  ObserveRegistry registry;
  RegistrationId id = RegisterAnswered(registry, ObserveKey{1, "tok"});
  ASSERT_TRUE(registry.StartPoll(id).ok());
  ASSERT_TRUE(registry.RecordUnchanged(id).ok());
  EXPECT_EQ(registry.StateOf(id), ObserveState::kIdle);
  ASSERT_TRUE(registry.StartPoll(id).ok());
  ASSERT_TRUE(registry.RecordNotification(id, 7, "b2").ok());
  ASSERT_TRUE(registry.StartPoll(id).ok());
  ASSERT_TRUE(registry.AbortPoll(id).ok());
  EXPECT_EQ(registry.StateOf(id), ObserveState::kNotificationInFlight);
  EXPECT_EQ(registry.Find(id)->since, "b2");
  EXPECT_EQ(registry.stats().unchanged_polls, 2u);
}

TEST(ObserveRegistryTest, StateErrors) {
  ObserveRegistry registry;
  RegistrationId id = *registry.Register(ObserveKey{1, "tok"}, SyncCall());
  EXPECT_EQ(registry.RecordNotification(id, 1, "b").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(registry.RecordAnswer(id, "b").code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(registry.RecordUnchanged(id).code(), absl::StatusCode::kFailedPrecondition);
  ASSERT_TRUE(registry.StartPoll(id).ok());
  absl::StatusOr<v1::HttpCall> twice = registry.StartPoll(id);
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(twice.status().message(), "Observe registration 1 already has a poll running");
  RegistrationId unknown = id + 100;
  EXPECT_EQ(registry.StartPoll(unknown).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(registry.TakeObserveNumber(unknown).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(registry.RecordNotification(unknown, 1, "b").code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(registry.StateOf(unknown), ObserveState::kClosed);
  EXPECT_FALSE(registry.IsNews(unknown, "b"));
}

TEST(ObserveRegistryTest, ReRegisterReplacesAndInvalidatesOldId) {
  ObserveRegistry registry;
  RegistrationId old_id = RegisterAnswered(registry, ObserveKey{1, "tok"});
  ASSERT_TRUE(registry.StartPoll(old_id).ok());
  ASSERT_TRUE(registry.RecordNotification(old_id, 9, "b2").ok());
  absl::StatusOr<RegistrationId> new_id = registry.Register(ObserveKey{1, "tok"}, SyncCall("b1"));
  ASSERT_TRUE(new_id.ok());
  EXPECT_NE(*new_id, old_id);
  EXPECT_EQ(registry.size(), 1u);
  EXPECT_EQ(registry.SessionSize(1), 1u);
  EXPECT_EQ(registry.stats().replaced, 1u);
  EXPECT_EQ(registry.StateOf(old_id), ObserveState::kClosed);
  EXPECT_EQ(registry.RecordAnswer(old_id, "b3").code(), absl::StatusCode::kNotFound);
  const ObserveRegistry::Registration* fresh = registry.Find(*new_id);
  EXPECT_EQ(fresh->since, "b1");
  EXPECT_EQ(fresh->next_observe, kFirstObserveNumber);
  EXPECT_FALSE(fresh->in_flight_mid.has_value());
  // The old registration's notification no longer belongs to anyone.
  EXPECT_FALSE(registry.OnNack(1, 9).has_value());
  EXPECT_EQ(registry.size(), 1u);
}

TEST(ObserveRegistryTest, DeregisterRemoves) {
  ObserveRegistry registry;
  RegistrationId id = RegisterAnswered(registry, ObserveKey{1, "tok"});
  EXPECT_TRUE(registry.Deregister(ObserveKey{1, "tok"}));
  EXPECT_FALSE(registry.Deregister(ObserveKey{1, "tok"}));
  EXPECT_EQ(registry.StateOf(id), ObserveState::kClosed);
  EXPECT_EQ(registry.size(), 0u);
  EXPECT_EQ(registry.stats().deregistered, 1u);
}

TEST(ObserveRegistryTest, NackOfInFlightNotificationDropsRegistration) {
  ObserveRegistry registry;
  RegistrationId id = RegisterAnswered(registry, ObserveKey{1, "tok"});
  RegistrationId other = RegisterAnswered(registry, ObserveKey{1, "other"});
  ASSERT_TRUE(registry.StartPoll(id).ok());
  ASSERT_TRUE(registry.RecordNotification(id, 40, "b2").ok());
  EXPECT_FALSE(registry.OnNack(2, 40).has_value());
  EXPECT_FALSE(registry.OnNack(1, 41).has_value());
  std::optional<ObserveKey> dropped = registry.OnNack(1, 40);
  ASSERT_TRUE(dropped.has_value());
  EXPECT_EQ(*dropped, (ObserveKey{1, "tok"}));
  EXPECT_EQ(registry.StateOf(id), ObserveState::kClosed);
  EXPECT_EQ(registry.StateOf(other), ObserveState::kIdle);
  EXPECT_EQ(registry.stats().nacked, 1u);
}

TEST(ObserveRegistryTest, LateNackOfPreviousNotificationStillDrops) {
  ObserveRegistry registry;
  RegistrationId id = RegisterAnswered(registry, ObserveKey{1, "tok"});
  ASSERT_TRUE(registry.StartPoll(id).ok());
  ASSERT_TRUE(registry.RecordNotification(id, 40, "b2").ok());
  ASSERT_TRUE(registry.StartPoll(id).ok());
  ASSERT_TRUE(registry.RecordNotification(id, 41, "b3").ok());
  EXPECT_TRUE(registry.OnNack(1, 40).has_value());
  EXPECT_EQ(registry.size(), 0u);
}

TEST(ObserveRegistryTest, NotificationTwoBackCountsAsDelivered) {
  ObserveRegistry registry;
  RegistrationId id = RegisterAnswered(registry, ObserveKey{1, "tok"});
  for (std::uint16_t mid : {40, 41, 42}) {
    ASSERT_TRUE(registry.StartPoll(id).ok());
    ASSERT_TRUE(registry.RecordNotification(id, mid, absl::StrCat("b", mid)).ok());
  }
  EXPECT_FALSE(registry.OnNack(1, 40).has_value());
  EXPECT_EQ(registry.StateOf(id), ObserveState::kNotificationInFlight);
}

TEST(ObserveRegistryTest, CapsPerSessionAndTotal) {
  ObserveRegistry registry(ObserveLimits{2, 3, 25000});
  ASSERT_TRUE(registry.Register(ObserveKey{1, "a"}, SyncCall()).ok());
  ASSERT_TRUE(registry.Register(ObserveKey{1, "b"}, SyncCall()).ok());
  absl::StatusOr<RegistrationId> third = registry.Register(ObserveKey{1, "c"}, SyncCall());
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(third.status().message(), "session already has 2 Observe registrations");
  EXPECT_EQ(CoapCodeOf(third.status()), msc3079::kCoapServiceUnavailable);
  // Replacing one of the two is allowed.
  EXPECT_TRUE(registry.Register(ObserveKey{1, "a"}, SyncCall()).ok());
  ASSERT_TRUE(registry.Register(ObserveKey{2, "a"}, SyncCall()).ok());
  absl::StatusOr<RegistrationId> over = registry.Register(ObserveKey{3, "a"}, SyncCall());
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().message(), "Observe registration limit of 3 reached");
  EXPECT_EQ(registry.stats().refused, 2u);
}

TEST(ObserveRegistryTest, DropSessionRemovesOnlyItsRegistrations) {
  ObserveRegistry registry;
  RegistrationId a = RegisterAnswered(registry, ObserveKey{1, "a"});
  RegisterAnswered(registry, ObserveKey{1, "b"});
  RegistrationId c = RegisterAnswered(registry, ObserveKey{2, "a"});
  ASSERT_TRUE(registry.StartPoll(a).ok());
  ASSERT_TRUE(registry.RecordNotification(a, 5, "b2").ok());
  EXPECT_EQ(registry.DropSession(1), 2u);
  EXPECT_EQ(registry.DropSession(1), 0u);
  EXPECT_EQ(registry.size(), 1u);
  EXPECT_EQ(registry.SessionSize(1), 0u);
  EXPECT_FALSE(registry.OnNack(1, 5).has_value());
  EXPECT_EQ(registry.Ids(), std::vector<RegistrationId>{c});
}

}  // namespace
}  // namespace mxedge::coap_gateway
