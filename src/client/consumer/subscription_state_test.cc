// subscription_state: positions, the prefetch pipeline and its invalidation.
#include "client/consumer/subscription_state.h"

#include <gtest/gtest.h>

#include "gregor/errors.h"

namespace gregor::client {
namespace {

const gregor::topic_partition tp0{"t", 0};
const gregor::topic_partition tp1{"t", 1};

completed_fetch fetched(const subscription_state::fetch_target& t, int64_t next) {
  completed_fetch f;
  f.tp = t.tp;
  f.epoch = t.epoch;
  f.fetch_offset = t.offset;
  f.next_fetch_offset = next;
  f.records = shared_bytes::copy_of(std::string_view("x"));
  return f;
}

// assign() starts a reset to latest; seek_to_beginning() right after starts one to earliest. The
// first answer (latest) arriving last-but-one must not set the position: only the newest lookup counts.
TEST(SubscriptionState, AStaleResetAnswerDoesNotOverrideANewerReset) {
  subscription_state s(offset_reset_strategy::latest);
  s.assign({tp0}, subscription_state::position_source::reset);
  auto to_latest = s.take_reset_lookups();
  ASSERT_EQ(to_latest.size(), 1u);
  s.request_reset({tp0}, offset_reset_strategy::earliest);
  auto to_earliest = s.take_reset_lookups();
  ASSERT_EQ(to_earliest.size(), 1u);
  EXPECT_EQ(to_earliest[0].strategy, offset_reset_strategy::earliest);
  s.resolve_reset(to_latest[0], 10);  // the stale answer
  EXPECT_FALSE(s.position(tp0));
  s.lookup_failed(to_latest[0]);
  EXPECT_TRUE(s.take_reset_lookups().empty()) << "the earliest lookup is still in flight";
  s.resolve_reset(to_earliest[0], 0);
  EXPECT_EQ(s.position(tp0), 0);
}

TEST(SubscriptionState, AssignedPartitionsResolveThenFetchAhead) {
  subscription_state s(offset_reset_strategy::earliest);
  s.assign({tp0}, subscription_state::position_source::committed);
  EXPECT_FALSE(s.position(tp0));
  EXPECT_TRUE(s.fetchable(2).empty());
  EXPECT_EQ(s.take_committed_lookups(), std::vector<gregor::topic_partition>{tp0});
  s.resolve_committed(tp0, std::nullopt);  // nothing committed: reset to earliest
  auto resets = s.take_reset_lookups();
  ASSERT_EQ(resets.size(), 1u);
  EXPECT_EQ(resets[0].strategy, offset_reset_strategy::earliest);
  s.resolve_reset(resets[0], 10);
  EXPECT_EQ(s.position(tp0), 10);

  auto t = s.fetchable(2);
  ASSERT_EQ(t.size(), 1u);
  EXPECT_EQ(t[0].offset, 10);
  s.mark_in_flight(t[0]);
  EXPECT_TRUE(s.fetchable(2).empty());
  EXPECT_TRUE(s.add_fetch(fetched(t[0], 20)));
  // A second fetch may go out from offset 20 before poll() read the first one.
  auto t2 = s.fetchable(2);
  ASSERT_EQ(t2.size(), 1u);
  EXPECT_EQ(t2[0].offset, 20);
  s.mark_in_flight(t2[0]);
  EXPECT_TRUE(s.add_fetch(fetched(t2[0], 30)));
  EXPECT_TRUE(s.fetchable(2).empty());  // two buffered: enough

  auto taken = s.take_fetch();
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->position, 10);
  s.release_fetch(tp0, taken->fetch.epoch, 20);
  EXPECT_EQ(s.position(tp0), 20);
}

TEST(SubscriptionState, SeekDropsBufferedAndInFlightFetches) {
  subscription_state s(offset_reset_strategy::latest);
  s.assign({tp0, tp1}, subscription_state::position_source::reset);
  s.seek(tp0, 5);
  s.seek(tp1, 7);
  auto t = s.fetchable(2);
  ASSERT_EQ(t.size(), 2u);
  s.mark_in_flight(t[0]);
  s.mark_in_flight(t[1]);
  EXPECT_TRUE(s.add_fetch(fetched(t[0], 9)));
  s.seek(tp0, 100);
  s.seek(tp1, 200);
  EXPECT_FALSE(s.add_fetch(fetched(t[1], 9)));  // stale: sent before the seek
  EXPECT_FALSE(s.take_fetch());                 // tp0's buffered fetch is gone
  auto again = s.fetchable(2);
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[0].offset, 100);
  EXPECT_EQ(again[1].offset, 200);
}

