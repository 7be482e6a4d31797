#include "in_memory_pm_rooms.hpp"

#include <gtest/gtest.h>

#include "pm_rooms_contract.hpp"

namespace mxedge::irc_worker {
namespace {

class InMemoryPmRoomsEnv {
 public:
  PmRooms& pms() { return pms_; }
  void ReserveRoom(std::string room_id) { pms_.ReserveRoom(std::move(room_id)); }

 private:
  InMemoryPmRooms pms_;
};

INSTANTIATE_TYPED_TEST_SUITE_P(InMemoryPmRooms, PmRoomsContractTest, InMemoryPmRoomsEnv);

}  // namespace
}  // namespace mxedge::irc_worker
