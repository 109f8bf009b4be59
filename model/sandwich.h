// The sandwich of a function (speedscope's view): who called it, and what it called, each
// merged over every place it appears in the call tree, as two trees rooted at the function:
// in `callers` a node's children are its callers (the root's callers, then theirs), in
// `callees` its callees, as in the call tree. Recursion counts a function's time once.
#pragma once

#include "model/call_tree.h"

namespace framescope {

struct Sandwich {
    CallTree callers;
    CallTree callees;
};

Sandwich sandwich_of(const CallTree& tree, FunctionId function);

} // namespace framescope
