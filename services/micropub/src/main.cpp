// micropub: a Matrix bot posting to its users' IndieWeb sites. Everything lives in app.cpp
// (RunMain) so it is testable without this file.
#include "app.hpp"

int main(int argc, char** argv) { return mxedge::micropub::RunMain(argc, argv); }
