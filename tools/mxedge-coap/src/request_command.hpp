#pragma once
// One request (or an Observe registration) from the command line, printed like curl: the answer
// as JSON on stdout, the CoAP code on stderr.
#include <iosfwd>

#include "absl/status/statusor.h"
#include "cli_options.hpp"
#include "coap_message.hpp"
#include "coap_url.hpp"

namespace mxedge::coap_cli {

// The CoAP request for `options` and its parsed URL: the -d body as CBOR (Content-Format 60, v1
// integer keys), --token in option 256, --accept json as Accept 50, --observe as Observe 0.
absl::StatusOr<CoapRequest> BuildCoapRequest(const RequestOptions& options, const CoapUrl& url,
                                             std::istream& standard_input);

// What stdout shows for a response: CBOR decoded with the v1 table and printed as indented JSON
// (a body without Content-Format is tried as CBOR, else printed as it came), JSON and text as they
// came, other formats as raw bytes. A body labelled 60 that does not decode is an
// InvalidArgumentError.
absl::StatusOr<std::string> RenderBody(const CoapResponse& response);

// The exit status for a response: 0 for 2.xx, 4 for 4.xx, 5 for 5.xx, 1 otherwise.
int ExitStatusFor(const CoapResponse& response);

// Runs the request; returns the process exit status (1 when no answer arrived, 2 for bad input).
int RunRequest(const RequestOptions& options, std::istream& standard_input, std::ostream& out,
               std::ostream& err);

}  // namespace mxedge::coap_cli
