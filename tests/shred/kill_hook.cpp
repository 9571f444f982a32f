// The shredder tests' definition of the plugin's test seam (plugins/shred-file/file_shred.h): when
// armed, the process kills itself right after a file's overwrite was synced, as a power cut would,
// so that a test can read the old inode back before the name is hidden and removed.
#include <signal.h>
#include <unistd.h>

#include "kill_hook.h"

namespace coffre::test {
std::atomic<bool> kill_after_overwrite{false};
}

namespace coffre::shred {

void after_overwrite_hook() {
  if (!test::kill_after_overwrite) return;
  ::kill(::getpid(), SIGKILL);
  ::_exit(137);
}

}  // namespace coffre::shred
