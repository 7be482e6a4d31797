#include "cli_options.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "absl/strings/match.h"
#include "coap_message.hpp"
#include "mxedge/common/str_cat.hpp"

namespace mxedge::coap_cli {
namespace {

// Walks the arguments; `--name=value` and `--name value` both work, short flags take the next
// argument.
class ArgReader {
 public:
  explicit ArgReader(const std::vector<std::string>& args) : args_(args) {}

  bool Done() const { return index_ >= args_.size(); }

  // The next argument, split into flag and inline value ("--timeout=3" → "--timeout", "3").
  std::string Next() {
    const std::string& arg = args_[index_++];
    inline_value_.reset();
    if (absl::StartsWith(arg, "--")) {
      if (const size_t eq = arg.find('='); eq != std::string::npos) {
        inline_value_ = arg.substr(eq + 1);
        return arg.substr(0, eq);
      }
    }
    return arg;
  }

  absl::StatusOr<std::string> Value(std::string_view flag) {
    if (inline_value_.has_value()) {
      std::string value = *std::move(inline_value_);
      inline_value_.reset();
      return value;
    }
    if (Done()) {
      return absl::InvalidArgumentError(common::Cat(flag, " needs a value"));
    }
    return args_[index_++];
  }

  bool HasInlineValue() const { return inline_value_.has_value(); }

 private:
  const std::vector<std::string>& args_;
  size_t index_ = 0;
  std::optional<std::string> inline_value_;
};

absl::StatusOr<std::chrono::milliseconds> ParseSeconds(std::string_view flag,
                                                       std::string_view text) {
  double seconds = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seconds);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(seconds) || seconds <= 0 || seconds > 86'400) {
    return absl::InvalidArgumentError(
        common::Cat(flag, " takes seconds between 0 and 86400, not \"", text, "\""));
  }
  return std::chrono::milliseconds(static_cast<long long>(std::ceil(seconds * 1000)));
}

// --psk / --ca / --insecure. Returns true when `flag` was one of them.
absl::StatusOr<bool> ReadDtlsFlag(const std::string& flag, ArgReader& reader, DtlsSettings& dtls) {
  if (flag == "--psk") {
    absl::StatusOr<std::string> value = reader.Value(flag);
    if (!value.ok()) {
      return value.status();
    }
    const size_t colon = value->find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == value->size()) {
      return absl::InvalidArgumentError("--psk takes IDENTITY:KEY, both non-empty");
    }
    dtls.psk_identity = value->substr(0, colon);
    dtls.psk_key = value->substr(colon + 1);
    return true;
  }
  if (flag == "--ca") {
    absl::StatusOr<std::string> value = reader.Value(flag);
    if (!value.ok()) {
      return value.status();
    }
    if (value->empty()) {
      return absl::InvalidArgumentError("--ca needs a file name");
    }
    dtls.ca_file = *std::move(value);
    return true;
  }
  if (flag == "--insecure" || flag == "-k") {
    dtls.insecure = true;
    return true;
  }
  return false;
}

absl::Status CheckDtls(const DtlsSettings& dtls) {
  const int chosen =
      (dtls.UsesPsk() ? 1 : 0) + (dtls.ca_file.empty() ? 0 : 1) + (dtls.insecure ? 1 : 0);
  if (chosen > 1) {
    return absl::InvalidArgumentError("choose one of --psk, --ca and --insecure");
  }
  return absl::OkStatus();
}

absl::Status SetPositional(std::string& slot, const std::string& arg, std::string_view what) {
  if (!slot.empty()) {
    return absl::InvalidArgumentError(
        common::Cat("more than one ", what, ": \"", slot, "\" and \"", arg, "\""));
  }
  slot = arg;
  return absl::OkStatus();
}

absl::Status UnknownFlag(const std::string& flag) {
  return absl::InvalidArgumentError(common::Cat("unknown option \"", flag, "\" (see --help)"));
}

