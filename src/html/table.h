// Data for partials/table (a GOV.UK table), built in C++ so every module's tables have the same shape and
// the template has little to decide per cell: each cell arrives with its tag and classes worked out.
// Pure; safe from any thread.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace cw::html {

struct TableColumn {
  std::string heading;
  bool numeric = false;  // right-aligned, as GOV.UK tables set numbers
};

struct TableCell {
  std::string text;
  std::string href;      // links the text when set
  bool numeric = false;  // right-aligned
};

// A table of `columns`; rows are added with add_row. The first cell of each row is a row header when
// `first_cell_is_header` is set.
class Table {
 public:
  Table(std::string caption, std::vector<TableColumn> columns, bool first_cell_is_header = true);

  // REQUIRES: as many cells as columns (throws std::invalid_argument otherwise).
  void add_row(const std::vector<TableCell>& cells);

  // {caption, head: [{text, class}], rows: [{cells: [{tag, class, row_header, text, href}]}]}; every key set
  // so values from outer mustache contexts cannot leak in. `std::move(table).data()` hands it over uncopied.
  const nlohmann::json& data() const& { return data_; }
  nlohmann::json data() && { return std::move(data_); }

 private:
  std::size_t columns_;
  bool first_cell_is_header_;
  nlohmann::json data_;
};

}  // namespace cw::html
