// A search as users type it: plain text (a substring) or, when asked, a regular expression.
// An unfinished pattern matches everything until it parses, so typing never flickers to an
// empty view.
#pragma once

#include <optional>
#include <regex>
#include <string>
#include <string_view>

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
        if (is_regex && !text.empty()) {
            try {
                pattern_ = std::regex(text, std::regex::ECMAScript | std::regex::icase);
            } catch (const std::regex_error&) {
            }
        }
        return true;
    }
    bool empty() const { return text_.empty() || (is_regex_ && !pattern_); }
    bool matches(const std::string& label) const {
        if (empty())
            return true;
        return pattern_ ? std::regex_search(label, *pattern_)
                        : label.find(text_) != std::string::npos;
    }

  private:
    std::string text_;
    bool is_regex_ = false;
    std::optional<std::regex> pattern_;
};

} // namespace framescope
