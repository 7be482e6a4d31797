#pragma once
// Observe registrations on /sync (RFC 7641, MSC3079), one per (session, token).
//
// libcoap 4.3.1 cannot notify one observer of a resource alone, so the gateway keeps its own
// registry and runs one sync loop per registration:
//
// - Register → kIdle. StartPoll: kIdle or kNotificationInFlight → kPolling.
// - From kPolling: RecordAnswer (the registering request's own answer) → kIdle;
//   RecordUnchanged or AbortPoll → back to kIdle / kNotificationInFlight;
//   RecordNotification(mid) → kNotificationInFlight.
// - Deregister (Observe = 1 or RST), OnNack of an owned message id, DropSession → removed;
//   StateOf reports kClosed for an id that is no longer registered.
//
// At most one notification in flight. libcoap 4.3.1 gives no callback for the empty ACK of a
// notification; it holds a session's next confirmable message in its delay queue until the
// previous one is acknowledged (NSTART = 1) and reports one that never is through the NACK handler.
// The registry therefore works with what the gateway can observe:
// - A registration sends a notification only from kPolling, i.e. after a poll started once the
//   previous notification was handed to libcoap; so it never has more than one notification
//   waiting in libcoap beyond the one on the wire.
// - A notification counts as delivered when the NEXT one is sent (RecordNotification): libcoap
//   transmits the next one only after the previous one's ACK. The registration keeps owning the
//   previous message id until the one after, so a NACK that arrives late for it (the next one was
//   queued behind it) still drops the registration; older ids are forgotten.
// - OnNack(session, mid) for an owned id removes the registration. The client re-registers with
//   the `since` of the last notification it received, and the gateway polls from there, so it
//   misses nothing it did not already see.
// - `since` is the `next_batch` of the last body answered or pushed; each poll asks from there.
//
// Observe numbers: one rising 24-bit counter per registration, starting at 2 (as lb does), used
// by the registration's answer and by every notification; it wraps from 2^24 - 1 to 0 (RFC 7641
// §4.4 orders values modulo 2^24). 0 and 1 therefore only appear after 16.7 million messages.
//
// The last pushed body for Block2 follow-ups lives in Block2Store under NotificationKey(session,
// token), not here. Not thread-safe: the transport's loop thread owns it.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "exchange.hpp"
#include "mxedge/v1/client_api.pb.h"

namespace mxedge::coap_gateway {

struct ObserveKey {
  SessionId session = 0;
  std::string token;
  friend auto operator<=>(const ObserveKey&, const ObserveKey&) = default;
  friend bool operator==(const ObserveKey&, const ObserveKey&) = default;
};

// Unique per registration within a process; a re-registration gets a new one, so the answer of a
// poll started for a replaced registration is recognised and dropped.
using RegistrationId = std::uint64_t;

enum class ObserveState : std::uint8_t { kIdle, kPolling, kNotificationInFlight, kClosed };

struct ObserveLimits {
  std::size_t max_per_session = 4;
  std::size_t max_total = 10000;
  // The `timeout` (milliseconds) of every poll after the first; the first keeps the client's.
  std::uint32_t poll_timeout_ms = 25000;
};

inline constexpr std::uint32_t kFirstObserveNumber = 2;
inline constexpr std::uint32_t kObserveNumberMask = (1u << 24) - 1;

// The Observe number after `number`, modulo 2^24.
constexpr std::uint32_t NextObserveNumber(std::uint32_t number) {
  return (number + 1) & kObserveNumberMask;
}

class ObserveRegistry {
 public:
  struct Registration {
    RegistrationId id = 0;
    ObserveKey key;
    // The translated /sync call of the registering request (path, query, access token).
    v1::HttpCall call;
    // `next_batch` of the last body answered or pushed; the client's `since` at first.
    std::string since;
    std::uint32_t next_observe = kFirstObserveNumber;
    ObserveState state = ObserveState::kIdle;
    // The newest notification's message id, and the one before it (see the header comment).
    std::optional<std::uint16_t> in_flight_mid;
    std::optional<std::uint16_t> previous_mid;
    std::uint64_t polls = 0;
    std::uint64_t notifications = 0;
  };
  struct Stats {
    std::uint64_t registered = 0;
    std::uint64_t replaced = 0;
    std::uint64_t deregistered = 0;
    std::uint64_t nacked = 0;
    std::uint64_t refused = 0;
    std::uint64_t notifications = 0;
    std::uint64_t unchanged_polls = 0;
  };

