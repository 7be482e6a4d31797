// coap-gateway: MSC3079 low-bandwidth Matrix over CoAP/DTLS, translated to the router's ClientApi.
// Everything lives in app.cpp (RunMain) so it is testable without this file.
#include "app.hpp"

int main(int argc, char** argv) { return mxedge::coap_gateway::RunMain(argc, argv); }
