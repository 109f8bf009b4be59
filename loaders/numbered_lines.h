// Walks the text of a line-based profile format one line at a time: lines end at "\n" only
// (a trailing "\r" is dropped), each has its 1-based number for errors, and a reader's
// progress advances every megabyte, where a cancel stops the walk.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/file_bytes.h"
#include "core/load_progress.h"

namespace framescope {

class NumberedLines {
  public:
    // `mapped`, if given, is the file `text` lies in: its pages are let go of once read.
    NumberedLines(std::string_view text, LoadProgress* progress, const FileBytes* mapped = nullptr);

    // The next line, or false at the end of the text or when the load was cancelled.
    bool next(std::string_view& line);
    uint32_t number() const { return number_; } // of the line next() gave last
    bool cancelled() const { return cancelled_; }

  private:
    static constexpr size_t kProgressStep = 1 << 20;
    std::string_view text_;
    size_t at_ = 0;
    size_t reported_ = 0;
    uint32_t number_ = 0;
    bool cancelled_ = false;
    LoadProgress* progress_;
    const FileBytes* mapped_;
};

} // namespace framescope
