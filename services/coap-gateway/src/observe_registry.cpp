#include "observe_registry.hpp"

#include <utility>

#include "absl/strings/str_cat.h"
#include "request_translator.hpp"

namespace mxedge::coap_gateway {
namespace {

void SetQueryParam(v1::HttpCall& call, const std::string& key, const std::string& value) {
  bool replaced = false;
  auto* query = call.mutable_query();
  for (int i = 0; i < query->size();) {
    if (query->Get(i).key() != key) {
      ++i;
      continue;
    }
    if (replaced) {
      query->DeleteSubrange(i, 1);
      continue;
    }
    query->Mutable(i)->set_value(value);
    replaced = true;
    ++i;
  }
  if (!replaced) {
    v1::QueryParam* param = call.add_query();
    param->set_key(key);
    param->set_value(value);
  }
}

std::string QueryParam(const v1::HttpCall& call, const std::string& key) {
  for (const v1::QueryParam& param : call.query()) {
    if (param.key() == key) {
      return param.value();
    }
  }
  return {};
}

absl::Status UnknownRegistration(RegistrationId id) {
  return absl::NotFoundError(absl::StrCat("no Observe registration ", id));
}

absl::Status NotPolling(RegistrationId id) {
  return absl::FailedPreconditionError(
      absl::StrCat("Observe registration ", id, " has no poll running"));
}

}  // namespace

ObserveRegistry::ObserveRegistry(ObserveLimits limits) : limits_(limits) {}

absl::StatusOr<RegistrationId> ObserveRegistry::Register(ObserveKey key, v1::HttpCall call) {
  auto existing = by_key_.find(key);
  bool replacing = existing != by_key_.end();
  if (!replacing) {
    auto count = per_session_.find(key.session);
    std::size_t session_count = count == per_session_.end() ? 0 : count->second;
    std::string refusal;
    if (session_count >= limits_.max_per_session) {
      refusal = absl::StrCat("session already has ", session_count, " Observe registrations");
    } else if (by_key_.size() >= limits_.max_total) {
      refusal = absl::StrCat("Observe registration limit of ", limits_.max_total, " reached");
    }
    if (!refusal.empty()) {
      ++stats_.refused;
      return WithCoapCode(absl::ResourceExhaustedError(refusal), msc3079::kCoapServiceUnavailable);
    }
  } else {
    Remove(existing);
    ++stats_.replaced;
  }
  Registration registration;
  registration.id = next_id_++;
  registration.key = key;
  registration.since = QueryParam(call, "since");
  registration.call = std::move(call);
  RegistrationId id = registration.id;
  by_id_.emplace(id, key);
  ++per_session_[key.session];
  by_key_.emplace(std::move(key), std::move(registration));
  ++stats_.registered;
  return id;
}

bool ObserveRegistry::Deregister(const ObserveKey& key) {
  auto found = by_key_.find(key);
  if (found == by_key_.end()) {
    return false;
  }
  Remove(found);
  ++stats_.deregistered;
  return true;
}

const ObserveRegistry::Registration* ObserveRegistry::Find(const ObserveKey& key) const {
  auto found = by_key_.find(key);
  return found == by_key_.end() ? nullptr : &found->second;
}

const ObserveRegistry::Registration* ObserveRegistry::Find(RegistrationId id) const {
  auto found = by_id_.find(id);
  return found == by_id_.end() ? nullptr : Find(found->second);
}

ObserveState ObserveRegistry::StateOf(RegistrationId id) const {
  const Registration* registration = Find(id);
  return registration == nullptr ? ObserveState::kClosed : registration->state;
}

absl::StatusOr<v1::HttpCall> ObserveRegistry::StartPoll(RegistrationId id) {
  Registration* registration = Lookup(id);
  if (registration == nullptr) {
    return UnknownRegistration(id);
  }
  if (registration->state == ObserveState::kPolling) {
    return absl::FailedPreconditionError(
        absl::StrCat("Observe registration ", id, " already has a poll running"));
  }
  v1::HttpCall call = registration->call;
  if (!registration->since.empty()) {
    SetQueryParam(call, "since", registration->since);
  }
  if (registration->polls > 0) {
    SetQueryParam(call, "timeout", absl::StrCat(limits_.poll_timeout_ms));
  }
  ++registration->polls;
  registration->state = ObserveState::kPolling;
  return call;
}

absl::Status ObserveRegistry::AbortPoll(RegistrationId id) { return RecordUnchanged(id); }

absl::Status ObserveRegistry::RecordUnchanged(RegistrationId id) {
  Registration* registration = Lookup(id);
  if (registration == nullptr) {
    return UnknownRegistration(id);
  }
  if (registration->state != ObserveState::kPolling) {
    return NotPolling(id);
  }
  registration->state = registration->in_flight_mid.has_value()
                            ? ObserveState::kNotificationInFlight
                            : ObserveState::kIdle;
  ++stats_.unchanged_polls;
  return absl::OkStatus();
}

bool ObserveRegistry::IsNews(RegistrationId id, const std::string& next_batch) const {
  const Registration* registration = Find(id);
  return registration != nullptr && next_batch != registration->since;
}

absl::StatusOr<std::uint32_t> ObserveRegistry::TakeObserveNumber(RegistrationId id) {
  Registration* registration = Lookup(id);
  if (registration == nullptr) {
    return UnknownRegistration(id);
  }
  std::uint32_t number = registration->next_observe;
  registration->next_observe = NextObserveNumber(number);
  return number;
}

absl::Status ObserveRegistry::RecordAnswer(RegistrationId id, std::string next_batch) {
  Registration* registration = Lookup(id);
  if (registration == nullptr) {
    return UnknownRegistration(id);
  }
  if (registration->state != ObserveState::kPolling) {
    return NotPolling(id);
  }
  registration->since = std::move(next_batch);
  registration->state = registration->in_flight_mid.has_value()
                            ? ObserveState::kNotificationInFlight
                            : ObserveState::kIdle;
  return absl::OkStatus();
}

absl::Status ObserveRegistry::RecordNotification(RegistrationId id, std::uint16_t message_id,
                                                 std::string next_batch) {
  Registration* registration = Lookup(id);
  if (registration == nullptr) {
    return UnknownRegistration(id);
  }
  if (registration->state != ObserveState::kPolling) {
    return NotPolling(id);
  }
  SessionId session = registration->key.session;
  // The one before the previous is delivered for good: the previous one left libcoap's queue
  // only after its ACK.
  ForgetMid(session, registration->previous_mid, id);
  registration->previous_mid = registration->in_flight_mid;
  registration->in_flight_mid = message_id;
  // A message id can belong to one notification only; a stale owner (impossible while libcoap
  // hands out ids in sequence, cheap to guard) loses it.
  by_mid_[{session, message_id}] = id;
  registration->since = std::move(next_batch);
  registration->state = ObserveState::kNotificationInFlight;
  ++registration->notifications;
  ++stats_.notifications;
  return absl::OkStatus();
}

std::optional<ObserveKey> ObserveRegistry::OnNack(SessionId session, std::uint16_t message_id) {
  auto owner = by_mid_.find({session, message_id});
  if (owner == by_mid_.end()) {
    return std::nullopt;
  }
  RegistrationId id = owner->second;
  by_mid_.erase(owner);
  auto key = by_id_.find(id);
  if (key == by_id_.end()) {
    return std::nullopt;
  }
  ObserveKey removed = key->second;
  auto registration = by_key_.find(removed);
  if (registration->second.in_flight_mid != message_id &&
      registration->second.previous_mid != message_id) {
    return std::nullopt;
  }
  Remove(registration);
  ++stats_.nacked;
  return removed;
}

std::size_t ObserveRegistry::DropSession(SessionId session) {
  std::size_t removed = 0;
  auto it = by_key_.lower_bound(ObserveKey{session, {}});
  while (it != by_key_.end() && it->first.session == session) {
    auto next = std::next(it);
    Remove(it);
    it = next;
    ++removed;
  }
  return removed;
}

std::size_t ObserveRegistry::SessionSize(SessionId session) const {
  auto found = per_session_.find(session);
  return found == per_session_.end() ? 0 : found->second;
}

std::vector<RegistrationId> ObserveRegistry::Ids() const {
  std::vector<RegistrationId> ids;
  ids.reserve(by_key_.size());
  for (const auto& [key, registration] : by_key_) {
    ids.push_back(registration.id);
  }
  return ids;
}

ObserveRegistry::Registration* ObserveRegistry::Lookup(RegistrationId id) {
  auto found = by_id_.find(id);
  if (found == by_id_.end()) {
    return nullptr;
  }
  return &by_key_.at(found->second);
}

void ObserveRegistry::Remove(KeyMap::iterator registration) {
  SessionId session = registration->first.session;
  RegistrationId id = registration->second.id;
  ForgetMid(session, registration->second.in_flight_mid, id);
  ForgetMid(session, registration->second.previous_mid, id);
  by_id_.erase(id);
  auto count = per_session_.find(session);
  if (count != per_session_.end() && --count->second == 0) {
    per_session_.erase(count);
  }
  by_key_.erase(registration);
}

void ObserveRegistry::ForgetMid(SessionId session, std::optional<std::uint16_t> mid,
                                RegistrationId owner) {
  if (!mid.has_value()) {
    return;
  }
  auto found = by_mid_.find({session, *mid});
  if (found != by_mid_.end() && found->second == owner) {
    by_mid_.erase(found);
  }
}

}  // namespace mxedge::coap_gateway
