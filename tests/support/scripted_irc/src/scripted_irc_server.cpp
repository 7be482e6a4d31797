#include "mxedge/testing/scripted_irc_server.hpp"

#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <mutex>
#include <thread>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "asio/io_context.hpp"
#include "asio/ip/tcp.hpp"
#include "asio/post.hpp"
#include "asio/ssl/context.hpp"
#include "asio/ssl/stream.hpp"
#include "asio/write.hpp"
#include "mxedge/common/str_cat.hpp"
#include "openssl/evp.h"
#include "openssl/pem.h"
#include "openssl/x509.h"

namespace mxedge::testing {
namespace {

using asio::ip::tcp;

std::vector<std::string> Words(std::string_view line) {
  std::vector<std::string> words;
  std::size_t pos = 0;
  while (pos < line.size()) {
    if (line[pos] == ':' && !words.empty()) {
      words.emplace_back(line.substr(pos + 1));
      break;
    }
    std::size_t end = line.find(' ', pos);
    if (end == std::string_view::npos) end = line.size();
    if (end > pos) words.emplace_back(line.substr(pos, end - pos));
    pos = end + 1;
  }
  return words;
}

std::string Upper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

std::string CapName(std::string_view cap) { return std::string(cap.substr(0, cap.find('='))); }

// SHA-256 of the certificate's DER encoding, lower-case hex; empty when it cannot be computed.
std::string Sha256Fingerprint(X509* cert) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (cert == nullptr || X509_digest(cert, EVP_sha256(), digest, &size) != 1) return "";
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), static_cast<std::size_t>(size)));
}

}  // namespace

class ScriptedIrcServer::Impl {
 public:
  class Peer : public ScriptedIrcPeer, public std::enable_shared_from_this<Peer> {
   public:
    Peer(Impl& server, tcp::socket socket) : server_(server), socket_(std::move(socket)) {}

    void Start() {
      if (server_.tls_) {
        tls_ = std::make_unique<asio::ssl::stream<tcp::socket>>(std::move(socket_), *server_.tls_);
        tls_->async_handshake(asio::ssl::stream_base::server,
                              [self = shared_from_this()](const asio::error_code& ec) {
                                if (ec) return;
                                self->NoteClientCertificate();
                                self->Read();
                              });
      } else {
        Read();
      }
    }

    void Send(std::string_view line) override {
      if (closed_) return;
      writes_.push_back(absl::StrCat(common::Absl(line), "\r\n"));
      if (writes_.size() == 1) WriteNext();
    }
    void Close() override {
      close_after_writes_ = true;
      if (writes_.empty()) Shutdown();
    }
    const std::string& nick() const override { return nick_; }

    void Shutdown() {
      if (closed_) return;
      closed_ = true;
      asio::error_code ec;
      Lowest().shutdown(tcp::socket::shutdown_both, ec);
      Lowest().close(ec);
    }
    bool registered() const { return registered_; }

   private:
    tcp::socket& Lowest() { return tls_ ? tls_->next_layer() : socket_; }

    void NoteClientCertificate() {
      X509* cert = SSL_get1_peer_certificate(tls_->native_handle());
      if (cert == nullptr) return;
      client_fingerprint_ = Sha256Fingerprint(cert);
      X509_free(cert);
      std::lock_guard lock(server_.mu_);
      server_.fingerprints_.push_back(client_fingerprint_);
    }

    void Read() {
      auto handler = [self = shared_from_this()](const asio::error_code& ec, std::size_t n) {
        if (ec) {
          self->Shutdown();
          return;
        }
        self->partial_.append(self->buffer_.data(), n);
        std::size_t nl;
        while ((nl = self->partial_.find('\n')) != std::string::npos) {
          std::string line = self->partial_.substr(0, nl);
          self->partial_.erase(0, nl + 1);
          if (!line.empty() && line.back() == '\r') line.pop_back();
          if (!line.empty()) self->HandleLine(line);
        }
        if (!self->closed_) self->Read();
      };
      if (tls_) {
        tls_->async_read_some(asio::buffer(buffer_), handler);
      } else {
        socket_.async_read_some(asio::buffer(buffer_), handler);
      }
    }