absl::Status ParseRequest(ArgReader& reader, RequestOptions& out, bool& help) {
  bool method_given = false;
  while (!reader.Done()) {
    const std::string flag = reader.Next();
    absl::StatusOr<bool> dtls = ReadDtlsFlag(flag, reader, out.dtls);
    if (!dtls.ok()) {
      return dtls.status();
    }
    if (*dtls) {
      continue;
    }
    if (flag == "-h" || flag == "--help") {
      help = true;
    } else if (flag == "-X" || flag == "--request") {
      absl::StatusOr<std::string> value = reader.Value(flag);
      if (!value.ok()) {
        return value.status();
      }
      absl::StatusOr<CoapMethod> method = ParseCoapMethod(*value);
      if (!method.ok()) {
        return method.status();
      }
      out.method = std::string(CoapMethodName(*method));
      method_given = true;
    } else if (flag == "-d" || flag == "--data") {
      absl::StatusOr<std::string> value = reader.Value(flag);
      if (!value.ok()) {
        return value.status();
      }
      out.data = *std::move(value);
    } else if (flag == "--token") {
      absl::StatusOr<std::string> value = reader.Value(flag);
      if (!value.ok()) {
        return value.status();
      }
      if (value->empty()) {
        return absl::InvalidArgumentError("--token needs a non-empty access token");
      }
      out.token = *std::move(value);
    } else if (flag == "--accept") {
      absl::StatusOr<std::string> value = reader.Value(flag);
      if (!value.ok()) {
        return value.status();
      }
      if (*value != "json") {
        return absl::InvalidArgumentError(
            common::Cat("--accept takes \"json\", not \"", *value, "\""));
      }
      out.accept_json = true;
    } else if (flag == "--timeout") {
      absl::StatusOr<std::string> value = reader.Value(flag);
      if (!value.ok()) {
        return value.status();
      }
      absl::StatusOr<std::chrono::milliseconds> timeout = ParseSeconds(flag, *value);
      if (!timeout.ok()) {
        return timeout.status();
      }
      out.timeout = *timeout;
    } else if (flag == "--observe") {
      out.observe = true;
    } else if (flag == "-v" || flag == "--verbose") {
      out.verbose = true;
    } else if (flag.size() > 1 && flag.front() == '-') {
      return UnknownFlag(flag);
    } else if (absl::Status status = SetPositional(out.url, flag, "URL"); !status.ok()) {
      return status;
    }
  }
  if (help) {
    return absl::OkStatus();
  }
  if (out.url.empty()) {
    return absl::InvalidArgumentError("no coap:// or coaps:// URL given (see --help)");
  }
  if (out.data.has_value() && !method_given) {
    out.method = "POST";
  }
  if (out.observe && out.method != "GET") {
    return absl::InvalidArgumentError("--observe works with GET only");
  }
  return CheckDtls(out.dtls);
}

absl::Status ParseConvert(ArgReader& reader, ConvertOptions& out, bool& help) {
  while (!reader.Done()) {
    const std::string flag = reader.Next();
    if (flag == "--hex") {
      out.hex = true;
    } else if (flag == "--strings") {
      out.strings = true;
    } else if (flag == "-h" || flag == "--help") {
      help = true;
    } else {
      return UnknownFlag(flag);
    }
  }
  return absl::OkStatus();
}

absl::Status ParseListen(std::string_view text, ProxyOptions& out) {
  const size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    return absl::InvalidArgumentError(common::Cat("--listen takes HOST:PORT, not \"", text, "\""));
  }
  const std::string_view port_text = text.substr(colon + 1);
  int port = -1;
  const auto [end, error] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || error != std::errc() || end != port_text.data() + port_text.size() ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        common::Cat("--listen has an invalid port \"", port_text, "\""));
  }
  out.listen_host = std::string(text.substr(0, colon));
  out.listen_port = port;
  return absl::OkStatus();
}

absl::Status ParseProxy(ArgReader& reader, ProxyOptions& out, bool& help) {
  while (!reader.Done()) {
    const std::string flag = reader.Next();
    absl::StatusOr<bool> dtls = ReadDtlsFlag(flag, reader, out.dtls);
    if (!dtls.ok()) {
      return dtls.status();
    }
    if (*dtls) {
      continue;
    }
    if (flag == "-h" || flag == "--help") {
      help = true;
    } else if (flag == "--listen") {
      absl::StatusOr<std::string> value = reader.Value(flag);
      if (!value.ok()) {
        return value.status();
      }
      if (absl::Status status = ParseListen(*value, out); !status.ok()) {
        return status;
      }
    } else if (flag == "--media-upstream") {
      absl::StatusOr<std::string> value = reader.Value(flag);
      if (!value.ok()) {
        return value.status();
      }
      if (!absl::StartsWith(*value, "http://") && !absl::StartsWith(*value, "https://")) {
        return absl::InvalidArgumentError(
            common::Cat("--media-upstream takes an http:// or https:// URL, not \"", *value, "\""));
      }
      out.media_upstream = *std::move(value);
    } else if (flag == "--timeout") {
      absl::StatusOr<std::string> value = reader.Value(flag);
      if (!value.ok()) {
        return value.status();
      }
      absl::StatusOr<std::chrono::milliseconds> timeout = ParseSeconds(flag, *value);
      if (!timeout.ok()) {
        return timeout.status();
      }
      out.timeout = *timeout;
    } else if (flag == "-v" || flag == "--verbose") {
      out.verbose = true;
    } else if (flag == "--trace") {
      out.trace = true;
    } else if (flag.size() > 1 && flag.front() == '-') {
      return UnknownFlag(flag);
    } else if (absl::Status status = SetPositional(out.gateway_url, flag, "gateway URL");
               !status.ok()) {
      return status;
    }
  }
  if (help) {
    return absl::OkStatus();
  }
  if (out.gateway_url.empty()) {
    return absl::InvalidArgumentError("proxy needs the gateway's coap:// or coaps:// URL");
  }
  return CheckDtls(out.dtls);
}

}  // namespace

