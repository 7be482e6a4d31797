#include "failover_fixture.hpp"

#include "absl/strings/str_cat.h"

namespace mxedge::irc_e2e {
namespace {

constexpr std::chrono::milliseconds kPump{50};

}  // namespace

void FailoverTest::StartStack(StackOptions options) {
  absl::StatusOr<std::unique_ptr<IrcStack>> stack = IrcStack::Start(options);
  ASSERT_TRUE(stack.ok()) << stack.status();
  stack_ = std::move(*stack);
  absl::StatusOr<std::unique_ptr<IrcObserver>> watcher =
      IrcObserver::Join(stack_->ircd_port(), kWatcherNick, kChannel);
  ASSERT_TRUE(watcher.ok()) << watcher.status();
  watcher_ = std::move(*watcher);
}

std::string FailoverTest::UserId(int i) { return absl::StrCat("@u", i, ":localhost"); }

std::string FailoverTest::NickOf(int i) { return absl::StrCat("u", i, "[m]"); }

bool FailoverTest::PumpUntil(std::chrono::milliseconds deadline,
                             const std::function<bool()>& condition) {
  return WaitFor(deadline, [&] {
    if (absl::Status s = watcher_->Pump(kPump); !s.ok()) {
      ADD_FAILURE() << "watcher: " << s;
    }
    return condition();
  });
}

bool FailoverTest::WarmUpUsers(int first, int count, std::chrono::milliseconds deadline) {
  for (int i = first; i < first + count; ++i) {
    stack_->JoinRoom(UserId(i));
    stack_->SendMatrix(UserId(i), absl::StrCat("warm-", i, "-"), 0, 1);
  }
  return PumpUntil(deadline, [&] {
    for (int i = first; i < first + count; ++i) {
      if (!watcher_->privmsgs().contains(absl::StrCat("warm-", i, "-0"))) {
        return false;
      }
    }
    return true;
  });
}

bool FailoverTest::IrcLineReachesMatrix(const std::string& text,
                                        std::chrono::milliseconds deadline) {
  if (absl::Status s = watcher_->Say(text); !s.ok()) {
    ADD_FAILURE() << "watcher: " << s;
    return false;
  }
  return PumpUntil(deadline, [&] { return stack_->TallyMatrix().events_by_body.contains(text); });
}

bool FailoverTest::MatrixLineReachesIrc(const std::string& mxid, const std::string& text,
                                        std::chrono::milliseconds deadline) {
  stack_->SendMatrix(mxid, text, 0, 1);
  const std::string body = absl::StrCat(text, 0);
  return PumpUntil(deadline, [&] { return watcher_->privmsgs().contains(body); });
}

int64_t FailoverTest::FindMembership(std::string_view command, std::string_view nick,
                                     size_t from) const {
  const std::string wanted = absl::StrCat(std::string(command), " ", std::string(nick));
  const std::vector<std::string>& events = watcher_->membership();
  for (size_t i = from; i < events.size(); ++i) {
    if (events[i] == wanted) {
      return static_cast<int64_t>(i);
    }
  }
  return -1;
}

}  // namespace mxedge::irc_e2e
