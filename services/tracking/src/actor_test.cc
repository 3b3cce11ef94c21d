#include "actor.h"

#include "gtest/gtest.h"

namespace contactcenter::tracking {
namespace {

v1::Case CaseAt(const std::string& executor) {
  v1::Case c;
  c.set_executor_id(executor);
  return c;
}

TEST(ActorTest, AnExecutorSeesOnlyItsOwnCases) {
  const Actor housing{"housing-system", "lg-oda-housing"};
  EXPECT_TRUE(MaySee(housing, CaseAt("lg-oda-housing")));
  EXPECT_FALSE(MaySee(housing, CaseAt("lg-oda-social")));
}

TEST(ActorTest, TheCenterSeesEveryCase) {
  const Actor op{"op-1", ""};
  EXPECT_TRUE(MaySee(op, CaseAt("lg-oda-housing")));
  EXPECT_TRUE(MaySee(op, CaseAt("lg-oda-social")));
}

TEST(ActorTest, OnlyAnExecutorPrincipalIsLimitedToItsCases) {
  auth::Principal executor;
  executor.id = "housing-system";
  executor.role = auth::Role::kExecutor;
  executor.executor_id = "lg-oda-housing";
  EXPECT_EQ(ActorOf(executor).id, "housing-system");
  EXPECT_EQ(ActorOf(executor).only_executor, "lg-oda-housing");
  auth::Principal supervisor;
  supervisor.id = "sup-1";
  supervisor.role = auth::Role::kSupervisor;
  EXPECT_EQ(ActorOf(supervisor).only_executor, "");
}

}  // namespace
}  // namespace contactcenter::tracking
