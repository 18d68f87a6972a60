// Password hashing is bounded: when every slot is taken, a further check waits briefly and is then shed
// with a 503 rather than piling up 64 MiB hashes until the server runs out of memory.
#include "modules/accounts/secrets.h"

#include <gtest/gtest.h>

#include <optional>

#include "web/http.h"

namespace cw::accounts {
namespace {

constexpr PasswordCost kCheap{1, 8192};

TEST(PasswordWork, a_check_beyond_the_slots_is_shed_with_a_503_and_a_freed_slot_serves_the_next) {
  configure_password_work(1, std::chrono::milliseconds(50));
  auto hash = hash_password("walrus kettle lantern", kCheap);
  {
    std::optional<PasswordWorkSlot> held(std::in_place);
    try {
      (void)verify_password(hash, "walrus kettle lantern");
      ADD_FAILURE() << "a check with every slot taken should be shed";
    } catch (const web::HttpError& e) {
      EXPECT_EQ(e.status, 503);
      EXPECT_EQ(e.code, "busy");
      EXPECT_NE(std::string(e.what()).find("try again"), std::string::npos);
    }
    EXPECT_THROW(hash_password("walrus kettle lantern", kCheap), web::HttpError);
  }
  EXPECT_TRUE(verify_password(hash, "walrus kettle lantern")) << "the slot was given back";
  EXPECT_FALSE(verify_password("", "anything")) << "no hash, no slot needed";
  configure_password_work(2, std::chrono::milliseconds(2000));
}

}  // namespace
}  // namespace cw::accounts
