// A function's source lines, read off the window's thread where the file is on this machine
// or through the path mappings the user adds in the panel (recorded folder, folder here),
// the line asked for marked: for a selected function, a sampled frame or a traceback's frame.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "model/background_job.h"
#include "model/source_lines.h"

namespace framescope {

class SourcePanel {
  public:
    // Shows `file` around `line` (re-read only when they or the mappings change).
    void show(const std::string& file, uint32_t line);
    void draw();
    bool working() const { return reading_ != nullptr; }

  private:
    std::string file_;
    uint32_t line_ = 0;
    PathMappings mappings_;
    std::string recorded_prefix_, local_prefix_;
    std::unique_ptr<BackgroundJob<SourceExcerpt>> reading_;
    std::optional<Result<SourceExcerpt>> source_;

    void read();
};

} // namespace framescope
