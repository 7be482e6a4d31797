#pragma once
// ScriptedIrcServer: a tiny in-process IRC server on 127.0.0.1 (plain or TLS) for the cases real
// servers without services cannot show: SASL PLAIN success and failure, nick collisions on
// demand, bans, client certificates (CertFP) and odd replies. It runs its own thread. Built in: CAP
// LS/REQ/END (offering the configured capabilities), AUTHENTICATE PLAIN against one account and
// EXTERNAL against one client certificate fingerprint, NICK/USER with 433 for nicks held, 001 and
// 005 after registration, PING/PONG, JOIN, echo-message, QUIT. A hook sees every line first and may
// answer instead.
#include <chrono>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mxedge::testing {

// One connected client, as the hook sees it. Valid only during the hook call.
class ScriptedIrcPeer {
 public:
  virtual ~ScriptedIrcPeer() = default;
  // Sends `line` (CRLF is added).
  virtual void Send(std::string_view line) = 0;
  // Closes the connection after what was sent so far.
  virtual void Close() = 0;
  // The nick the client holds ("*" before NICK).
  virtual const std::string& nick() const = 0;
};

struct ScriptedIrcOptions {
  std::string server_name = "scripted.mxedge.test";
  // Capabilities offered in CAP LS ("sasl=PLAIN", "echo-message", ...). Empty: CAP is answered
  // with 421 as by a server without capability negotiation.
  std::vector<std::string> caps = {"sasl=PLAIN", "message-tags", "server-time", "echo-message",
                                   "multi-prefix"};
  std::string sasl_account;  // the one account SASL PLAIN accepts
  std::string sasl_password;
  std::set<std::string> nicks_in_use;  // NICK to one of these gets 433
  std::string isupport = "NICKLEN=16 CASEMAPPING=rfc1459 CHANTYPES=#";
  // TLS when both are set (PEM files).
  std::string tls_cert_file;
  std::string tls_key_file;
  // TLS: ask every client for a certificate and accept any (as CertFP servers do: self-signed
  // certificates are identified by their fingerprint, not by a CA).
  bool tls_request_client_cert = false;
  // AUTHENTICATE EXTERNAL succeeds (as `sasl_external_account`) when the client presented a
  // certificate with this SHA-256 fingerprint (lower-case hex); empty: EXTERNAL always fails.
  std::string sasl_external_fingerprint;
  std::string sasl_external_account = "external";
  // Called for every line before the built-in handling; true when the hook answered it.
  std::function<bool(ScriptedIrcPeer& peer, std::string_view line)> hook;
};

class ScriptedIrcServer {
 public:
  static absl::StatusOr<std::unique_ptr<ScriptedIrcServer>> Start(ScriptedIrcOptions options);
  ~ScriptedIrcServer();
  ScriptedIrcServer(const ScriptedIrcServer&) = delete;
  ScriptedIrcServer& operator=(const ScriptedIrcServer&) = delete;

  int port() const;
  // Every line received from every client, in arrival order, without CRLF.
  std::vector<std::string> received() const;
  // Connections accepted so far.
  int accepted() const;
  // SHA-256 fingerprints (lower-case hex) of the client certificates presented so far, in
  // handshake order (with tls_request_client_cert).
  std::vector<std::string> client_cert_fingerprints() const;
  // Waits until `done(received())` holds; DeadlineExceeded (with the lines seen) otherwise.
  absl::Status WaitFor(const std::function<bool(const std::vector<std::string>&)>& done,
                       std::chrono::milliseconds timeout) const;
  // Waits until a received line starts with `prefix`.
  absl::Status WaitForLine(std::string_view prefix, std::chrono::milliseconds timeout) const;
  // Sends `line` to every registered client.
  void Broadcast(std::string line);
  // Closes every client connection (the server keeps listening).
  void DropClients();

  class Impl;

 private:
  explicit ScriptedIrcServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Writes a self-signed certificate for 127.0.0.1 and "localhost" and its key into `dir` with the
// openssl command line tool. Returns {cert_file, key_file}.
absl::StatusOr<std::pair<std::string, std::string>> MakeSelfSignedCert(const std::string& dir);

// Writes a self-signed client certificate for CN `name` and its key, both in one PEM file at
// `path` (as irc-worker's tls_client_cert_dir holds them). Returns its SHA-256 fingerprint.
absl::StatusOr<std::string> MakeClientCertificate(const std::string& path, const std::string& name);

// The SHA-256 fingerprint (lower-case hex) of the first certificate in the PEM file `path`.
absl::StatusOr<std::string> CertificateFingerprint(const std::string& path);

}  // namespace mxedge::testing
