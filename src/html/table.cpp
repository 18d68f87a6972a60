#include "html/table.h"

#include <stdexcept>

namespace cw::html {

Table::Table(std::string caption, std::vector<TableColumn> columns, bool first_cell_is_header)
    : columns_(columns.size()), first_cell_is_header_(first_cell_is_header) {
  nlohmann::json head = nlohmann::json::array();
  for (auto& c : columns)
    head.push_back(
        {{"text", std::move(c.heading)},
         {"class", c.numeric ? "govuk-table__header govuk-table__header--numeric" : "govuk-table__header"}});
  data_ = {{"caption", std::move(caption)}, {"head", std::move(head)}, {"rows", nlohmann::json::array()}};
}

void Table::add_row(const std::vector<TableCell>& cells) {
  if (cells.size() != columns_)
    throw std::invalid_argument("table row has " + std::to_string(cells.size()) + " cells for " +
                                std::to_string(columns_) + " columns");
  // Built key by key: nlohmann's brace initialisers make and free a temporary array per key, which was
  // a tenth of a ward page's time.
  nlohmann::json row(nlohmann::json::value_t::array);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const auto& c = cells[i];
    bool header = i == 0 && first_cell_is_header_;
    const char* cls =
        header ? (c.numeric ? "govuk-table__header govuk-table__header--numeric" : "govuk-table__header")
               : (c.numeric ? "govuk-table__cell govuk-table__cell--numeric" : "govuk-table__cell");
    auto& cell = row.emplace_back(nlohmann::json::value_t::object).get_ref<nlohmann::json::object_t&>();
    cell.emplace("tag", header ? "th" : "td");
    cell.emplace("class", cls);
    cell.emplace("row_header", header);
    cell.emplace("text", c.text);
    cell.emplace("href", c.href.empty() ? nlohmann::json(false) : nlohmann::json(c.href));
  }
  nlohmann::json item(nlohmann::json::value_t::object);
  item.get_ref<nlohmann::json::object_t&>().emplace("cells", std::move(row));
  data_["rows"].push_back(std::move(item));
}

}  // namespace cw::html
