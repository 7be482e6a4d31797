// Feeds arbitrary server output to IrcSession (CAP, SASL, nick fallback, ISUPPORT, PING, ERROR)
// through LineFramer and ParseMessage. The first byte picks the settings (SASL, required or not).
// Every input must be handled without a crash, and a failed session must stay silent.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "connection_events.hpp"
#include "irc_session.hpp"
#include "mxedge/irc/disconnect_class.hpp"
#include "mxedge/irc/line_framer.hpp"
#include "mxedge/irc/parser.hpp"

namespace {

using mxedge::irc_worker::CloseInfo;
using mxedge::irc_worker::CloseReason;

class NullObserver : public mxedge::irc_worker::ConnectionObserver {
 public:
  void OnRegistered(std::string_view) override {}
  void OnNickChanged(std::string_view, std::string_view) override {}
  void OnSaslResult(bool, std::string_view) override {}
  void OnLine(const mxedge::irc::Message&) override {}
  void OnEcho(const mxedge::irc::Message&) override {}
  void OnClosed(const CloseInfo&) override {}
};

class CheckingTransport : public mxedge::irc_worker::SessionTransport {
 public:
  void SendNow(std::string line) override {
    // A failed session sends nothing more; no line carries CR or LF.
    if (failed || line.find_first_of("\r\n") != std::string::npos) std::abort();
  }
  void Fail(CloseReason, std::string) override { failed = true; }
  bool failed = false;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t mode = data[0];
  mxedge::irc_worker::SessionSettings settings{
      .nick = "fuzzer", .username = "fz", .realname = "Fuzz Er"};
  if (mode & 1) settings.sasl = mxedge::irc_worker::SaslCredentials{"fuzzer", "pw"};
  settings.sasl_required = (mode & 2) != 0;
  settings.max_nick_attempts = 1 + (mode >> 4);
  CheckingTransport transport;
  NullObserver observer;
  mxedge::irc_worker::IrcSession session(settings, transport, observer);
  session.Start();
  mxedge::irc::LineFramer framer;
  framer.Feed(std::string_view(reinterpret_cast<const char*>(data + 1), size - 1),
              [&](std::string_view line) {
                auto message = mxedge::irc::ParseMessage(line);
                if (!message.ok()) return;
                mxedge::irc_worker::CloseReasonFor(mxedge::irc::ClassifyDisconnect(*message));
                session.HandleLine(*message);
              });
  return 0;
}
