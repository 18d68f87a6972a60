// The fragment cache renders once per key and version, renders again when the version moves, and
// drops the least recently used past its capacity.
#include "html/fragment_cache.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace cw::html {
namespace {

TEST(FragmentCache, renders_once_per_version) {
  FragmentCache cache(10);
  int renders = 0;
  auto render = [&] { return "<p>" + std::to_string(++renders) + "</p>"; };
  EXPECT_EQ(*cache.get("petition:1", 5, render), "<p>1</p>");
  EXPECT_EQ(*cache.get("petition:1", 5, render), "<p>1</p>");
  EXPECT_EQ(renders, 1);
  EXPECT_EQ(*cache.get("petition:1", 6, render), "<p>2</p>") << "the tally moved on";
  EXPECT_EQ(*cache.get("petition:2", 6, render), "<p>3</p>") << "keys are apart";
  EXPECT_EQ(cache.hits(), 1);
  EXPECT_EQ(cache.misses(), 3);
}

TEST(FragmentCache, an_older_version_never_replaces_a_newer_one) {
  FragmentCache cache(10);
  cache.get("k", 7, [] { return std::string("new"); });
  EXPECT_EQ(*cache.get("k", 6, [] { return std::string("old"); }), "old")
      << "the caller gets what it asked for";
  EXPECT_EQ(*cache.get("k", 7, [] { return std::string("again"); }), "new") << "and the newer one is kept";
}

TEST(FragmentCache, drops_the_least_recently_used_past_capacity) {
  FragmentCache cache(2);
  int renders = 0;
  auto render = [&] { return std::to_string(++renders); };
  cache.get("a", 1, render);
  cache.get("b", 1, render);
  cache.get("a", 1, render);  // a is now the most recent
  cache.get("c", 1, render);  // b goes
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_EQ(*cache.get("a", 1, render), "1");
  EXPECT_EQ(*cache.get("b", 1, render), "4") << "b was dropped and rendered again";
}

TEST(FragmentCache, many_threads_share_it_safely) {
  FragmentCache cache(8);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 500; ++i) {
        auto key = "k" + std::to_string((i + t) % 12);
        auto html = cache.get(key, i / 100, [&] { return key + "@" + std::to_string(i / 100); });
        ASSERT_EQ(html->substr(0, key.size() + 1), key + "@");
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_LE(cache.size(), 8u);
}

}  // namespace
}  // namespace cw::html
