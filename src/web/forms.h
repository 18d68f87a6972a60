// Form handling shared by every module: errors tied to fields, the data the GOV.UK form partials need
// (partials/text_input, partials/error_summary), and refilling what the person typed after an error.
// Plain values; not thread-safe, built per request.
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "web/http.h"

namespace cw::web {

struct FieldError {
  std::string field;    // the input's name and id
  std::string message;  // GOV.UK style: says what to do, e.g. "Enter your email address"
};

// Thrown by domain code when submitted values break a rule; the handler re-renders the form with the
// errors and what was typed. status 422 unless the rule says otherwise (429 for throttling).
class FormInvalid : public std::runtime_error {
 public:
  explicit FormInvalid(std::vector<FieldError> errors, int status = 422)
      : std::runtime_error(errors.empty() ? "invalid form" : errors.front().message),
        errors(std::move(errors)),
        status(status) {}
  FormInvalid(std::string field, std::string message, int status = 422)
      : FormInvalid(std::vector<FieldError>{{std::move(field), std::move(message)}}, status) {}
  std::vector<FieldError> errors;
  int status;
};

struct FieldOptions {
  std::string type = "text";  // text, email, password, …
  std::string autocomplete;   // e.g. "email", "new-password"
  std::string hint;
  std::string width;  // GOV.UK width class suffix: "20", "one-half"
};

// Builds field data for a form that may be showing errors and refilling submitted values.
class FormView {
 public:
  FormView() = default;
  FormView(const Params& submitted, std::vector<FieldError> errors)
      : submitted_(submitted), errors_(std::move(errors)) {}

  // Data for partials/text_input. `value` is used when nothing was submitted; passwords are never
  // refilled.
  nlohmann::json field(const std::string& name, const std::string& label, const std::string& value = {},
                       const FieldOptions& options = {}) const;
  // Data for partials/textarea.
  nlohmann::json textarea(const std::string& name, const std::string& label, const std::string& value = {},
                          const std::string& hint = {}, int rows = 5) const;

  struct Choice {
    std::string value, text, hint;
  };
  // Data for partials/select; `value` is chosen unless something else was submitted.
  nlohmann::json select(const std::string& name, const std::string& label, const std::vector<Choice>& choices,
                        const std::string& value = {}, const std::string& hint = {}) const;
  // Data for partials/choices: radios, or checkboxes when `multiple` (then `values` are all checked).
  nlohmann::json choices(const std::string& name, const std::string& legend,
                         const std::vector<Choice>& choices, const std::vector<std::string>& values,
                         bool multiple, const std::string& hint = {}) const;

  // Data for partials/error_summary, or false when there are no errors.
  nlohmann::json summary() const;
  bool has_errors() const { return !errors_.empty(); }
  std::string error_for(const std::string& field) const;

 private:
  Params submitted_;
  std::vector<FieldError> errors_;
};

}  // namespace cw::web