    void WriteNext() {
      auto handler = [self = shared_from_this()](const asio::error_code& ec, std::size_t) {
        if (ec) {
          self->Shutdown();
          return;
        }
        self->writes_.pop_front();
        if (!self->writes_.empty()) {
          self->WriteNext();
        } else if (self->close_after_writes_) {
          self->Shutdown();
        }
      };
      if (tls_) {
        asio::async_write(*tls_, asio::buffer(writes_.front()), handler);
      } else {
        asio::async_write(socket_, asio::buffer(writes_.front()), handler);
      }
    }

    std::string Source() const { return absl::StrCat(nick_, "!", user_, "@127.0.0.1"); }
    std::string Numeric(std::string_view code, std::string_view rest) const {
      return absl::StrCat(":", server_.options_.server_name, " ", common::Absl(code), " ", nick_,
                          " ", common::Absl(rest));
    }

    void HandleLine(const std::string& line) {
      server_.Record(line);
      if (server_.options_.hook && server_.options_.hook(*this, line)) return;
      std::string_view body = line;
      if (!body.empty() && body.front() == '@') {
        const auto space = body.find(' ');
        body = space == std::string_view::npos ? std::string_view() : body.substr(space + 1);
      }
      const std::vector<std::string> w = Words(body);
      if (w.empty()) return;
      const std::string cmd = Upper(w[0]);
      const auto& opts = server_.options_;
      if (cmd == "CAP") {
        if (opts.caps.empty()) {
          Send(Numeric("421", "CAP :Unknown command"));
          return;
        }
        const std::string sub = w.size() > 1 ? Upper(w[1]) : "";
        if (sub == "LS") {
          cap_negotiating_ = true;
          std::string caps;
          for (const auto& cap : opts.caps) absl::StrAppend(&caps, caps.empty() ? "" : " ", cap);
          Send(absl::StrCat(":", opts.server_name, " CAP * LS :", caps));
        } else if (sub == "REQ" && w.size() > 2) {
          std::set<std::string> offered;
          for (const auto& cap : opts.caps) offered.insert(CapName(cap));
          std::vector<std::string> requested;
          std::size_t pos = 0;
          const std::string& list = w[2];
          while (pos < list.size()) {
            std::size_t end = list.find(' ', pos);
            if (end == std::string::npos) end = list.size();
            if (end > pos) requested.push_back(list.substr(pos, end - pos));
            pos = end + 1;
          }
          bool all = true;
          for (const auto& cap : requested) all = all && offered.contains(cap);
          if (all) {
            for (const auto& cap : requested) acked_.insert(cap);
          }
          Send(absl::StrCat(":", opts.server_name, " CAP * ", all ? "ACK" : "NAK", " :", list));
        } else if (sub == "END") {
          cap_negotiating_ = false;
          MaybeWelcome();
        }
      } else if (cmd == "AUTHENTICATE" && w.size() > 1) {
        if ((w[1] == "PLAIN" || w[1] == "EXTERNAL") && sasl_buffer_.empty() && !sasl_external_) {
          sasl_external_ = w[1] == "EXTERNAL";
          Send("AUTHENTICATE +");
          return;
        }
        if (sasl_external_) {
          sasl_external_ = false;
          if (w[1] == "+" && !opts.sasl_external_fingerprint.empty() &&
              client_fingerprint_ == opts.sasl_external_fingerprint) {
            Send(Numeric("900",
                         absl::StrCat(Source(), " ", opts.sasl_external_account,
                                      " :You are now logged in as ", opts.sasl_external_account)));
            Send(Numeric("903", ":SASL authentication successful"));
          } else {
            Send(Numeric("904", ":SASL authentication failed"));
          }
          return;
        }
        if (w[1] != "+") sasl_buffer_ += w[1];
        if (w[1].size() == 400) return;
        std::string decoded;
        const bool ok =
            absl::Base64Unescape(sasl_buffer_, &decoded) &&
            decoded == absl::StrCat(opts.sasl_account, std::string(1, '\0'), opts.sasl_account,
                                    std::string(1, '\0'), opts.sasl_password) &&
            !opts.sasl_account.empty();
        sasl_buffer_.clear();
        if (ok) {
          Send(Numeric("900", absl::StrCat(Source(), " ", opts.sasl_account,
                                           " :You are now logged in as ", opts.sasl_account)));
          Send(Numeric("903", ":SASL authentication successful"));
        } else {
          Send(Numeric("904", ":SASL authentication failed"));
        }
      } else if (cmd == "NICK" && w.size() > 1) {
        if (opts.nicks_in_use.contains(w[1])) {
          Send(Numeric("433", absl::StrCat(w[1], " :Nickname is already in use")));
          return;
        }
        if (registered_) Send(absl::StrCat(":", Source(), " NICK :", w[1]));
        nick_ = w[1];
        MaybeWelcome();
      } else if (cmd == "USER" && w.size() > 1) {
        user_ = w[1];
        MaybeWelcome();
      } else if (cmd == "PING") {
        Send(absl::StrCat(":", opts.server_name, " PONG ", opts.server_name, " :",
                          w.size() > 1 ? w[1] : ""));
      } else if (cmd == "JOIN" && w.size() > 1 && registered_) {
        Send(absl::StrCat(":", Source(), " JOIN ", w[1]));
      } else if ((cmd == "PRIVMSG" || cmd == "NOTICE") && w.size() > 2 && registered_) {
        if (acked_.contains("echo-message")) {
          Send(absl::StrCat(":", Source(), " ", cmd, " ", w[1], " :", w[2]));
        }
      } else if (cmd == "QUIT") {
        Send(absl::StrCat("ERROR :Closing Link: 127.0.0.1 (Quit: ", w.size() > 1 ? w[1] : "", ")"));
        Close();
      }
    }

