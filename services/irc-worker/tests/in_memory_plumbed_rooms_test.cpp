#include "in_memory_plumbed_rooms.hpp"

#include <gtest/gtest.h>

#include "plumbed_rooms_contract.hpp"

namespace mxedge::irc_worker {
namespace {

class InMemoryPlumbedEnv {
 public:
  PlumbedRooms& plumbed() { return rooms_; }
  BridgedRooms& rooms() { return rooms_; }

 private:
  InMemoryPlumbedRooms rooms_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(InMemoryPlumbed, PlumbedRoomsContractTest, InMemoryPlumbedEnv);

}  // namespace
}  // namespace mxedge::irc_worker
