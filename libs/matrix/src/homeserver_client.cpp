#include "mxedge/matrix/homeserver_client.hpp"

#include <algorithm>

namespace mxedge::matrix {

bool Versions::Supports(std::string_view version) const {
  return std::find(versions.begin(), versions.end(), version) != versions.end();
}

}  // namespace mxedge::matrix
