#include "mxedge/ownership/in_memory_member_registry.hpp"

#include <gtest/gtest.h>

#include "member_registry_contract.hpp"
#include "mxedge/testing/fake_clock.hpp"

namespace mxedge::ownership {
namespace {

class InMemoryRegistryEnv {
 public:
  MemberRegistry& registry() { return registry_; }
  mxedge::testing::FakeClock& clock() { return clock_; }

 private:
  mxedge::testing::FakeClock clock_;
  InMemoryMemberRegistry registry_{clock_};
};

INSTANTIATE_TYPED_TEST_SUITE_P(InMemoryRegistryContract, MemberRegistryContractTest,
                               InMemoryRegistryEnv);

}  // namespace
}  // namespace mxedge::ownership
