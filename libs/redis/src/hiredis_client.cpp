#include "mxedge/redis/hiredis_client.hpp"

#include <hiredis.h>
#include <sys/time.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "cat.hpp"
#include "mxedge/common/log.hpp"

namespace mxedge::redis {
namespace {

using internal::Cat;

constexpr int kMaxPoolSize = 1024;

timeval ToTimeval(std::chrono::milliseconds ms) {
  timeval tv;
  tv.tv_sec = static_cast<time_t>(ms.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((ms.count() % 1000) * 1000);
  return tv;
}

struct ReplyDeleter {
  void operator()(redisReply* r) const { freeReplyObject(r); }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyDeleter>;

Reply Convert(const redisReply& r) {
  switch (r.type) {
    case REDIS_REPLY_STRING:
      return Reply::String(std::string(r.str, r.len));
    case REDIS_REPLY_STATUS:
      return Reply::Status(std::string(r.str, r.len));
    case REDIS_REPLY_ERROR:
      return Reply::Error(std::string(r.str, r.len));
    case REDIS_REPLY_INTEGER:
      return Reply::Integer(r.integer);
    case REDIS_REPLY_ARRAY: {
      std::vector<Reply> elements;
      elements.reserve(r.elements);
      for (size_t i = 0; i < r.elements; ++i) {
        elements.push_back(r.element[i] != nullptr ? Convert(*r.element[i]) : Reply::Nil());
      }
      return Reply::Array(std::move(elements));
    }
    case REDIS_REPLY_NIL:
    default:
      return Reply::Nil();
  }
}

// argv/argvlen views of binary-safe arguments for hiredis.
struct ArgvView {
  explicit ArgvView(std::span<const std::string> args) {
    argv.reserve(args.size());
    lengths.reserve(args.size());
    for (const std::string& a : args) {
      argv.push_back(a.data());
      lengths.push_back(a.size());
    }
  }
  int argc() const { return static_cast<int>(argv.size()); }
  std::vector<const char*> argv;
  std::vector<size_t> lengths;
};

std::string UpperAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// Commands that would leave a pooled context in a state the next borrower does not expect:
// HELLO (RESP3 breaks hiredis 0.14 for good), pub/sub and MONITOR (push mode), RESET, and SELECT
// (the database comes from the URL). Outside a pipeline also MULTI/EXEC/DISCARD/WATCH/UNWATCH:
// consecutive Execute calls may use different connections, so transactions go through Pipeline.
absl::Status CheckCommandAllowed(std::string_view command, bool in_pipeline) {
  static constexpr std::string_view kNever[] = {"HELLO",   "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE",
                                                "MONITOR", "RESET",     "SELECT"};
  static constexpr std::string_view kPipelineOnly[] = {"MULTI", "EXEC", "DISCARD", "WATCH",
                                                       "UNWATCH"};
  const std::string upper = UpperAscii(command);
  for (std::string_view refused : kNever) {
    if (upper == refused) {
      return absl::InvalidArgumentError(
          Cat("redis: ", refused, " is refused: pooled connections stay in RESP2 request/reply"));
    }
  }
  if (!in_pipeline) {
    for (std::string_view refused : kPipelineOnly) {
      if (upper == refused) {
        return absl::InvalidArgumentError(
            Cat("redis: ", refused, " only inside Pipeline (one connection per transaction)"));
      }
    }
  }
  return absl::OkStatus();
}

// Whether a pipeline leaves a transaction or WATCH open on its connection (which must then be
// closed rather than pooled).
bool LeavesTransactionOpen(const std::vector<std::vector<std::string>>& commands) {
  bool open = false;
  for (const auto& command : commands) {
    const std::string upper = UpperAscii(command[0]);
    if (upper == "MULTI" || upper == "WATCH") open = true;
    if (upper == "EXEC" || upper == "DISCARD") open = false;
    if (upper == "UNWATCH") open = false;
  }
  return open;
}

}  // namespace

struct HiredisClient::Connection {
  explicit Connection(redisContext* c) : context(c) {}
  ~Connection() { redisFree(context); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  redisContext* context;
  std::chrono::milliseconds timeout{0};
};

absl::StatusOr<std::unique_ptr<HiredisClient>> HiredisClient::Create(HiredisOptions options) {
  absl::StatusOr<RedisUrl> url = ParseRedisUrl(options.url);
  if (!url.ok()) return url.status();
  if (options.pool_size < 1 || options.pool_size > kMaxPoolSize) {
    return absl::InvalidArgumentError(Cat("redis pool_size must be in [1, ", kMaxPoolSize, "]"));
  }
  if (options.connect_timeout.count() <= 0 || options.command_timeout.count() <= 0 ||
      options.pool_wait_timeout.count() <= 0) {
    return absl::InvalidArgumentError("redis timeouts must be > 0");
  }
  if (options.backoff_min.count() <= 0 || options.backoff_max < options.backoff_min) {
    return absl::InvalidArgumentError("redis backoff must satisfy 0 < backoff_min <= backoff_max");
  }
  return std::unique_ptr<HiredisClient>(new HiredisClient(std::move(options), *std::move(url)));
}

HiredisClient::HiredisClient(HiredisOptions options, RedisUrl url)
    : options_(std::move(options)),
      url_(std::move(url)),
      address_(url_.Address()),
      clock_(options_.clock != nullptr ? *options_.clock : common::SystemClock::Instance()) {}

HiredisClient::~HiredisClient() {
  std::lock_guard<std::mutex> lock(mu_);
  idle_.clear();
}

HiredisStats HiredisClient::Stats() const {
  HiredisStats s;
  s.connections_made = connections_made_.load();
  s.connect_failures = connect_failures_.load();
  s.reconnects = reconnects_.load();
  s.errors = errors_.load();
  s.error_replies = error_replies_.load();
  s.fast_failures = fast_failures_.load();
  s.commands = commands_.load();
  s.open_connections = open_connections_.load();
  return s;
}

absl::StatusOr<std::unique_ptr<HiredisClient::Connection>> HiredisClient::Connect() {
  const timeval tv = ToTimeval(options_.connect_timeout);
  redisContext* raw = url_.transport == RedisUrl::Transport::kUnix
                          ? redisConnectUnixWithTimeout(url_.unix_path.c_str(), tv)
                          : redisConnectWithTimeout(url_.host.c_str(), url_.port, tv);
  if (raw == nullptr) {
    return absl::UnavailableError(Cat("redis ", address_, ": cannot allocate a context"));
  }
  auto connection = std::make_unique<Connection>(raw);
  if (raw->err != 0) {
    return absl::UnavailableError(Cat("redis ", address_, ": connect: ", raw->errstr));
  }
  if (url_.transport == RedisUrl::Transport::kTcp) redisEnableKeepAlive(raw);
  SetTimeout(*connection, options_.connect_timeout);

  auto handshake = [&](std::vector<std::string> args, std::string_view what) -> absl::Status {
    ArgvView view(args);
    ReplyPtr reply(static_cast<redisReply*>(
        redisCommandArgv(raw, view.argc(), view.argv.data(), view.lengths.data())));
    if (reply == nullptr) {
      return absl::UnavailableError(Cat("redis ", address_, ": ", what, ": ", raw->errstr));
    }
    if (reply->type == REDIS_REPLY_ERROR) {
      // Context first; the server's message never contains the password.
      return absl::FailedPreconditionError(
          Cat("redis ", address_, ": ", what, ": ", std::string(reply->str, reply->len)));
    }
    return absl::OkStatus();
  };
  if (!url_.password.empty()) {
    std::vector<std::string> auth = {"AUTH"};
    if (!url_.user.empty()) auth.push_back(url_.user);
    auth.push_back(url_.password);
    if (absl::Status s = handshake(std::move(auth), "AUTH"); !s.ok()) return s;
  }
  if (url_.db != 0) {
    if (absl::Status s = handshake({"SELECT", std::to_string(url_.db)}, "SELECT"); !s.ok()) {
      return s;
    }
  }
  SetTimeout(*connection, options_.command_timeout);
  connections_made_.fetch_add(1);
  open_connections_.fetch_add(1);
  return connection;
}

void HiredisClient::SetTimeout(Connection& connection, std::chrono::milliseconds timeout) {
  if (connection.timeout == timeout) return;
  if (redisSetTimeout(connection.context, ToTimeval(timeout)) == REDIS_OK) {
    connection.timeout = timeout;
  }
}

absl::StatusOr<std::unique_ptr<HiredisClient::Connection>> HiredisClient::Checkout() {
  std::unique_lock<std::mutex> lock(mu_);
  const auto wait_deadline = std::chrono::steady_clock::now() + options_.pool_wait_timeout;
  while (true) {
    if (!idle_.empty()) {
      std::unique_ptr<Connection> connection = std::move(idle_.back());
      idle_.pop_back();
      ++checked_out_;
      return connection;
    }
    if (checked_out_ + connecting_ < options_.pool_size) {
      const auto now = clock_.SteadyNow();
      // While backing off, nobody connects; after it, one caller at a time probes the server.
      if (backoff_.count() > 0 && (now < next_connect_at_ || connecting_ > 0)) {
        fast_failures_.fetch_add(1);
        errors_.fetch_add(1);
        const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
            std::max(next_connect_at_ - now, std::chrono::steady_clock::duration::zero()));
        return absl::UnavailableError(Cat("redis ", address_, ": unavailable, next connect in ",
                                          wait.count(), " ms (", last_connect_error_, ")"));
      }
      ++connecting_;
      lock.unlock();
      absl::StatusOr<std::unique_ptr<Connection>> connection = Connect();
      lock.lock();
      --connecting_;
      if (!connection.ok()) {
        connect_failures_.fetch_add(1);
        errors_.fetch_add(1);
        const bool first_failure = backoff_.count() == 0;
        backoff_ =
            first_failure ? options_.backoff_min : std::min(backoff_ * 2, options_.backoff_max);
        next_connect_at_ = clock_.SteadyNow() + backoff_;
        last_connect_error_ = std::string(connection.status().message());
        cv_.notify_all();
        if (first_failure) {
          common::LogWarn("redis connect failed",
                          {{"address", address_}, {"error", last_connect_error_}});
        }
        return connection.status();
      }
      if (backoff_.count() > 0) {
        common::LogInfo("redis reconnected", {{"address", address_}});
      }
      backoff_ = std::chrono::milliseconds(0);
      if (discarded_ > 0) {
        --discarded_;
        reconnects_.fetch_add(1);
      }
      ++checked_out_;
      return connection;
    }
    if (cv_.wait_until(lock, wait_deadline) == std::cv_status::timeout && idle_.empty() &&
        checked_out_ + connecting_ >= options_.pool_size) {
      errors_.fetch_add(1);
      return absl::DeadlineExceededError(Cat("redis ", address_, ": all ", options_.pool_size,
                                             " connections busy for ",
                                             options_.pool_wait_timeout.count(), " ms"));
    }
  }
}

void HiredisClient::Return(std::unique_ptr<Connection> connection, bool healthy, bool server_lost) {
  std::vector<std::unique_ptr<Connection>> to_close;
  {
    std::lock_guard<std::mutex> lock(mu_);
    --checked_out_;
    if (healthy) {
      idle_.push_back(std::move(connection));
    } else {
      to_close.push_back(std::move(connection));
      if (server_lost) {
        for (auto& c : idle_) to_close.push_back(std::move(c));
        idle_.clear();
      }
      discarded_ += to_close.size();
    }
  }
  cv_.notify_one();
  open_connections_.fetch_sub(static_cast<int64_t>(to_close.size()));
}

absl::Status HiredisClient::TransportError(const Connection& connection, std::string_view command,
                                           int saved_errno, std::chrono::milliseconds timeout,
                                           bool& server_lost) {
  errors_.fetch_add(1);
  const redisContext* c = connection.context;
  const bool timed_out =
      c->err == REDIS_ERR_IO && (saved_errno == EAGAIN || saved_errno == EWOULDBLOCK ||
                                 std::strcmp(c->errstr, std::strerror(EAGAIN)) == 0);
  if (timed_out) {
    server_lost = false;
    return absl::DeadlineExceededError(
        Cat("redis ", address_, " ", command, ": no reply within ", timeout.count(), " ms"));
  }
  server_lost = true;
  const char* detail = c->err == REDIS_ERR_EOF ? "connection closed by server" : c->errstr;
  return absl::UnavailableError(Cat("redis ", address_, " ", command, ": ", detail));
}

absl::StatusOr<Reply> HiredisClient::Execute(std::span<const std::string> args,
                                             CallOptions options) {
  if (args.empty()) return absl::InvalidArgumentError("redis: empty command");
  if (absl::Status s = CheckCommandAllowed(args[0], false); !s.ok()) return s;
  absl::StatusOr<std::unique_ptr<Connection>> connection = Checkout();
  if (!connection.ok()) return connection.status();
  Connection& conn = **connection;
  const std::chrono::milliseconds timeout = options.timeout.value_or(options_.command_timeout);
  SetTimeout(conn, timeout);
  ArgvView view(args);
  commands_.fetch_add(1);
  errno = 0;
  ReplyPtr raw(static_cast<redisReply*>(
      redisCommandArgv(conn.context, view.argc(), view.argv.data(), view.lengths.data())));
  const int saved_errno = errno;
  if (raw == nullptr) {
    bool server_lost = false;
    absl::Status status = TransportError(conn, args[0], saved_errno, timeout, server_lost);
    Return(*std::move(connection), false, server_lost);
    return status;
  }
  Reply reply = Convert(*raw);
  raw.reset();
  Return(*std::move(connection), true, false);
  if (reply.IsError()) {
    error_replies_.fetch_add(1);
    return ServerErrorFromReply(args[0], reply.str());
  }
  return reply;
}

absl::StatusOr<std::vector<Reply>> HiredisClient::Pipeline(
    const std::vector<std::vector<std::string>>& commands, CallOptions options) {
  std::vector<Reply> replies;
  if (commands.empty()) return replies;
  for (const auto& command : commands) {
    if (command.empty()) return absl::InvalidArgumentError("redis pipeline: empty command");
    if (absl::Status s = CheckCommandAllowed(command[0], true); !s.ok()) return s;
  }
  absl::StatusOr<std::unique_ptr<Connection>> connection = Checkout();
  if (!connection.ok()) return connection.status();
  Connection& conn = **connection;
  const std::chrono::milliseconds timeout = options.timeout.value_or(options_.command_timeout);
  SetTimeout(conn, timeout);
  for (const auto& command : commands) {
    ArgvView view(command);
    if (redisAppendCommandArgv(conn.context, view.argc(), view.argv.data(), view.lengths.data()) !=
        REDIS_OK) {
      errors_.fetch_add(1);
      Return(*std::move(connection), false, false);
      return absl::ResourceExhaustedError(
          Cat("redis ", address_, " pipeline: cannot buffer command ", command[0]));
    }
  }
  commands_.fetch_add(commands.size());
  replies.reserve(commands.size());
  for (size_t i = 0; i < commands.size(); ++i) {
    void* out = nullptr;
    errno = 0;
    const int rc = redisGetReply(conn.context, &out);
    const int saved_errno = errno;
    ReplyPtr raw(static_cast<redisReply*>(out));
    if (rc != REDIS_OK || raw == nullptr) {
      bool server_lost = false;
      absl::Status status = TransportError(conn, Cat("pipeline (", commands[i][0], ")"),
                                           saved_errno, timeout, server_lost);
      Return(*std::move(connection), false, server_lost);
      return status;
    }
    replies.push_back(Convert(*raw));
    if (replies.back().IsError()) error_replies_.fetch_add(1);
  }
  Return(*std::move(connection), !LeavesTransactionOpen(commands), false);
  return replies;
}

}  // namespace mxedge::redis
