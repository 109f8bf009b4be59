// Text decoding at the loaders' edge: each encoding text reaches us in becomes the same
// valid UTF-8, and bytes no encoding explains become U+FFFD rather than invalid output.

#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "core/text_encoding.h"

namespace framescope {

TEST_CASE("plain UTF-8 is kept as it is") {
    DecodedText decoded = decode_text("File \"C:\\Users\\Jos\xC3\xA9\\app.py\"");
    CHECK(decoded.encoding == TextEncoding::utf8);
    CHECK(decoded.text == "File \"C:\\Users\\Jos\xC3\xA9\\app.py\"");
}

TEST_CASE("a UTF-8 byte-order mark is removed") {
    DecodedText decoded = decode_text("\xEF\xBB\xBFJos\xC3\xA9");
    CHECK(decoded.encoding == TextEncoding::utf8_bom);
    CHECK(decoded.text == "Jos\xC3\xA9");
}

TEST_CASE("bytes that are not UTF-8 are read as cp1252, its 0x80-0x9F range included") {
    DecodedText decoded = decode_text("Jos\xE9 \x80 \x93quoted\x94 \x81");
    CHECK(decoded.encoding == TextEncoding::cp1252);
    // é, the euro sign, curly quotes, and 0x81 (undefined in cp1252) as latin-1's U+0081.
    CHECK(decoded.text == "Jos\xC3\xA9 \xE2\x82\xAC \xE2\x80\x9Cquoted\xE2\x80\x9D \xC2\x81");
    CHECK(is_valid_utf8(decoded.text));
}

TEST_CASE("UTF-16 with a byte-order mark, either order, surrogate pairs included") {
    using namespace std::string_literals;
    SUBCASE("little-endian") {
        DecodedText decoded = decode_text("\xFF\xFEJ\0o\0s\0\xE9\0=\0\x3D\xD8\x00\xDE"s);
        CHECK(decoded.encoding == TextEncoding::utf16le);
        CHECK(decoded.text == "Jos\xC3\xA9=\xF0\x9F\x98\x80");
    }
    SUBCASE("big-endian") {
        DecodedText decoded = decode_text("\xFE\xFF\0J\0o\0s\0\xE9"s);
        CHECK(decoded.encoding == TextEncoding::utf16be);
        CHECK(decoded.text == "Jos\xC3\xA9");
    }
    SUBCASE("a lone surrogate and an odd last byte become U+FFFD") {
        DecodedText decoded = decode_text("\xFF\xFE\x00\xD8x\0!"s);
        CHECK(decoded.text == "\xEF\xBF\xBDx\xEF\xBF\xBD");
    }
}

TEST_CASE("ASCII text in UTF-16 without a mark is still recognised") {
    using namespace std::string_literals;
    DecodedText decoded = decode_text("T\0r\0a\0c\0e\0b\0a\0c\0k\0"s);
    CHECK(decoded.encoding == TextEncoding::utf16le);
    CHECK(decoded.text == "Traceback");
}

TEST_CASE("invalid UTF-8 after a UTF-8 mark becomes U+FFFD") {
    DecodedText decoded = decode_text("\xEF\xBB\xBF"
                                      "a\xFF"
                                      "b\xED\xA0\x80");
    CHECK(decoded.text == "a\xEF\xBF\xBD"
                          "b\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(is_valid_utf8(decoded.text));
}

TEST_CASE("UTF-8 validation refuses overlong forms, surrogates and cut sequences") {
    CHECK(is_valid_utf8("\xF0\x9F\x98\x80"));
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));         // overlong '/'
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));     // a surrogate
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80")); // past U+10FFFF
    CHECK_FALSE(is_valid_utf8("ab\xE2\x82"));
    CHECK(is_valid_utf8("ab\xE2\x82", true)); // a prefix cut in the middle of a character
}

TEST_CASE("UTF-8 validation of a large text finds one bad byte wherever it stands") {
    // Tens of megabytes are checked in parts on every core: a bad byte in any part, or across
    // the end of one, is found.
    const std::string ascii(12 << 20, 'a');
    CHECK(is_valid_utf8(ascii));
    for (size_t at : {size_t(0), ascii.size() / 2 - 1, ascii.size() / 3, ascii.size() - 1}) {
        CAPTURE(at);
        std::string bad = ascii;
        bad[at] = '\xFF';
        CHECK_FALSE(is_valid_utf8(bad));
        std::string accented = ascii;
        accented.replace(std::min(at, ascii.size() - 2), 2, "\xC3\xA9"); // perhaps across two parts
        CHECK(is_valid_utf8(accented));
    }
}

} // namespace framescope
