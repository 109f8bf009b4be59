// The lines of crash text as the report reader sees them: what a paste did undone line by
// line (quoting, HTML and typographic quotes, lines wrapped at 80 columns joined, a traceback
// collapsed onto one line cut into a line a frame), read on demand and forgotten once the
// reader has passed them, so that a file of any length is read holding only the lines of
// the report at hand.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace framescope {

class CrashTextLines {
  public:
    explicit CrashTextLines(std::string_view text) : rest_(text) {}

    // Whether line i exists, reading up to it as needed.
    bool has(size_t i);
    // Line i (has(i) must have said so): a view into the text or of a line cleaning changed.
    std::string_view operator[](size_t i) const { return lines_[i].text; }
    // 0-based line of the text that line i came from.
    size_t raw_line_of(size_t i) const { return lines_[i].raw; }
    // The text as given that lines [first, end) came from, each raw line ending in "\n",
    // into `text` (whose buffer a reader of many reports reuses).
    void text_of(size_t first, size_t end, std::string& text) const;
    // Lines before i are no longer needed.
    void forget_before(size_t i);

  private:
    struct Line {
        std::string_view text;
        size_t raw = 0;
    };
    // The items first()..end()-1 of a sequence read front to back and forgotten from the
    // front; a vector compacted now and then, not a deque that allocates a block per few
    // dozen lines read.
    template <typename T> class Window {
      public:
        size_t first() const { return first_; }
        size_t end() const { return first_ + items_.size() - head_; }
        bool empty() const { return head_ == items_.size(); }
        const T& operator[](size_t i) const { return items_[head_ + i - first_]; }
        const T& front() const { return items_[head_]; }
        void push_back(T item) { items_.push_back(std::move(item)); }
        void pop_front() {
            ++head_;
            ++first_;
            if (head_ >= 4096 && head_ * 2 >= items_.size()) {
                items_.erase(items_.begin(), items_.begin() + std::ptrdiff_t(head_));
                head_ = 0;
            }
        }

      private:
        std::vector<T> items_;
        size_t head_ = 0;  // items_ before it are forgotten
        size_t first_ = 0; // the sequence's index of items_[head_]
    };

    bool read_raw_line(); // the next line of the text into raw_; false at its end
    void clean_next_raw_line();
    void split_collapsed(std::string_view text, size_t raw);

    std::string_view rest_;        // the text not yet split into raw lines
    Window<std::string_view> raw_; // raw lines as given, without "\n"
    size_t raw_cleaned_ = 0;       // raw lines before this one are in lines_
    Window<Line> lines_;
    // Lines cleaning changed, with the raw line they came from; a deque never moves them.
    std::deque<std::pair<size_t, std::string>> rewritten_;
};

} // namespace framescope
