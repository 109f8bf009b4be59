// Error and Result<T>: the one way loaders, store and model report failure.
// Errors name the input (file plus byte offset or line) and print like compiler errors;
// nothing below the window throws.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace framescope {

struct Error {
    std::string message; // what went wrong, e.g. "expected marshal type '{', got 'x'"
    std::string file;    // the input file, not our source file; empty if none
    uint64_t offset = 0; // byte offset, for binary inputs (.pstats)
    uint32_t line = 0;   // 1-based, for text inputs; 0 if unknown
    bool has_offset = false;

    static Error at_offset(std::string file, uint64_t offset, std::string message) {
        return Error{std::move(message), std::move(file), offset, 0, true};
    }
    static Error at_line(std::string file, uint32_t line, std::string message) {
        return Error{std::move(message), std::move(file), 0, line, false};
    }
    static Error plain(std::string message) { return Error{std::move(message), {}, 0, 0, false}; }

    // "prof.pstats:0x1a2: message", "stall.txt:42: message", "file: message" or "message".
    std::string to_string() const;
};

// A value or an Error. C++20 has no std::expected; this is the small part of it we use.
template <typename T> class [[nodiscard]] Result {
  public:
    Result(T value) : state_(std::move(value)) {}
    Result(Error error) : state_(std::move(error)) {}

    explicit operator bool() const { return std::holds_alternative<T>(state_); }
    T& value() & { return std::get<T>(state_); }
    const T& value() const& { return std::get<T>(state_); }
    T&& value() && { return std::get<T>(std::move(state_)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    const Error& error() const { return std::get<Error>(state_); }

  private:
    std::variant<T, Error> state_;
};

// For operations that produce nothing but may fail.
struct Ok {};
using Status = Result<Ok>;

} // namespace framescope
