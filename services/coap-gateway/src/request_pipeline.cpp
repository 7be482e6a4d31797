#include "request_pipeline.hpp"

#include <exception>
#include <string_view>

#include "mxedge/common/check.hpp"
#include "mxedge/common/log.hpp"
#include "mxedge/common/status_mapping.hpp"

namespace mxedge::coap_gateway {
namespace {

std::string_view MethodLabel(std::uint8_t code) {
  switch (code) {
    case 1:
      return "GET";
    case 2:
      return "POST";
    case 3:
      return "PUT";
    case 4:
      return "DELETE";
    default:
      return "OTHER";
  }
}

// The CoAP code of a transport failure towards the router: unreachable, deadline passed or
// refused alike become 5.03 (the client may retry), with a public message only.
absl::Status UpstreamFailure(const absl::Status& status) {
  common::LogWarn("clientapi call failed", {{"code", absl::StatusCodeToString(status.code())}});
  return WithCoapCode(absl::UnavailableError("the homeserver is not reachable, try again"),
                      msc3079::kCoapServiceUnavailable);
}

}  // namespace

RequestPipeline::RequestPipeline(RequestPipelineSettings settings, ClientApiUpstream& upstream,
                                 common::MetricsRegistry& metrics, common::Clock& clock)
    : settings_(std::move(settings)),
      upstream_(upstream),
      clock_(clock),
      exchanges_(clock, settings_.exchanges),
      block1_(clock, settings_.block1),
      block2_(clock, settings_.block2),
      observe_(std::make_unique<ObserveSync>(settings_.observe, upstream, block2_, metrics)),
      self_(std::make_shared<RequestPipeline*>(this)),
      requests_(metrics.AddCounterFamily("mxedge_coap_gateway_requests_total",
                                         "CoAP requests answered, by method and CoAP code.",
                                         {"method", "code"})),
      upstream_latency_(metrics.AddHistogramFamily("mxedge_coap_gateway_upstream_seconds",
                                                   "ClientApi call latency, by method.",
                                                   {"method"})),
      errors_(metrics.AddCounterFamily("mxedge_coap_gateway_errors_total",
                                       "Requests that failed, by class.", {"class"})),
      duplicates_(metrics.AddCounter("mxedge_coap_gateway_duplicate_requests_total",
                                     "Requests seen again by message id (answered from cache).")) {}

RequestPipeline::~RequestPipeline() {
  *self_ = nullptr;
  for (auto& [id, flight] : in_flight_) {
    if (flight.call) {
      flight.call->Cancel();
    }
  }
}

void RequestPipeline::Bind(Transport& transport, LoopPoster& poster) {
  transport_ = &transport;
  poster_ = &poster;
  observe_->Bind(transport, poster);
  observe_->SetAnswerHook(
      [this](SessionId session, std::uint16_t message_id, const OutboundMessage& reply) {
        requests_.WithLabels({"GET", reply.code.ToString()}).Increment();
        exchanges_.Complete(session, message_id, reply);
      });
}

SessionState& RequestPipeline::Session(SessionId session) {
  auto it = sessions_.find(session);
  if (it == sessions_.end()) {
    it = sessions_.emplace(session, SessionState(settings_.enum_version)).first;
  }
  return it->second;
}

void RequestPipeline::Count(std::uint8_t method, msc3079::CoapCode code) {
  requests_.WithLabels({MethodLabel(method), code.ToString()}).Increment();
}

HandleResult RequestPipeline::Answer(const InboundRequest& request, OutboundMessage reply,
                                     std::string_view error_class) {
  if (!error_class.empty()) {
    errors_.WithLabels({error_class}).Increment();
  }
  Count(request.code, reply.code);
  exchanges_.Complete(request.session, request.message_id, reply);
  return HandleResult::Now(std::move(reply));
}

HandleResult RequestPipeline::Fail(const InboundRequest& request, const absl::Status& status,
                                   std::string_view error_class) {
  common::LogDebug("coap request refused",
                   {{"session", request.session}, {"error", status.ToString()}});
  const int version = static_cast<int>(Session(request.session).enum_version.version());
  return Answer(request, ToOutbound(ErrorResponse(status, version)), error_class);
}

HandleResult RequestPipeline::OnRequest(const InboundRequest& request, ExchangeId id) {
  MXEDGE_CHECK(transport_ != nullptr && poster_ != nullptr);
  ExchangeCache::Lookup seen = exchanges_.Begin(request.session, request.message_id);
  if (seen.state == ExchangeCache::State::kDone && seen.reply) {
    duplicates_.Increment();
    return HandleResult::Now(*seen.reply);
  }
  if (seen.state == ExchangeCache::State::kInProgress) {
    duplicates_.Increment();
    auto running = by_message_.find({request.session, request.message_id});
    if (running != by_message_.end()) {
      // Answered (again) when the call completes: the empty ACK of the first copy may be lost.
      in_flight_[running->second].duplicates.push_back(id);
      return HandleResult::Pending();
    }
    if (observe_->AddDuplicate(request.session, request.message_id, id)) {
      return HandleResult::Pending();  // A registration waiting for its first poll.
    }
    // Nothing is running for it any more (its answer was lost): handle it afresh.
    exchanges_.Forget(request.session, request.message_id);
    exchanges_.Begin(request.session, request.message_id);
  }
  try {
    return HandleFresh(request, id);
  } catch (const std::exception& e) {
    common::LogError("coap request handling threw", {{"error", e.what()}});
    return Fail(request, absl::InternalError("internal error"), "internal");
  }
}

std::optional<HandleResult> RequestPipeline::ServeStoredBlock(const InboundRequest& request,
                                                              const RequestView& view) {
  const NotificationKey notification{request.session, request.token};
  std::optional<std::uint16_t> format;
  BodyKey key = notification;
  if (block2_.Contains(key)) {
    format = observe_->BodyFormat(notification);
  } else {
    key = MakeRequestKey(request);
    if (!block2_.Contains(key)) {
      return std::nullopt;
    }
    auto stored = stored_formats_.find(key);
    format = stored == stored_formats_.end() ? std::nullopt : stored->second;
  }
  auto block = block2_.GetBlock(key, view.block2->num, view.block2->szx);
  if (!block.ok()) {
    if (block.status().code() == absl::StatusCode::kNotFound) {
      return std::nullopt;
    }
    return Fail(request, block.status(), "block2");
  }
  OutboundMessage reply;
  reply.code = msc3079::kCoapContent;
  if (format) {
    reply.options.push_back({kOptionContentFormat, EncodeUintOption(*format)});
  }
  block->AppendOptions(reply.options);
  reply.payload = std::move(block->payload);
  return Answer(request, std::move(reply));
}

HandleResult RequestPipeline::HandleFresh(const InboundRequest& request, ExchangeId id) {
  absl::StatusOr<RequestView> view = ViewRequest(request);
  if (!view.ok()) {
    return Fail(request, view.status(), "bad_option");
  }
  if (view->block2 && view->block2->num > 0 && request.code == 1) {
    if (auto served = ServeStoredBlock(request, *view)) {
      return *std::move(served);
    }
  }
  std::optional<BlockValue> block1_echo;
  if (view->block1) {
    absl::StatusOr<Block1Outcome> outcome =
        block1_.Feed(MakeRequestKey(request), *view->block1, request.payload, view->size1);
    if (!outcome.ok()) {
      HandleResult failed = Fail(request, outcome.status(), "block1");
      if (CoapCodeOf(outcome.status()) == msc3079::kCoapRequestEntityTooLarge) {
        failed.reply.options.push_back(
            {kOptionSize1, EncodeUintOption(static_cast<std::uint32_t>(block1_.max_body_bytes()))});
        exchanges_.Complete(request.session, request.message_id, failed.reply);
      }
      return failed;
    }
    auto echo = EncodeBlockOption(outcome->echo);
    if (outcome->kind == Block1Outcome::Kind::kContinue) {
      OutboundMessage reply{kCoapContinue, {}, {}};
      if (echo.ok()) {
        reply.options.push_back({kOptionBlock1, *echo});
      }
      return Answer(request, std::move(reply));
    }
    block1_echo = outcome->echo;
    view->request.body = std::move(outcome->body);
  }

  SessionState& session = Session(request.session);
  TranslateOptions options = settings_.translate;
  options.sticky_tokens = options.sticky_tokens && request.secure;
  absl::StatusOr<v1::HttpCall> call = TranslateRequest(view->request, options, session);
  if (!call.ok()) {
    return Fail(request, call.status(), "translate");
  }
  ApplyDefaultSyncFilter(settings_.sync_filter, *call);
  const int version = static_cast<int>(session.enum_version.version());

  if (request.code == 1 && view->observe && IsSyncPath(call->path())) {
    if (*view->observe == 0) {
      ObserveReplyContext context{version, view->request.accept, settings_.dtls_port};
      HandleResult result = observe_->Register(request, id, *std::move(call), context);
      if (!result.pending) {
        Count(request.code, result.reply.code);
      }
      return result;
    }
    // Observe = 1 (or any other value): no registration; answered like a plain GET.
    observe_->Deregister(request.session, request.token);
  }

  InFlight flight;
  flight.session = request.session;
  flight.message_id = request.message_id;
  flight.method = request.code;
  flight.key = MakeRequestKey(request);
  flight.block2 = view->block2;
  flight.block1_echo = block1_echo;
  flight.response_options =
      ResponseOptions{view->request.accept, call->path(), settings_.dtls_port};
  flight.started = clock_.SteadyNow();
  auto [slot, inserted] = in_flight_.emplace(id, std::move(flight));
  by_message_[{request.session, request.message_id}] = id;
  std::weak_ptr<RequestPipeline*> weak = self_;
  LoopPoster* poster = poster_;
  slot->second.call =
      upstream_.Call(*std::move(call), settings_.upstream_deadline,
                     [weak, poster, id](absl::StatusOr<v1::HttpResult> result) {
                       if (weak.expired()) {
                         return;
                       }
                       poster->Post([weak, id, result = std::move(result)]() mutable {
                         auto self = weak.lock();
                         if (self && *self != nullptr) {
                           (*self)->OnUpstreamDone(id, std::move(result));
                         }
                       });
                     });
  return HandleResult::Pending();
}

OutboundMessage RequestPipeline::BuildReply(const InFlight& flight, const CoapResponse& response,
                                            int key_table_version) {
  OutboundMessage reply = ToOutbound(response);
  if (flight.block1_echo) {
    if (auto echo = EncodeBlockOption(*flight.block1_echo); echo.ok()) {
      reply.options.push_back({kOptionBlock1, *echo});
    }
  }
  if (response.body.size() <= kMaxBlockSize && !flight.block2) {
    return reply;
  }
  absl::StatusOr<BlockReply> block = block2_.Answer(flight.key, response.body, flight.block2);
  if (!block.ok()) {
    errors_.WithLabels({"block2"}).Increment();
    return ToOutbound(ErrorResponse(block.status(), key_table_version));
  }
  if (block->block2) {
    stored_formats_[BodyKey{flight.key}] = response.content_format;
  }
  reply.payload = std::move(block->payload);
  block->AppendOptions(reply.options);
  return reply;
}

void RequestPipeline::OnUpstreamDone(ExchangeId id, absl::StatusOr<v1::HttpResult> result) {
  auto it = in_flight_.find(id);
  if (it == in_flight_.end()) {
    return;  // The session closed meanwhile.
  }
  InFlight flight = std::move(it->second);
  in_flight_.erase(it);
  by_message_.erase({flight.session, flight.message_id});
  const std::string_view method = MethodLabel(flight.method);
  upstream_latency_.WithLabels({method}).Observe(
      std::chrono::duration<double>(clock_.SteadyNow() - flight.started).count());
  const int version = static_cast<int>(Session(flight.session).enum_version.version());

  OutboundMessage reply;
  if (!result.ok()) {
    if (result.status().code() == absl::StatusCode::kCancelled) {
      exchanges_.Forget(flight.session, flight.message_id);
      return;
    }
    errors_.WithLabels({"upstream"}).Increment();
    reply = ToOutbound(ErrorResponse(UpstreamFailure(result.status()), version));
  } else {
    CoapResponse response = TranslateResponse(*result, flight.response_options, version);
    if (!response.code.IsSuccess()) {
      errors_.WithLabels({result->status() == 429 ? "rate_limited" : "homeserver"}).Increment();
    }
    reply = BuildReply(flight, response, version);
  }
  Count(flight.method, reply.code);
  exchanges_.Complete(flight.session, flight.message_id, reply);
  for (ExchangeId duplicate : flight.duplicates) {
    transport_->Complete(duplicate, reply);
  }
  transport_->Complete(id, std::move(reply));
}

void RequestPipeline::OnNack(SessionId session, std::uint16_t message_id, NackReason reason) {
  if (observe_->OnNack(session, message_id)) {
    common::LogDebug("observe notification not acknowledged",
                     {{"session", session}, {"reset", reason == NackReason::kReset}});
  }
}

void RequestPipeline::OnSessionClosed(SessionId session) {
  sessions_.erase(session);
  exchanges_.DropSession(session);
  block1_.DropSession(session);
  block2_.DropSession(session);
  observe_->DropSession(session);
  for (auto it = stored_formats_.begin(); it != stored_formats_.end();) {
    it = SessionOf(it->first) == session ? stored_formats_.erase(it) : std::next(it);
  }
  for (auto it = in_flight_.begin(); it != in_flight_.end();) {
    if (it->second.session == session) {
      if (it->second.call) {
        it->second.call->Cancel();
      }
      by_message_.erase({session, it->second.message_id});
      it = in_flight_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace mxedge::coap_gateway
