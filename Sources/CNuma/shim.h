// libnuma (Debian libnuma-dev) for FabricSweep's worker placement (Sources/FabricSweep/Placement/).
#include <numa.h>
#include <sys/syscall.h>
#include <unistd.h>

// The CPU the calling thread runs on, or -1: sched_getcpu(3) is declared only under _GNU_SOURCE, which Swift's
// Glibc module does not define, so this asks the kernel directly (getcpu(2)).
static inline int cnuma_current_cpu(void) {
    unsigned cpu = 0;
    return syscall(SYS_getcpu, &cpu, (void *)0, (void *)0) == 0 ? (int)cpu : -1;
}

// libnuma's mask of the configured nodes: a global variable, which Swift's strict concurrency will not read
// directly; it is set once when the library loads and only read after.
static inline struct bitmask *cnuma_all_nodes(void) { return numa_all_nodes_ptr; }
