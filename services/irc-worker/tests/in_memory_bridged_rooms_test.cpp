#include "in_memory_bridged_rooms.hpp"

#include <gtest/gtest.h>

#include "bridged_rooms_contract.hpp"

namespace mxedge::irc_worker {
namespace {

class InMemoryRoomsEnv {
 public:
  BridgedRooms& rooms() { return rooms_; }

 private:
  InMemoryBridgedRooms rooms_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(InMemoryRooms, BridgedRoomsContractTest, InMemoryRoomsEnv);

}  // namespace
}  // namespace mxedge::irc_worker
