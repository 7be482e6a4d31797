// appservice-router: the homeserver's Application Service endpoint and the suite's router.
// Everything lives in app.cpp (RunMain) so it is testable without this file.
#include "app.hpp"

int main(int argc, char** argv) { return mxedge::appservice_router::RunMain(argc, argv); }
