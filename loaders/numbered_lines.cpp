#include "loaders/numbered_lines.h"

namespace framescope {

NumberedLines::NumberedLines(std::string_view text, LoadProgress* progress)
    : text_(text), progress_(progress) {
    if (progress_)
        progress_->total = text.size();
}

bool NumberedLines::next(std::string_view& line) {
    if (at_ >= text_.size() || cancelled_)
        return false;
    if (progress_ && at_ - reported_ >= kProgressStep) {
        progress_->done = at_;
        reported_ = at_;
        if (progress_->cancel) {
            cancelled_ = true;
            return false;
        }
    }
    size_t end = text_.find('\n', at_);
    if (end == std::string_view::npos)
        end = text_.size();
    line = text_.substr(at_, end - at_);
    if (line.ends_with('\r'))
        line.remove_suffix(1);
    at_ = end + 1;
    ++number_;
    if (progress_ && at_ >= text_.size())
        progress_->done = text_.size();
    return true;
}

} // namespace framescope
