// Gathers every problem with a submitted form before refusing it, so that a person sees and fixes them
// all in one go rather than one per attempt. One message per field: the first found stands. A plain
// value built per request.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "web/forms.h"

namespace cw::web {

class Problems {
 public:
  void add(const std::string& field, const std::string& message);
  void add(const std::optional<FieldError>& e) {
    if (e) add(e->field, e->message);
  }
  void add(const std::vector<FieldError>& errors) {
    for (const auto& e : errors) add(e.field, e.message);
  }
  // Runs `parse`; what a FormInvalid from it says becomes problems here, and `fallback` stands in for
  // the value so that the other fields can still be checked.
  template <class Parse, class T = std::invoke_result_t<Parse>>
  T take(Parse&& parse, T fallback = T{}) {
    try {
      return parse();
    } catch (const FormInvalid& e) {
      add(e.errors);
      return fallback;
    }
  }
  // A required answer: `missing` when it is blank, and "Keep it to N characters or fewer" when it is
  // longer than `max` bytes.
  void need_text(const std::string& field, const std::string& value, const std::string& missing,
                 std::size_t max);
  // A required name or title of at most 200 bytes, which also may not hide characters
  // (text::name_refusal).
  void need_name(const std::string& field, const std::string& value, const std::string& missing);
  // An optional answer of at most `max` bytes.
  void keep_short(const std::string& field, const std::string& value, std::size_t max);
  bool empty() const { return errors_.empty(); }
  const std::vector<FieldError>& errors() const { return errors_; }
  // Throws FormInvalid with every problem, in the order found, when there is any.
  void refuse_if_any(int status = 422) const {
    if (!errors_.empty()) throw FormInvalid(errors_, status);
  }

 private:
  std::vector<FieldError> errors_;
};

inline void Problems::add(const std::string& field, const std::string& message) {
  for (const auto& e : errors_)
    if (e.field == field) return;
  errors_.push_back({field, message});
}

}  // namespace cw::web
