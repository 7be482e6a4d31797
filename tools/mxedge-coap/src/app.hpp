#pragma once
// mxedge-coap's entry point, testable without main(): dispatches to the request, converter or
// proxy command.
#include <iosfwd>

namespace mxedge::coap_cli {

int RunMain(int argc, const char* const* argv, std::istream& in, std::ostream& out,
            std::ostream& err);

}  // namespace mxedge::coap_cli