TEST(SubscriptionState, PausedPartitionsAreNeitherFetchedNorDrained) {
  subscription_state s(offset_reset_strategy::latest);
  s.assign({tp0}, subscription_state::position_source::reset);
  s.seek(tp0, 0);
  auto t = s.fetchable(2);
  s.mark_in_flight(t[0]);
  s.add_fetch(fetched(t[0], 3));
  s.pause({tp0});
  EXPECT_EQ(s.paused(), std::set<gregor::topic_partition>{tp0});
  EXPECT_FALSE(s.take_fetch());
  EXPECT_TRUE(s.fetchable(2).empty());
  s.resume({tp0});
  auto t2 = s.fetchable(2);
  ASSERT_EQ(t2.size(), 1u);
  EXPECT_EQ(t2[0].offset, 0);  // refetched from the position
}

// The fetcher holds back a fetch of caught-up partitions while another one has more data and only
// waits for poll() to drain it (fetcher.h); the state tells the two apart.
TEST(SubscriptionState, CaughtUpAndHeldBackPartitions) {
  subscription_state s(offset_reset_strategy::earliest);
  s.assign({tp0, tp1}, subscription_state::position_source::reset);
  for (const auto& l : s.take_reset_lookups()) s.resolve_reset(l, 0);
  auto targets = s.fetchable(1);
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_FALSE(targets[0].caught_up);  // no high watermark known yet
  for (const auto& t : targets) s.mark_in_flight(t);

  auto f0 = fetched(targets[0], 5);  // tp0: everything, up to its high watermark 5
  f0.high_watermark = 5;
  auto f1 = fetched(targets[1], 5);  // tp1: the first 5 of 100
  f1.high_watermark = 100;
  ASSERT_TRUE(s.add_fetch(f0));
  ASSERT_TRUE(s.add_fetch(f1));
  EXPECT_TRUE(s.fetchable(1).empty());
  EXPECT_EQ(s.held_back(1), std::vector<gregor::topic_partition>{tp1});  // tp0 has nothing more

  auto taken = s.take_fetch();  // poll() drains tp0
  ASSERT_TRUE(taken);
  ASSERT_EQ(taken->fetch.tp, tp0);
  s.release_fetch(tp0, taken->fetch.epoch, 5);
  targets = s.fetchable(1);
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_TRUE(targets[0].caught_up);
  EXPECT_EQ(s.held_back(1), std::vector<gregor::topic_partition>{tp1});

  s.pause({tp1});  // a paused partition will not be drained: nothing to wait for
  EXPECT_TRUE(s.held_back(1).empty());
}

TEST(SubscriptionState, SubscribeAndAssignDoNotMix) {
  subscription_state s(offset_reset_strategy::latest);
  s.subscribe(std::vector<std::string>{"a"});
  EXPECT_THROW(s.assign({tp0}, subscription_state::position_source::reset), illegal_state_error);
  s.unsubscribe();
  s.assign({tp0}, subscription_state::position_source::reset);
  EXPECT_THROW(s.subscribe(std::vector<std::string>{"a"}), illegal_state_error);
}

TEST(SubscriptionState, PatternMatchesWholeTopicNames) {
  subscription_state s(offset_reset_strategy::latest);
  s.subscribe(std::regex("orders-.*"));
  EXPECT_TRUE(s.update_pattern_matches({"orders-eu", "orders-us", "xorders-eu", "payments"}));
  EXPECT_EQ(s.subscribed_topics(), (std::set<std::string>{"orders-eu", "orders-us"}));
  EXPECT_FALSE(s.update_pattern_matches({"orders-eu", "orders-us"}));
}

TEST(SubscriptionState, NoResetStrategyGivesAnError) {
  subscription_state s(offset_reset_strategy::none);
  s.assign({tp0}, subscription_state::position_source::reset);
  EXPECT_TRUE(s.take_reset_lookups().empty());
  ASSERT_TRUE(s.pending_error());
  EXPECT_EQ(s.pending_error()->code, protocol::error_code::offset_out_of_range);
  s.seek(tp0, 3);
  EXPECT_FALSE(s.pending_error());
}

}  // namespace
}  // namespace gregor::client
