// Reads `py-spy dump` output: "Process N: CMD" and "Python vX.Y.Z (PATH)" lines, thread
// headers `Thread 0x7F.. (idle): "NAME"` (a decimal native id, or none, or no name), frames
// `func (file.py:123)` innermost first, indented by spaces or, as `ray stack` prints py-spy
// 0.1 dumps under "Stack dump for ..." lines, by a tab. --native frames are kept, marked
// native; --locals blocks are skipped. Each process in a paste is one dump.
#pragma once

#include <span>
#include <vector>

#include "loaders/text_lines.h"
#include "loaders/thread_dump.h"

namespace framescope {

std::vector<HangDump> read_pyspy_dumps(std::span<const TextLine> lines);

} // namespace framescope