  explicit ObserveRegistry(ObserveLimits limits = {});

  // Registers (or replaces: counted in `replaced`) the registration of `key`. `since` is the
  // client's `since` parameter (empty: none). Errors: ResourceExhausted carrying 5.03 when the
  // session or the gateway is at its cap.
  absl::StatusOr<RegistrationId> Register(ObserveKey key, v1::HttpCall call);
  // Removes the registration of `key`; false when there was none.
  bool Deregister(const ObserveKey& key);

  const Registration* Find(const ObserveKey& key) const;
  const Registration* Find(RegistrationId id) const;
  // kClosed for an id that is not (or no longer) registered.
  ObserveState StateOf(RegistrationId id) const;

  // kIdle or kNotificationInFlight → kPolling. Returns the call to make: the registration's call
  // with `since` set to the last next_batch (if any) and, from the second poll on, `timeout` set
  // to poll_timeout_ms. Errors: NotFound for an unknown id, FailedPrecondition while a poll runs.
  absl::StatusOr<v1::HttpCall> StartPoll(RegistrationId id);
  // The poll failed or was cancelled: kPolling → kIdle, `since` unchanged.
  absl::Status AbortPoll(RegistrationId id);
  // The poll answered with the `next_batch` the registration already had: kPolling → kIdle (or
  // back to kNotificationInFlight when one is still unconfirmed), nothing to send.
  absl::Status RecordUnchanged(RegistrationId id);
  // True when a poll answer with `next_batch` is news for this registration.
  bool IsNews(RegistrationId id, const std::string& next_batch) const;

  // Takes the Observe number for the next message of the registration.
  absl::StatusOr<std::uint32_t> TakeObserveNumber(RegistrationId id);
  // The registration's first answer went out (piggybacked or separate, not a CON of ours):
  // kPolling → kIdle, since = next_batch.
  absl::Status RecordAnswer(RegistrationId id, std::string next_batch);
  // A notification went out as CON `message_id`: kPolling → kNotificationInFlight, since =
  // next_batch; the previous in-flight notification counts as delivered.
  absl::Status RecordNotification(RegistrationId id, std::uint16_t message_id,
                                  std::string next_batch);

  // A CON we sent on `session` failed. Removes and returns the registration owning `message_id`
  // (newest or previous notification), if any.
  std::optional<ObserveKey> OnNack(SessionId session, std::uint16_t message_id);
  // Removes every registration of the session; returns how many.
  std::size_t DropSession(SessionId session);

  std::size_t size() const { return by_key_.size(); }
  std::size_t SessionSize(SessionId session) const;
  // Every registration id, in key order (for the sync loop to walk, e.g. after a restart of it).
  std::vector<RegistrationId> Ids() const;
  const Stats& stats() const { return stats_; }

 private:
  using KeyMap = std::map<ObserveKey, Registration>;

  Registration* Lookup(RegistrationId id);
  void Remove(KeyMap::iterator registration);
  void ForgetMid(SessionId session, std::optional<std::uint16_t> mid, RegistrationId owner);

  ObserveLimits limits_;
  KeyMap by_key_;
  std::unordered_map<RegistrationId, ObserveKey> by_id_;
  // (session, message id) → registration owning that notification.
  std::map<std::pair<SessionId, std::uint16_t>, RegistrationId> by_mid_;
  std::unordered_map<SessionId, std::size_t> per_session_;
  RegistrationId next_id_ = 1;
  Stats stats_;
};

}  // namespace mxedge::coap_gateway
