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

// libnuma's masks of the nodes and of the CPUs this process may use (its cpuset: a container or a Slurm
// allocation may hold only some of a node's CPUs). Global variables, which Swift's strict concurrency will not
// read directly; libnuma sets them once when it loads and only reads them after.
static inline struct bitmask *cnuma_all_nodes(void) { return numa_all_nodes_ptr; }
static inline struct bitmask *cnuma_all_cpus(void) { return numa_all_cpus_ptr; }
