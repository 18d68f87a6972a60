#include "modules/places/lookup.h"

namespace cw::places {

std::optional<PostcodePlace> find_postcode(store::Tx& tx, const std::string& postcode) {
  auto res = tx.run(
      "SELECT p.postcode, p.lat, p.lon, l.code, l.name, w.code, w.name, s.code, s.name, s.imd_rank, "
      "s.imd_decile "
      "FROM postcodes p JOIN localities l ON l.id = p.locality_id "
      "LEFT JOIN wards w ON w.locality_id = p.locality_id AND w.code = p.ward_code "
      "LEFT JOIN lsoas s ON s.locality_id = p.locality_id AND s.code = p.lsoa_code "
      "WHERE p.postcode = $1 ORDER BY l.id LIMIT 1",
      postcode);
  if (res.empty()) return std::nullopt;
  const auto& r = res.rows[0];
  auto opt_int = [&](std::size_t i) {
    auto v = r.opt_integer(i);
    return v ? std::optional<int>(static_cast<int>(*v)) : std::nullopt;
  };
  return PostcodePlace{r.text(0),     r.real(1),     r.real(2),     r.text(3),  r.text(4),  r.opt_text(5),
                       r.opt_text(6), r.opt_text(7), r.opt_text(8), opt_int(9), opt_int(10)};
}

}  // namespace cw::places
