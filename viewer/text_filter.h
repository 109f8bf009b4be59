// A search as users type it: plain text (a substring) or, when asked, a regular expression in
// Python's syntax (core/python_regex), ignoring case. An unfinished pattern matches everything
// until it parses, so typing never flickers to an empty view; a search that gives up on a
// name (too much backtracking) does not match it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/python_regex.h"

namespace framescope {

class TextFilter {
  public:
    // Returns true if the filter changed.
    bool set(const std::string& text, bool is_regex) {
        if (text == text_ && is_regex == is_regex_)
            return false;
        text_ = text;
        is_regex_ = is_regex;
        pattern_.reset();
        if (is_regex && !text.empty())
            if (Result<PythonRegex> compiled = PythonRegex::compile(text, true))
                pattern_ = std::move(*compiled);
        return true;
    }
    bool empty() const { return text_.empty() || (is_regex_ && !pattern_); }
    bool matches(std::string_view label) const {
        if (empty())
            return true;
        return pattern_ ? pattern_->search(label) == PythonRegex::Match::yes
                        : label.find(text_) != std::string_view::npos;
    }

  private:
    std::string text_;
    bool is_regex_ = false;
    std::optional<PythonRegex> pattern_;
};

} // namespace framescope
