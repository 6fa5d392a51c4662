// scimcheck: argv -> subcommand -> exit code.
#include "app/cli.hpp"

#ifdef __GLIBC__
#include <malloc.h>
#endif

int main(int argc, char** argv) {
#ifdef __GLIBC__
  // Large buffers (response bodies, up to the transport's cap, one per job) are always mapped
  // and handed back to the system when freed. Left to itself, glibc raises its threshold after
  // the first such buffer is freed and keeps every later one in the heap of each thread.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
#endif
  CLI::App root;
  scimcheck::app::Action action;
  scimcheck::app::define_cli(root, action);
  return scimcheck::app::run_cli(root, action, argc, argv);
}
