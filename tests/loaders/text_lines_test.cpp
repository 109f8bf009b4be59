// The line helpers every text reader shares: what pasting adds to a line comes off, and
// what the line says (its indentation included) stays.

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "loaders/text_lines.h"

namespace framescope {

TEST_CASE("text lines: CRLF, mail quoting and log prefixes come off, indentation stays") {
    CHECK(paste_line("  File \"x.py\", line 1, in f\r") == "  File \"x.py\", line 1, in f");
    CHECK(paste_line("> >     select (selectors.py:468)") == "    select (selectors.py:468)");
    CHECK(paste_line("2024-07-24T22:22:42.4273438Z   File \"a.py\", line 3, in g") ==
          "  File \"a.py\", line 3, in g");
    CHECK(paste_line("2024-07-24 22:22:42,427 Timeout (0:00:05)!") == "Timeout (0:00:05)!");
    CHECK(paste_line("iaso-1     |   File \"/x.py\", line 4 in f") ==
          "  File \"/x.py\", line 4 in f");
    CHECK(paste_line("koku_server  | ") == "");
    // Not prefixes: a cut-off container name, a bar in text, a date that is not a timestamp.
    CHECK(paste_line("ias") == "ias");
    CHECK(paste_line("ValueError: a | b") == "ValueError: a | b");
    CHECK(paste_line("2024-07-24 was the day") == "2024-07-24 was the day");
}

TEST_CASE("text lines: lines are numbered from 1 and a last line without newline counts") {
    std::vector<TextLine> lines = pasted_lines("one\r\n> two\n\nfour");
    REQUIRE(lines.size() == 4);
    CHECK(lines[1].text == "two");
    CHECK(lines[2].text.empty());
    CHECK(lines[3].text == "four");
    CHECK(lines[3].number == 4);
    CHECK(pasted_lines("").empty());
}

TEST_CASE("text lines: trim, indentation and whole-text numbers") {
    CHECK(trim(" \t x y \r") == "x y");
    CHECK(trim("   ").empty());
    CHECK(indent_of("\t _bootstrap (threading.py:884)") == 2);
    uint64_t value = 0;
    CHECK(parse_number("7F4AACDE7700", value, 16));
    CHECK(value == 0x7F4AACDE7700);
    CHECK_FALSE(parse_number("12,", value));
    CHECK_FALSE(parse_number("", value));
    uint32_t line = 0;
    CHECK(parse_number("1901", line));
    CHECK_FALSE(parse_number("99999999999", line));
}

TEST_CASE("text lines: a paste with every line break doubled reads as written") {
    std::string written = "Thread 0x1 (idle): \"MainThread\"\n"
                          "    select (selectors.py:468)\n"
                          "    _run_once (asyncio/base_events.py:1823)\n"
                          "\n"
                          "Thread 0x2 (idle): \"worker\"\n"
                          "    wait (threading.py:324)\n";
    std::string doubled;
    for (char c : written)
        doubled += c == '\n' ? std::string("\n\n") : std::string(1, c);
    std::vector<TextLine> lines = pasted_lines(doubled);
    std::vector<TextLine> expected = pasted_lines(written);
    REQUIRE(lines.size() == expected.size() + 1); // the blank between blocks stays, once more
    CHECK(lines[1].text == "    select (selectors.py:468)");
    CHECK(lines[1].number == 3); // numbers are the pasted text's
    // Text with blank lines here and there is left as it is.
    std::string paragraphs = "one\n\ntwo\nthree\nfour\n\nfive\nsix\n";
    CHECK(pasted_lines(paragraphs).size() == 8);
}

TEST_CASE("text lines: line breaks are counted in texts of every length and alignment") {
    // Lines of many lengths, and a run of breaks long enough that every lane of the vector
    // count passes its limit of 255 several times.
    std::string text;
    for (size_t line = 0; line < 600; ++line)
        text += std::string(line * 7 % 53, 'x') + "\n";
    text += std::string(16 * 255 * 3 + 5, '\n') + "last line, no break";
    for (size_t begin : {0, 1, 7, 15, 16, 17, 4099})
        for (size_t length : {0, 1, 15, 16, 17, 33, 4080, 4081, 20000, 100000}) {
            std::string_view part = std::string_view(text).substr(begin, length);
            CAPTURE(begin);
            CAPTURE(length);
            CHECK(line_breaks(part) == size_t(std::count(part.begin(), part.end(), '\n')));
        }
}

} // namespace framescope
