// mxedge-coap: MSC3079 command line client, CBOR converter and HTTP→CoAP proxy.
#include <iostream>

#include "app.hpp"

int main(int argc, char** argv) {
  return mxedge::coap_cli::RunMain(argc, argv, std::cin, std::cout, std::cerr);
}
