#include "model/crash_text_buckets.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

#include "loaders/crash_report.h"
#include "loaders/text_lines.h"

namespace framescope {
namespace {

constexpr size_t kMinPartBytes = 4 << 20; // below this a thread costs more than it saves

} // namespace

bool bucket_crash_text(std::string_view text, const std::string& file, CrashBucketer& bucketer) {
    size_t cores = std::max(1u, std::thread::hardware_concurrency());
    std::vector<std::string_view> parts =
        independent_parts(text, std::clamp<size_t>(text.size() / kMinPartBytes, 1, cores));
    const CrashInput where{nullptr, file, "", "", "", "", 0, ""};
    std::vector<CrashBucketer> later; // parts after the first, merged after it in order
    for (size_t part = 1; part < parts.size(); ++part)
        later.emplace_back(bucketer.rules());
    std::atomic<size_t> reports = 0, readable = 0;
    std::vector<std::exception_ptr> failed(parts.size());
    auto read_part = [&](size_t part) {
        try {
            CrashBucketer& into = part == 0 ? bucketer : later[part - 1];
            uint32_t first_line =
                1 + uint32_t(line_breaks(text.substr(0, size_t(parts[part].data() - text.data()))));
            reports += read_crash_reports(
                parts[part],
                [&](CrashReport&& report) {
                    if (report.kind != CrashReport::Kind::unparsed)
                        ++readable;
                    into.add(std::move(report), where);
                },
                first_line);
        } catch (...) {
            failed[part] = std::current_exception();
        }
    };
    {
        std::vector<std::jthread> threads;
        for (size_t part = 1; part < parts.size(); ++part)
            threads.emplace_back(read_part, part);
        read_part(0);
    }
    for (const std::exception_ptr& failure : failed)
        if (failure)
            std::rethrow_exception(failure);
    for (CrashBucketer& part : later)
        bucketer.merge(std::move(part));
    if (reports == 0 && !trim(text).empty())
        bucketer.add(unparsed_report(text), where);
    return readable > 0;
}

} // namespace framescope
