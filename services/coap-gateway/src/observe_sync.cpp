#include "observe_sync.hpp"

#include <nlohmann/json.hpp>

#include <utility>
#include <vector>

#include "block_option.hpp"
#include "coap_request_view.hpp"
#include "mxedge/common/log.hpp"
#include "request_translator.hpp"

namespace mxedge::coap_gateway {
namespace {

// `next_batch` of a /sync answer; empty when the body has none.
std::string NextBatchOf(const v1::HttpResult& result) {
  nlohmann::json body = nlohmann::json::parse(result.body(), nullptr, false);
  if (body.is_object()) {
    auto it = body.find("next_batch");
    if (it != body.end() && it->is_string()) {
      return it->get<std::string>();
    }
  }
  return {};
}

void SetOption(OutboundMessage& message, std::uint16_t number, std::string value) {
  for (CoapOption& option : message.options) {
    if (option.number == number) {
      option.value = std::move(value);
      return;
    }
  }
  message.options.push_back({number, std::move(value)});
}

}  // namespace

ObserveSync::ObserveSync(ObserveSyncSettings settings, ClientApiUpstream& upstream,
                         Block2Store& bodies, common::MetricsRegistry& metrics)
    : settings_(std::move(settings)),
      upstream_(upstream),
      bodies_(bodies),
      registry_(settings_.limits),
      self_(std::make_shared<ObserveSync*>(this)),
      registrations_gauge_(metrics.AddGauge("mxedge_coap_gateway_observe_registrations",
                                            "Observe registrations on /sync.")),
      events_(metrics.AddCounterFamily(
          "mxedge_coap_gateway_observe_events_total",
          "Observe events: registered, notified, unchanged polls, ended, nacked, refused.",
          {"event"})) {}

ObserveSync::~ObserveSync() {
  *self_ = nullptr;
  for (auto& [id, active] : active_) {
    if (active.call) {
      active.call->Cancel();
    }
  }
}

void ObserveSync::Bind(Transport& transport, LoopPoster& poster) {
  transport_ = &transport;
  poster_ = &poster;
}

HandleResult ObserveSync::Register(const InboundRequest& request, ExchangeId id, v1::HttpCall call,
                                   const ObserveReplyContext& context) {
  ObserveKey key{request.session, request.token};
  std::string path = call.path();
  absl::StatusOr<RegistrationId> registered = registry_.Register(key, std::move(call));
  if (!registered.ok()) {
    events_.WithLabels({"refused"}).Increment();
    return HandleResult::Now(
        ToOutbound(ErrorResponse(registered.status(), context.key_table_version)));
  }
  // A re-registration replaced an older one of the same key: its loop ends on its next answer.
  for (auto it = active_.begin(); it != active_.end();) {
    if (it->second.key == key) {
      if (it->second.call) {
        it->second.call->Cancel();
      }
      it = active_.erase(it);
    } else {
      ++it;
    }
  }
  events_.WithLabels({"registered"}).Increment();
  Active& active = active_[*registered];
  active.key = std::move(key);
  active.context = context;
  active.http_path = std::move(path);
  active.answer = id;
  active.answer_mid = request.message_id;
  registrations_gauge_.Set(static_cast<double>(registry_.size()));
  Poll(*registered);
  return HandleResult::Pending();
}

void ObserveSync::Poll(RegistrationId id) {
  auto it = active_.find(id);
  if (it == active_.end()) {
    return;
  }
  absl::StatusOr<v1::HttpCall> call = registry_.StartPoll(id);
  if (!call.ok()) {
    return;
  }
  std::weak_ptr<ObserveSync*> weak = self_;
  LoopPoster* poster = poster_;
  it->second.call = upstream_.Call(*std::move(call), settings_.poll_deadline,
                                   [weak, poster, id](absl::StatusOr<v1::HttpResult> result) {
                                     if (weak.expired()) {
                                       return;
                                     }
                                     poster->Post([weak, id, result = std::move(result)]() mutable {
                                       auto self = weak.lock();
                                       if (self && *self != nullptr) {
                                         (*self)->OnPollDone(id, std::move(result));
                                       }
                                     });
                                   });
}

void ObserveSync::OnPollDone(RegistrationId id, absl::StatusOr<v1::HttpResult> result) {
  auto it = active_.find(id);
  if (it == active_.end() || registry_.StateOf(id) == ObserveState::kClosed) {
    if (it != active_.end()) {
      active_.erase(it);
    }
    return;
  }
  Active& active = it->second;
  active.call.reset();
  const int version = active.context.key_table_version;
  if (!result.ok()) {
    if (result.status().code() == absl::StatusCode::kCancelled) {
      (void)registry_.AbortPoll(id);
      return;
    }
    common::LogWarn("observe poll failed",
                    {{"code", absl::StatusCodeToString(result.status().code())}});
    End(id, active,
        ErrorResponse(
            WithCoapCode(absl::UnavailableError("the homeserver is not reachable, register again"),
                         msc3079::kCoapServiceUnavailable),
            version));
    return;
  }
  ResponseOptions options{active.context.accept, active.http_path, active.context.dtls_port};
  CoapResponse response = TranslateResponse(*result, options, version);
  if (result->status() != 200 || !response.code.IsSuccess()) {
    End(id, active, response);
    return;
  }
  const std::string next_batch = NextBatchOf(*result);
  if (!active.answer && !registry_.IsNews(id, next_batch)) {
    events_.WithLabels({"unchanged"}).Increment();
    (void)registry_.RecordUnchanged(id);
    Poll(id);
    return;
  }
  OutboundMessage message = ToOutbound(response);
  const NotificationKey body_key{active.key.session, active.key.token};
  if (response.body.size() > kMaxBlockSize) {
    absl::StatusOr<BlockReply> block = bodies_.Answer(body_key, response.body, std::nullopt);
    if (!block.ok()) {
      End(id, active, ErrorResponse(block.status(), version));
      return;
    }
    message.payload = std::move(block->payload);
    block->AppendOptions(message.options);
  } else {
    bodies_.Erase(body_key);
  }
  active.body_format = response.content_format;
  SetOption(message, kOptionMaxAge, EncodeUintOption(settings_.max_age_seconds));
  if (Deliver(id, active, std::move(message), next_batch)) {
    Poll(id);
  }
}

bool ObserveSync::Deliver(RegistrationId id, Active& active, OutboundMessage message,
                          const std::string& next_batch) {
  absl::StatusOr<std::uint32_t> number = registry_.TakeObserveNumber(id);
  if (!number.ok()) {
    return false;
  }
  SetOption(message, kOptionObserve, EncodeUintOption(*number));
  if (active.answer) {
    SendAnswer(active, std::move(message));
    (void)registry_.RecordAnswer(id, next_batch);
    return true;
  }
  absl::StatusOr<std::uint16_t> mid =
      transport_->SendConfirmable(active.key.session, active.key.token, std::move(message));
  if (!mid.ok()) {
    common::LogDebug("observe notification not sent", {{"error", mid.status().ToString()}});
    registry_.Deregister(active.key);
    Forget(id);
    return false;
  }
  events_.WithLabels({"notified"}).Increment();
  (void)registry_.RecordNotification(id, *mid, next_batch);
  return true;
}

void ObserveSync::End(RegistrationId id, Active& active, const CoapResponse& last) {
  events_.WithLabels({"ended"}).Increment();
  OutboundMessage message = ToOutbound(last);
  if (active.answer) {
    SendAnswer(active, std::move(message));
  } else {
    // No Observe option: the client learns the registration is over (RFC 7641 §3.2).
    (void)transport_->SendConfirmable(active.key.session, active.key.token, std::move(message));
  }
  registry_.Deregister(active.key);
  Forget(id);
}

void ObserveSync::SendAnswer(Active& active, OutboundMessage message) {
  if (answer_hook_) {
    answer_hook_(active.key.session, active.answer_mid, message);
  }
  for (ExchangeId duplicate : active.duplicates) {
    transport_->Complete(duplicate, message);
  }
  active.duplicates.clear();
  transport_->Complete(*active.answer, std::move(message));
  active.answer.reset();
}

bool ObserveSync::AddDuplicate(SessionId session, std::uint16_t message_id, ExchangeId id) {
  for (auto& [registration, active] : active_) {
    if (active.answer && active.key.session == session && active.answer_mid == message_id) {
      active.duplicates.push_back(id);
      return true;
    }
  }
  return false;
}

void ObserveSync::Forget(RegistrationId id) {
  auto it = active_.find(id);
  if (it != active_.end()) {
    if (it->second.call) {
      it->second.call->Cancel();
    }
    bodies_.Erase(NotificationKey{it->second.key.session, it->second.key.token});
    active_.erase(it);
  }
  registrations_gauge_.Set(static_cast<double>(registry_.size()));
}

bool ObserveSync::Deregister(SessionId session, const std::string& token) {
  ObserveKey key{session, token};
  const ObserveRegistry::Registration* registration = registry_.Find(key);
  if (registration == nullptr) {
    return false;
  }
  const RegistrationId id = registration->id;
  registry_.Deregister(key);
  Forget(id);
  events_.WithLabels({"deregistered"}).Increment();
  return true;
}

bool ObserveSync::OnNack(SessionId session, std::uint16_t message_id) {
  std::optional<ObserveKey> key = registry_.OnNack(session, message_id);
  if (!key) {
    return false;
  }
  events_.WithLabels({"nacked"}).Increment();
  std::vector<RegistrationId> gone;
  for (const auto& [id, active] : active_) {
    if (active.key == *key) {
      gone.push_back(id);
    }
  }
  for (RegistrationId id : gone) {
    Forget(id);
  }
  return true;
}

void ObserveSync::DropSession(SessionId session) {
  registry_.DropSession(session);
  std::vector<RegistrationId> gone;
  for (const auto& [id, active] : active_) {
    if (active.key.session == session) {
      gone.push_back(id);
    }
  }
  for (RegistrationId id : gone) {
    Forget(id);
  }
}

std::optional<std::uint16_t> ObserveSync::BodyFormat(const NotificationKey& key) const {
  for (const auto& [id, active] : active_) {
    if (active.key.session == key.session && active.key.token == key.token) {
      return active.body_format;
    }
  }
  return std::nullopt;
}

}  // namespace mxedge::coap_gateway
