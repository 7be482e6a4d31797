// irc-worker: IRC connections for Matrix users, owned through Redis. Everything lives in app.cpp
// (RunMain) so it is testable without this file.
#include "app.hpp"

int main(int argc, char** argv) { return mxedge::irc_worker::RunMain(argc, argv); }
