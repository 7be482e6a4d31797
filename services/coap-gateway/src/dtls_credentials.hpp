#pragma once
// DTLS credentials checked at startup, before the transport binds anything: the X.509
// certificate, key and CA files (exist, readable, parse, key matches the certificate, key is EC
// P-256) and the PSK table (identity → key) from a file and/or a Secret in the environment.
//
// PSK text format (file and Secret alike), one entry per line:
//   # comment                         blank lines and lines starting with '#' are skipped
//   alice:00112233445566778899aabbccddeeff          identity ':' key in hex
//   bob:base64:ABEiM0RVZneImaq7zN3u/w==             identity ':base64:' key in standard base64
// Leading/trailing whitespace and a trailing '\r' are ignored. Identities are 1..128 bytes of
// printable ASCII without ':' or whitespace and appear once; keys are 16..64 bytes after
// decoding. Every error names the source and the line number; key bytes never appear in one.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace mxedge::coap_gateway {

inline constexpr std::size_t kMinPskKeyBytes = 16;
inline constexpr std::size_t kMaxPskKeyBytes = 64;
inline constexpr std::size_t kMaxPskIdentityBytes = 128;

// Identity → key. Immutable after loading; safe to read from any thread.
class PskTable {
 public:
  // The key for `identity`, or nullptr.
  const std::string* Find(std::string_view identity) const;
  std::size_t size() const { return keys_.size(); }
  bool empty() const { return keys_.empty(); }
  // A copy of every entry (for the transport's settings).
  std::map<std::string, std::string> ToMap() const { return {keys_.begin(), keys_.end()}; }

  // Adds every entry of `text`; `source` names it in errors ("psk file /etc/x",
  // "MXEDGE_DTLS_PSKS"). An identity already in the table (from this or an earlier source) is an
  // error. On error the table is unchanged.
  absl::Status AddFromText(std::string_view text, std::string_view source);

 private:
  std::map<std::string, std::string, std::less<>> keys_;
};

// Parses one PSK text; see the format above.
absl::StatusOr<PskTable> ParsePskText(std::string_view text, std::string_view source);

// Reads a whole file; errors say whether it is missing or unreadable. `key` is the config key
// that named the file, first in every message.
absl::StatusOr<std::string> ReadCredentialFile(std::string_view key, const std::string& path);

// What CheckCertificateFiles found.
struct CertificateInfo {
  std::string subject;   // one-line distinguished name
  std::string key_type;  // e.g. "EC P-256"
  // Seconds since the epoch.
  long long not_before = 0;
  long long not_after = 0;
};

// Checks the server certificate and key (PEM): both readable and parseable, the key belongs to
// the certificate, and it is an EC P-256 key (anything else → InvalidArgument saying what it is,
// e.g. "RSA 2048 bits"). `ca_path`, when not empty, must hold at least one PEM certificate.
// Messages start with the config key at fault (dtls.cert_file, dtls.key_file, dtls.ca_file).
absl::StatusOr<CertificateInfo> CheckCertificateFiles(const std::string& cert_path,
                                                      const std::string& key_path,
                                                      const std::string& ca_path);

}  // namespace mxedge::coap_gateway