absl::StatusOr<Invocation> ParseInvocation(const std::vector<std::string>& args) {
  Invocation invocation;
  if (args.empty()) {
    return absl::InvalidArgumentError("no URL or command given (see --help)");
  }
  std::vector<std::string> rest(args.begin() + 1, args.end());
  bool help = false;
  absl::Status status;
  if (args.front() == "cbor2json" || args.front() == "json2cbor") {
    invocation.command = args.front() == "cbor2json" ? Command::kCborToJson : Command::kJsonToCbor;
    ArgReader reader(rest);
    status = ParseConvert(reader, invocation.convert, help);
  } else if (args.front() == "proxy") {
    invocation.command = Command::kProxy;
    ArgReader reader(rest);
    status = ParseProxy(reader, invocation.proxy, help);
  } else {
    invocation.command = Command::kRequest;
    ArgReader reader(args);
    status = ParseRequest(reader, invocation.request, help);
  }
  if (!status.ok()) {
    return status;
  }
  if (help) {
    invocation.command = Command::kHelp;
  }
  return invocation;
}

std::string UsageText(std::string_view program) {
  return common::Cat(
      "Usage:\n"
      "  ",
      program,
      " [options] coap[s]://host:port/path?query     one request, like curl\n"
      "  ",
      program,
      " cbor2json [--hex] [--strings]               CBOR on stdin -> JSON on stdout\n"
      "  ",
      program,
      " json2cbor [--hex] [--strings]               JSON on stdin -> CBOR on stdout\n"
      "  ",
      program,
      " proxy [--listen HOST:PORT] [--media-upstream URL] [dtls options] coap[s]://gateway:port\n"
      "\n"
      "Request options:\n"
      "  -X, --request METHOD   GET (default), POST (default with -d), PUT, DELETE, FETCH, PATCH,\n"
      "                         iPATCH\n"
      "  -d, --data BODY        JSON body, @FILE or - (stdin); sent as CBOR (Content-Format 60)\n"
      "      --token TOKEN      Matrix access token, sent in option 256 (default:\n"
      "                         $MXEDGE_COAP_TOKEN)\n"
      "      --accept json      ask for a JSON answer (Accept: 50) instead of CBOR\n"
      "      --observe          register with Observe and print each notification until ^C\n"
      "      --timeout SECONDS  give up after this long (default 30)\n"
      "  -v, --verbose          print each message sent and received with its size on the wire\n"
      "\n"
      "DTLS options (coaps://):\n"
      "      --psk ID:KEY       pre-shared key identity and key\n"
      "      --ca FILE          verify the gateway's certificate against this CA (PEM)\n"
      "  -k, --insecure         do not verify the gateway's certificate\n"
      "\n"
      "Proxy options:\n"
      "      --listen HOST:PORT       where Matrix clients connect (default 127.0.0.1:8009)\n"
      "      --media-upstream URL     homeserver for /_matrix/media and /_matrix/client/v1/media\n"
      "      --timeout SECONDS        per request (default 60)\n"
      "  -v, --verbose                DEBUG logs (never tokens or bodies)\n"
      "      --trace                  each CoAP message and datagram with its size, on stderr\n"
      "\n"
      "Full Matrix paths are sent as MSC3079 v1 path codes where one exists. The answer is\n"
      "printed as JSON on stdout and the CoAP code on stderr. Exit status: 0 for 2.xx, 4 for\n"
      "4.xx, 5 for 5.xx, 1 when no answer arrived, 2 for usage errors.\n");
}

}  // namespace mxedge::coap_cli
