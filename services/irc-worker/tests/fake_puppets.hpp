#pragma once
// FakePuppets: PuppetControl and PuppetLines in memory. Every line written is recorded as
// "<network> <mxid> <line>"; readiness and status are set by the test.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "mxedge/common/str_cat.hpp"
#include "puppet_control.hpp"
#include "puppet_lines.hpp"

namespace mxedge::irc_worker {

class FakePuppets final : public PuppetControl, public PuppetLines {
 public:
  absl::StatusOr<PuppetReadiness> Prepare(std::string_view, std::string_view) override {
    return readiness;
  }
  std::optional<PuppetStatus> Status(std::string_view network, std::string_view mxid) override {
    auto it = statuses.find(common::Cat(network, " ", mxid));
    if (it == statuses.end()) {
      return std::nullopt;
    }
    return it->second;
  }
  absl::Status SendLine(std::string_view network, std::string_view mxid,
                        std::string line) override {
    if (!send_result.ok()) {
      return send_result;
    }
    lines.push_back(common::Cat(network, " ", mxid, " ", line));
    return absl::OkStatus();
  }
  absl::Status Reconnect(std::string_view network, std::string_view mxid) override {
    actions.push_back(common::Cat("reconnect ", network, " ", mxid));
    return absl::OkStatus();
  }
  absl::Status Quit(std::string_view network, std::string_view mxid) override {
    actions.push_back(common::Cat("quit ", network, " ", mxid));
    return absl::OkStatus();
  }
  // PuppetLines
  absl::StatusOr<std::string> RelaySource(std::string_view, std::string_view) override {
    return std::string("alice[m]!alice@host.example.org");
  }
  absl::Status Send(std::string_view network, std::string_view mxid, std::string line,
                    Done done) override {
    lines.push_back(common::Cat(network, " ", mxid, " ", line));
    done(absl::OkStatus());
    return absl::OkStatus();
  }

  absl::StatusOr<PuppetReadiness> readiness = PuppetReadiness::kReady;
  absl::Status send_result;
  std::map<std::string, PuppetStatus> statuses;  // "<network> <mxid>" → status
  std::vector<std::string> lines;
  std::vector<std::string> actions;
};

}  // namespace mxedge::irc_worker
