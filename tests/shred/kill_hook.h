// Arms the shredder's test seam (kill_hook.cpp) in the process that sets it: a forked child.
#pragma once

#include <atomic>

namespace coffre::test {
extern std::atomic<bool> kill_after_overwrite;
}
