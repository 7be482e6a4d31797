#include "in_memory_line_records.hpp"

#include "mxedge/common/str_cat.hpp"

namespace mxedge::irc_worker {

using common::Cat;

namespace {
constexpr std::string_view kPendingPrefix = "pending:";
}  // namespace

InMemoryLineRecords::InMemoryLineRecords(const common::Clock& clock, std::chrono::milliseconds ttl)
    : clock_(clock), ttl_(ttl) {}

InMemoryLineRecords::Record* InMemoryLineRecords::FindLocked(const std::string& id) {
  auto it = records_.find(id);
  if (it == records_.end()) {
    return nullptr;
  }
  if (clock_.SteadyNow() >= it->second.expires) {
    records_.erase(it);
    return nullptr;
  }
  return &it->second;
}

absl::StatusOr<LineBegin> InMemoryLineRecords::TryBegin(std::string_view network,
                                                        std::string_view key,
                                                        std::string_view worker_id,
                                                        std::string_view payload) {
  if (absl::Status s = ValidateLineArgs(network, key, worker_id); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateLinePayload(payload); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  const std::string id = Cat(network, ":", key);
  if (Record* record = FindLocked(id); record != nullptr) {
    if (record->value == "done") {
      return LineBegin{LineBegin::Outcome::kDone, ""};
    }
    return LineBegin{LineBegin::Outcome::kPending, record->value.substr(kPendingPrefix.size())};
  }
  records_[id] = Record{Cat(kPendingPrefix, worker_id), clock_.SteadyNow() + ttl_};
  pending_[Cat(network, ":", worker_id)][std::string(key)] = std::string(payload);
  return LineBegin{LineBegin::Outcome::kStarted, ""};
}

absl::Status InMemoryLineRecords::MarkDone(std::string_view network, std::string_view key,
                                           std::string_view worker_id) {
  if (absl::Status s = ValidateLineArgs(network, key, worker_id); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  const std::string id = Cat(network, ":", key);
  if (Record* record = FindLocked(id); record != nullptr) {
    record->value = "done";
  } else {
    records_[id] = Record{"done", clock_.SteadyNow() + ttl_};
  }
  pending_[Cat(network, ":", worker_id)].erase(std::string(key));
  return absl::OkStatus();
}

absl::StatusOr<std::vector<PendingLine>> InMemoryLineRecords::ListPending(
    std::string_view network, std::string_view worker_id) {
  if (absl::Status s = ValidatePendingListArgs(network, worker_id); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  const std::string pending_value = Cat(kPendingPrefix, worker_id);
  std::map<std::string, std::string>& index = pending_[Cat(network, ":", worker_id)];
  std::vector<PendingLine> pending;
  for (auto it = index.begin(); it != index.end();) {
    Record* record = FindLocked(Cat(network, ":", it->first));
    if (record != nullptr && record->value == pending_value) {
      pending.push_back(PendingLine{it->first, it->second});
      ++it;
    } else {
      it = index.erase(it);
    }
  }
  return pending;
}

absl::StatusOr<bool> InMemoryLineRecords::TakeOver(std::string_view network, std::string_view key,
                                                   std::string_view from_worker,
                                                   std::string_view to_worker) {
  if (absl::Status s = ValidateLineArgs(network, key, from_worker); !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateLineArgs(network, key, to_worker); !s.ok()) {
    return s;
  }
  std::lock_guard lock(mu_);
  Record* record = FindLocked(Cat(network, ":", key));
  if (record == nullptr || record->value != Cat(kPendingPrefix, from_worker)) {
    return false;
  }
  record->value = Cat(kPendingPrefix, to_worker);
  std::map<std::string, std::string>& from = pending_[Cat(network, ":", from_worker)];
  std::string payload;
  if (auto it = from.find(std::string(key)); it != from.end()) {
    payload = std::move(it->second);
    from.erase(it);
  }
  pending_[Cat(network, ":", to_worker)][std::string(key)] = std::move(payload);
  return true;
}

std::optional<std::string> InMemoryLineRecords::RecordForTesting(std::string_view network,
                                                                 std::string_view key) {
  std::lock_guard lock(mu_);
  Record* record = FindLocked(Cat(network, ":", key));
  if (record == nullptr) {
    return std::nullopt;
  }
  return record->value;
}

}  // namespace mxedge::irc_worker
