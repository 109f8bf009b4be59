#include "loaders/numbered_lines.h"

namespace framescope {

NumberedLines::NumberedLines(std::string_view text, LoadProgress* progress, const FileBytes* mapped)
    : text_(text), progress_(progress), mapped_(mapped) {
    if (progress_)
        progress_->total = text.size();
}

bool NumberedLines::next(std::string_view& line) {
    if (at_ >= text_.size() || cancelled_)
        return false;
    if ((progress_ || mapped_) && at_ - reported_ >= kProgressStep) {
        reported_ = at_;
        if (mapped_)
            mapped_->release_before(text_.data() + at_);
        if (progress_)
            progress_->done = at_;
        if (progress_ && progress_->cancel) {
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