    void MaybeWelcome() {
      if (registered_ || cap_negotiating_ || nick_ == "*" || user_.empty()) return;
      registered_ = true;
      Send(Numeric("001", absl::StrCat(":Welcome to the scripted network ", Source())));
      Send(Numeric("005", absl::StrCat(server_.options_.isupport, " :are supported")));
    }

    Impl& server_;
    tcp::socket socket_;
    std::unique_ptr<asio::ssl::stream<tcp::socket>> tls_;
    std::array<char, 4096> buffer_{};
    std::string partial_;
    std::deque<std::string> writes_;
    bool closed_ = false;
    bool close_after_writes_ = false;
    std::string nick_ = "*";
    std::string user_;
    bool cap_negotiating_ = false;
    bool registered_ = false;
    std::set<std::string> acked_;
    std::string sasl_buffer_;
    bool sasl_external_ = false;      // AUTHENTICATE EXTERNAL awaits its response
    std::string client_fingerprint_;  // of the certificate presented, if any
  };

  explicit Impl(ScriptedIrcOptions options) : options_(std::move(options)), acceptor_(io_) {}

  ~Impl() { Stop(); }

  absl::Status Listen() {
    if (!options_.tls_cert_file.empty()) {
      tls_ = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
      asio::error_code ec;
      tls_->use_certificate_chain_file(options_.tls_cert_file, ec);
      if (!ec) tls_->use_private_key_file(options_.tls_key_file, asio::ssl::context::pem, ec);
      if (ec) return absl::InvalidArgumentError(absl::StrCat("tls files: ", ec.message()));
      if (options_.tls_request_client_cert) {
        tls_->set_verify_mode(asio::ssl::verify_peer, ec);
        if (!ec) {
          tls_->set_verify_callback([](bool, asio::ssl::verify_context&) { return true; }, ec);
        }
        if (ec) return absl::InternalError(absl::StrCat("tls verify mode: ", ec.message()));
      }
    }
    asio::error_code ec;
    const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(64, ec);
    if (ec) return absl::InternalError(absl::StrCat("listen on 127.0.0.1: ", ec.message()));
    port_ = acceptor_.local_endpoint().port();
    Accept();
    thread_ = std::thread([this] { io_.run(); });
    return absl::OkStatus();
  }

  void Stop() {
    if (!thread_.joinable()) return;
    asio::post(io_, [this] {
      asio::error_code ec;
      acceptor_.close(ec);
      for (auto& weak : peers_) {
        if (auto peer = weak.lock()) peer->Shutdown();
      }
      io_.stop();
    });
    thread_.join();
  }

  void Accept() {
    acceptor_.async_accept([this](const asio::error_code& ec, tcp::socket socket) {
      if (ec) return;
      {
        std::lock_guard lock(mu_);
        ++accepted_;
      }
      auto peer = std::make_shared<Peer>(*this, std::move(socket));
      peers_.push_back(peer);
      peer->Start();
      Accept();
    });
  }

  void Record(const std::string& line) {
    std::lock_guard lock(mu_);
    received_.push_back(line);
    cv_.notify_all();
  }

