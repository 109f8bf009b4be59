// decode_text: a byte-order mark decides first; then plain ASCII in UTF-16 (every other byte
// zero); then strict UTF-8 validation; what fails it is cp1252. Invalid UTF-8 after a UTF-8
// mark and broken UTF-16 become U+FFFD, so the result is always valid UTF-8.

#include "core/text_encoding.h"

#include <algorithm>
#include <cstdint>

namespace framescope {
namespace {

// cp1252's 0x80-0x9F; the five bytes it leaves undefined keep their latin-1 (C1) meaning,
// as Windows' MultiByteToWideChar maps them.
constexpr char32_t kCp1252High[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

constexpr char32_t kReplacement = 0xFFFD;

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += char(c);
    } else if (c < 0x800) {
        out += char(0xC0 | (c >> 6));
        out += char(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += char(0xE0 | (c >> 12));
        out += char(0x80 | ((c >> 6) & 0x3F));
        out += char(0x80 | (c & 0x3F));
    } else {
        out += char(0xF0 | (c >> 18));
        out += char(0x80 | ((c >> 12) & 0x3F));
        out += char(0x80 | ((c >> 6) & 0x3F));
        out += char(0x80 | (c & 0x3F));
    }
}

// The length of the valid UTF-8 sequence at `at`, 0 if it is not one; `cut` is set when the
// sequence is a valid start that the end of the text cuts off.
size_t utf8_sequence(std::string_view text, size_t at, bool& cut) {
    cut = false;
    auto byte = [&](size_t i) { return uint8_t(text[i]); };
    uint8_t lead = byte(at);
    if (lead < 0x80)
        return 1;
    size_t length = 0;
    uint8_t low = 0x80, high = 0xBF; // the allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        if (lead == 0xE0)
            low = 0xA0; // no overlong forms
        if (lead == 0xED)
            high = 0x9F; // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        if (lead == 0xF0)
            low = 0x90;
        if (lead == 0xF4)
            high = 0x8F; // nothing past U+10FFFF
    } else {
        return 0;
    }
    for (size_t i = 1; i < length; ++i) {
        if (at + i >= text.size()) {
            cut = true;
            return 0;
        }
        uint8_t next = byte(at + i);
        if (i == 1 ? (next < low || next > high) : (next < 0x80 || next > 0xBF))
            return 0;
    }
    return length;
}

std::string utf8_with_replacements(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t at = 0; at < text.size();) {
        bool cut = false;
        size_t length = utf8_sequence(text, at, cut);
        if (length == 0) {
            append_utf8(out, kReplacement);
            ++at;
            continue;
        }
        out.append(text.substr(at, length));
        at += length;
    }
    return out;
}

std::string from_utf16(std::string_view bytes, bool little_endian) {
    std::string out;
    out.reserve(bytes.size() / 2 + bytes.size() / 8);
    auto unit = [&](size_t i) {
        uint8_t a = uint8_t(bytes[i]), b = uint8_t(bytes[i + 1]);
        return char16_t(little_endian ? a | b << 8 : b | a << 8);
    };
    size_t units = bytes.size() / 2;
    for (size_t i = 0; i < units; ++i) {
        char16_t u = unit(2 * i);
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units) {
            char16_t next = unit(2 * i + 2);
            if (next >= 0xDC00 && next <= 0xDFFF) {
                append_utf8(out, 0x10000 + ((char32_t(u) - 0xD800) << 10) + (next - 0xDC00));
                ++i;
                continue;
            }
        }
        append_utf8(out, u >= 0xD800 && u <= 0xDFFF ? kReplacement : char32_t(u));
    }
    if (bytes.size() % 2)
        append_utf8(out, kReplacement);
    return out;
}

std::string from_cp1252(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 8);
    for (char c : bytes) {
        uint8_t b = uint8_t(c);
        append_utf8(out, b >= 0x80 && b < 0xA0 ? kCp1252High[b - 0x80] : char32_t(b));
    }
    return out;
}

// Text in UTF-16 without a mark: in its first bytes, the high byte of every unit is zero
// (ASCII and latin-1) for most units, and the low byte never is.
bool looks_like_utf16(std::string_view bytes, bool little_endian) {
    size_t units = std::min<size_t>(bytes.size(), 1024) / 2;
    if (units < 2)
        return false;
    size_t zero_high = 0;
    for (size_t i = 0; i < units; ++i) {
        uint8_t first = uint8_t(bytes[2 * i]), second = uint8_t(bytes[2 * i + 1]);
        uint8_t low = little_endian ? first : second, high = little_endian ? second : first;
        if (low == 0)
            return false;
        zero_high += high == 0;
    }
    return zero_high * 4 >= units * 3;
}

} // namespace

const char* text_encoding_name(TextEncoding encoding) {
    switch (encoding) {
    case TextEncoding::utf8:
        return "UTF-8";
    case TextEncoding::utf8_bom:
        return "UTF-8 with BOM";
    case TextEncoding::utf16le:
        return "UTF-16LE";
    case TextEncoding::utf16be:
        return "UTF-16BE";
    case TextEncoding::cp1252:
        return "cp1252";
    }
    return "UTF-8";
}

bool is_valid_utf8(std::string_view text, bool allow_cut_end) {
    for (size_t at = 0; at < text.size();) {
        if (uint8_t(text[at]) < 0x80) { // the common case, without the call
            ++at;
            continue;
        }
        bool cut = false;
        size_t length = utf8_sequence(text, at, cut);
        if (length == 0)
            return cut && allow_cut_end;
        at += length;
    }
    return true;
}

TextEncoding detect_text_encoding(std::string_view bytes) {
    if (bytes.starts_with("\xEF\xBB\xBF"))
        return TextEncoding::utf8_bom;
    if (bytes.starts_with("\xFF\xFE"))
        return TextEncoding::utf16le;
    if (bytes.starts_with("\xFE\xFF"))
        return TextEncoding::utf16be;
    if (looks_like_utf16(bytes, true))
        return TextEncoding::utf16le;
    if (looks_like_utf16(bytes, false))
        return TextEncoding::utf16be;
    return is_valid_utf8(bytes) ? TextEncoding::utf8 : TextEncoding::cp1252;
}

DecodedText decode_text(std::string_view bytes) {
    TextEncoding encoding = detect_text_encoding(bytes);
    switch (encoding) {
    case TextEncoding::utf8:
        return {std::string(bytes), encoding};
    case TextEncoding::utf8_bom:
        return {utf8_with_replacements(bytes.substr(3)), encoding};
    case TextEncoding::utf16le:
    case TextEncoding::utf16be: {
        bool marked = bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF");
        return {from_utf16(bytes.substr(marked ? 2 : 0), encoding == TextEncoding::utf16le),
                encoding};
    }
    case TextEncoding::cp1252:
        return {from_cp1252(bytes), encoding};
    }
    return {utf8_with_replacements(bytes), encoding};
}

} // namespace framescope
