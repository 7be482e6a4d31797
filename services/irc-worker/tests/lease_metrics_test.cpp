#include "lease_metrics.hpp"

#include <gtest/gtest.h>

namespace mxedge::irc_worker {
namespace {

TEST(LeaseMetricsTest, ConnectionPlansCountTakenAndLostAndSetHeld) {
  common::MetricsRegistry registry;
  LeaseMetrics metrics(registry);
  ReconcilePlan first;
  first.open = {{"net", "@a:hs"}, {"net", "@b:hs"}, {"net", "@c:hs"}};
  first.taken_over = 1;
  metrics.ConnectionPlanApplied(first, 3);
  ReconcilePlan second;
  second.close = {{"net", "@a:hs"}};
  second.release = {{"net", "@b:hs"}};
  metrics.ConnectionPlanApplied(second, 1);
  EXPECT_EQ(metrics.taken(LeaseKind::kConnection).Value(), 3u);
  EXPECT_EQ(metrics.lost(LeaseKind::kConnection).Value(), 1u);
  EXPECT_EQ(metrics.held(LeaseKind::kConnection).Value(), 1);
  EXPECT_EQ(metrics.held(LeaseKind::kReceiver).Value(), 0);
}

TEST(LeaseMetricsTest, RendersEveryKindWithItsLabel) {
  common::MetricsRegistry registry;
  LeaseMetrics metrics(registry);
  metrics.taken(LeaseKind::kReceiver).Increment();
  const std::string text = registry.RenderText();
  EXPECT_NE(text.find("mxedge_irc_worker_leases_held{lease=\"connection\"} 0"), std::string::npos)
      << text;
  EXPECT_NE(text.find("mxedge_irc_worker_leases_taken_total{lease=\"receiver\"} 1"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("mxedge_irc_worker_leases_lost_total{lease=\"connection\"} 0"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace mxedge::irc_worker