  ScriptedIrcOptions options_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  std::unique_ptr<asio::ssl::context> tls_;
  std::thread thread_;
  int port_ = 0;
  std::vector<std::weak_ptr<Peer>> peers_;  // io thread only

  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::vector<std::string> received_;
  std::vector<std::string> fingerprints_;
  int accepted_ = 0;
};

ScriptedIrcServer::ScriptedIrcServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ScriptedIrcServer::~ScriptedIrcServer() = default;

absl::StatusOr<std::unique_ptr<ScriptedIrcServer>> ScriptedIrcServer::Start(
    ScriptedIrcOptions options) {
  auto impl = std::make_unique<Impl>(std::move(options));
  if (absl::Status status = impl->Listen(); !status.ok()) return status;
  return std::unique_ptr<ScriptedIrcServer>(new ScriptedIrcServer(std::move(impl)));
}

int ScriptedIrcServer::port() const { return impl_->port_; }

std::vector<std::string> ScriptedIrcServer::received() const {
  std::lock_guard lock(impl_->mu_);
  return impl_->received_;
}

int ScriptedIrcServer::accepted() const {
  std::lock_guard lock(impl_->mu_);
  return impl_->accepted_;
}

std::vector<std::string> ScriptedIrcServer::client_cert_fingerprints() const {
  std::lock_guard lock(impl_->mu_);
  return impl_->fingerprints_;
}

absl::Status ScriptedIrcServer::WaitFor(
    const std::function<bool(const std::vector<std::string>&)>& done,
    std::chrono::milliseconds timeout) const {
  std::unique_lock lock(impl_->mu_);
  if (impl_->cv_.wait_for(lock, timeout, [&] { return done(impl_->received_); })) {
    return absl::OkStatus();
  }
  std::string seen;
  for (const auto& line : impl_->received_) absl::StrAppend(&seen, "\n  ", line);
  return absl::DeadlineExceededError(absl::StrCat("scripted server; lines seen:", seen));
}

absl::Status ScriptedIrcServer::WaitForLine(std::string_view prefix,
                                            std::chrono::milliseconds timeout) const {
  return WaitFor(
      [prefix](const std::vector<std::string>& lines) {
        for (const auto& line : lines) {
          if (std::string_view(line).starts_with(prefix)) return true;
        }
        return false;
      },
      timeout);
}

void ScriptedIrcServer::Broadcast(std::string line) {
  asio::post(impl_->io_, [impl = impl_.get(), line = std::move(line)] {
    for (auto& weak : impl->peers_) {
      if (auto peer = weak.lock(); peer && peer->registered()) peer->Send(line);
    }
  });
}

void ScriptedIrcServer::DropClients() {
  asio::post(impl_->io_, [impl = impl_.get()] {
    for (auto& weak : impl->peers_) {
      if (auto peer = weak.lock()) peer->Shutdown();
    }
  });
}

absl::StatusOr<std::pair<std::string, std::string>> MakeSelfSignedCert(const std::string& dir) {
  const std::string cert = dir + "/cert.pem";
  const std::string key = dir + "/key.pem";
  const std::string command = absl::StrCat(
      "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost -addext "
      "subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout ",
      key, " -out ", cert, " >/dev/null 2>&1");
  if (std::system(command.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("openssl req failed: ", command));
  }
  return std::make_pair(cert, key);
}

absl::StatusOr<std::string> MakeClientCertificate(const std::string& path,
                                                  const std::string& name) {
  const std::string key = path + ".key";
  const std::string cert = path + ".crt";
  const std::string command =
      absl::StrCat("openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=", name,
                   " -keyout ", key, " -out ", cert, " >/dev/null 2>&1 && cat ", cert, " ", key,
                   " > ", path, " && rm -f ", cert, " ", key);
  if (std::system(command.c_str()) != 0) {
    return absl::InternalError(absl::StrCat("openssl req failed: ", command));
  }
  return CertificateFingerprint(path);
}

absl::StatusOr<std::string> CertificateFingerprint(const std::string& path) {
  FILE* file = std::fopen(path.c_str(), "r");
  if (file == nullptr) return absl::NotFoundError(absl::StrCat("cannot open ", path));
  X509* cert = PEM_read_X509(file, nullptr, nullptr, nullptr);
  std::fclose(file);
  if (cert == nullptr) return absl::InvalidArgumentError(absl::StrCat("no certificate in ", path));
  std::string fingerprint = Sha256Fingerprint(cert);
  X509_free(cert);
  return fingerprint;
}

}  // namespace mxedge::testing
