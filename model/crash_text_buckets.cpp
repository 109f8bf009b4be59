#include "model/crash_text_buckets.h"

#include <algorithm>
#include <atomic>
#include <vector>

#include "core/parallel_tasks.h"
#include "loaders/crash_report.h"
#include "loaders/text_lines.h"

namespace framescope {
namespace {

constexpr size_t kMinPartBytes = 1 << 20; // below this a part costs more than it saves

} // namespace

bool bucket_crash_text(std::string_view text, const std::string& file, CrashBucketer& bucketer) {
    size_t cores = core_count();
    std::vector<std::string_view> parts =
        independent_parts(text, std::clamp<size_t>(text.size() / kMinPartBytes, 1, cores));
    const CrashInput where{nullptr, file, "", "", "", "", 0, ""};
    std::vector<CrashBucketer> later; // parts after the first, merged after it in order
    for (size_t part = 1; part < parts.size(); ++part)
        later.emplace_back(bucketer.rules());
    // Each part's lines are numbered from its start, and renumbered once the lines of the
    // parts before it are known: counting them first would hold up every part but the first.
    std::vector<size_t> line_breaks_in(parts.size());
    std::atomic<size_t> reports = 0, readable = 0;
    run_parallel_tasks(parts.size(), cores, [&](size_t part) {
        CrashBucketer& into = part == 0 ? bucketer : later[part - 1];
        reports += read_crash_reports(parts[part], [&](CrashReport&& report) {
            if (report.kind != CrashReport::Kind::unparsed)
                ++readable;
            into.add(std::move(report), where);
        });
        line_breaks_in[part] = line_breaks(parts[part]);
    });
    size_t lines_before = line_breaks_in[0];
    for (size_t part = 1; part < parts.size(); ++part) {
        later[part - 1].renumber_lines(uint32_t(lines_before));
        lines_before += line_breaks_in[part];
        bucketer.merge(std::move(later[part - 1]));
    }
    if (reports == 0 && !trim(text).empty())
        bucketer.add(unparsed_report(text), where);
    return readable > 0;
}

} // namespace framescope
