#include "model/idle_time.h"

#include <algorithm>
#include <array>
#include <string>

namespace framescope {
namespace {

// What the waiting built-ins are called in pstats ("<built-in method time.sleep>").
constexpr std::array kWaitingBuiltIns = {
    std::string_view("time.sleep"),
    std::string_view("select.select"),
    std::string_view("of 'select.poll' objects"),
    std::string_view("of 'select.epoll' objects"),
    std::string_view("of 'select.devpoll' objects"),
    std::string_view("'control' of 'select.kqueue'"),
    std::string_view("'acquire' of '_thread."),
    std::string_view("'tick' of '"), // pygame's Clock.tick, however its module prints
    std::string_view("'tick_busy_loop' of '"),
    std::string_view("pygame.time.wait"),
    std::string_view("pygame.time.delay"),
    std::string_view("pygame.event.wait"),
    std::string_view("'mainloop' of '_tkinter"),
    std::string_view("'exec_' of '"),
    std::string_view("'exec' of 'PyQt"),
    std::string_view("'exec' of 'PySide"),
    std::string_view("built-in method exec_>"),
};

// Python functions that wait: (the file's last part, the function).
constexpr std::array<std::pair<std::string_view, std::string_view>, 3> kWaitingFunctions = {{
    {"selectors.py", "select"}, // asyncio's and every selector loop's wait for events
    {"threading.py", "wait"},   // Condition.wait, Event.wait
    {"tkinter/__init__.py", "mainloop"},
}};

} // namespace

bool is_waiting(std::string_view file, std::string_view name) {
    if (file == "~")
        return std::any_of(kWaitingBuiltIns.begin(), kWaitingBuiltIns.end(),
                           [&](std::string_view part) { return name.find(part) != name.npos; });
    std::string normal(file);
    std::replace(normal.begin(), normal.end(), '\\', '/');
    return std::any_of(kWaitingFunctions.begin(), kWaitingFunctions.end(), [&](const auto& rule) {
        return name == rule.second && std::string_view(normal).ends_with(rule.first) &&
               (normal.size() == rule.first.size() ||
                normal[normal.size() - rule.first.size() - 1] == '/');
    });
}

std::optional<BusyProfile> busy_profile(const PstatsProfile& profile, const CallTree& tree) {
    BusyProfile busy;
    busy.waiting.assign(profile.function_count, false);
    for (FunctionId f = 0; f < profile.function_count; ++f)
        if (is_waiting(profile.file(f), profile.name(f))) {
            busy.waiting[f] = true;
            busy.waiting_s += profile.self_s[f];
        }
    if (busy.waiting_s <= 0)
        return std::nullopt;
    busy.total_s = profile.total_self_s - busy.waiting_s;
    busy.share = profile.total_self_s > 0 ? busy.waiting_s / profile.total_self_s : 0;
    busy.tree = tree.without(busy.waiting);
    // Each function's total less the waiting below it, by the tree: what its nodes lost.
    std::vector<double> full(profile.function_count, 0), kept(profile.function_count, 0);
    auto add = [&](const CallTree& from, std::vector<double>& into) {
        // A function's nodes inside its own subtree (recursion) are counted once.
        std::vector<uint32_t> on_path(profile.function_count, 0);
        std::vector<std::pair<CallNodeId, bool>> stack; // node, leaving
        for (CallNodeId root : from.roots())
            stack.push_back({root, false});
        while (!stack.empty()) {
            auto [id, leaving] = stack.back();
            stack.pop_back();
            const CallNode& node = from.node(id);
            if (node.function >= profile.function_count)
                continue;
            if (leaving) {
                --on_path[node.function];
                continue;
            }
            if (on_path[node.function]++ == 0)
                into[node.function] += node.inclusive_s;
            stack.push_back({id, true});
            for (uint32_t c = 0; c < node.child_count; ++c)
                stack.push_back({node.first_child + c, false});
        }
    };
    add(tree, full);
    add(busy.tree, kept);
    busy.cumulative_s.resize(profile.function_count);
    for (FunctionId f = 0; f < profile.function_count; ++f)
        busy.cumulative_s[f] =
            busy.waiting[f] ? 0 : std::max(0.0, profile.cumulative_s[f] - (full[f] - kept[f]));
    return busy;
}

} // namespace framescope
