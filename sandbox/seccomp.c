/*
 * seccomp.c: the system-call policies (DESIGN.md §6). Allow by default and
 * deny a short list, so that every language runtime works unchanged; the
 * list is one table, one reason per row. The filter is compiled once per
 * policy in the launcher; each child only loads it, as its last step
 * before execve.
 */
#include "sandbox_int.h"

#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/banned.h"

enum rule_match {
	MATCH_ALL,	   /* every call */
	MATCH_ARG0_BITS,   /* arg0 has any of the bits in `bits` */
	MATCH_INET,	   /* socket(): AF_INET or AF_INET6 */
	MATCH_NOT_UNIX,	   /* socket(): any family but AF_UNIX and INET */
	MATCH_NOT_UNIX_NL, /* same, but AF_NETLINK allowed */
	MATCH_ARG_MASKED,  /* (arg[arg] & mask) == value */
	MATCH_ARG_NONZERO, /* arg[arg] != 0: "another process" for a pid */
	MATCH_PERSONALITY  /* arg0 has any of `bits`, and is not the query */
};

enum {
	POL_RUN = 1 << SANDBOX_POLICY_RUN,
	POL_BUILD = 1 << SANDBOX_POLICY_BUILD
};
#define POL_BOTH (POL_RUN | POL_BUILD)

/* errno value meaning "kill the process" (status SV) in the table. */
#define KILL (-1)

#define CLONE_NS_FLAGS                                                         \
	(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC |         \
	 CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET)

struct rule {
	const char *syscall;
	enum rule_match match;
	uint64_t bits;
	int err; /* errno returned, or KILL */
	unsigned policies;
	const char *why;
	/* MATCH_ARG_MASKED, MATCH_ARG_NONZERO: which argument, and how */
	unsigned arg;
	uint64_t mask, value;
};

/*
 * A 32-bit argument (int, unsigned int): the kernel ignores the upper
 * half of the register, so an equality test must too, or a caller could
 * set a high bit and slip past it.
 */
#define MASK32 0xffffffffULL

/* The scheduling policies that need privilege (sched.h). */
#ifndef SCHED_DEADLINE
#define SCHED_DEADLINE 6
#endif
#define SCHED_POLICY_MASK (MASK32 & ~(uint64_t)SCHED_RESET_ON_FORK)

/* ioprio_set(): the real-time class (linux/ioprio.h: class << 13). */
#define IOPRIO_CLASS_MASK (7ULL << 13)
#define IOPRIO_CLASS_RT	  (1ULL << 13)

/* personality() flags that only help an exploit (linux/personality.h). */
#define PERSONA_RISKY                                                          \
	(0x0040000ULL /* ADDR_NO_RANDOMIZE */ |                                \
	 0x0100000ULL /* MMAP_PAGE_ZERO */ |                                   \
	 0x0200000ULL /* ADDR_COMPAT_LAYOUT */ |                               \
	 0x0400000ULL /* READ_IMPLIES_EXEC */ |                                \
	 0x0800000ULL /* ADDR_LIMIT_32BIT */ |                                 \
	 0x8000000ULL /* ADDR_LIMIT_3GB */)
#define PERSONA_HIGH 0xf0000000ULL

#define S_IFMT_BITS  0170000ULL
#define S_IFCHR_BITS 0020000ULL
#define S_IFBLK_BITS 0060000ULL

/* Rows that test one argument. */
#define ARG_IS(a, m, v) .arg = (a), .mask = (m), .value = (v)
#define ARG_NONZERO(a)	.arg = (a)

/* Rows that test no argument leave arg, mask and value out (zero). */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
static const struct rule rules[] = {
	/* network */
	{"socket", MATCH_INET, 0, EACCES, POL_BOTH,
	 "no network: IPv4 and IPv6 sockets are refused"},
	{"socket", MATCH_NOT_UNIX, 0, EAFNOSUPPORT, POL_RUN,
	 "only AF_UNIX: packet, netlink and other families reach outside"},
	{"socket", MATCH_NOT_UNIX_NL, 0, EAFNOSUPPORT, POL_BUILD,
	 "compilers' runtimes may list interfaces over netlink (no traffic)"},
	/* kernel interfaces that bypass or outlive the filter */
	{"io_uring_setup", MATCH_ALL, 0, ENOSYS, POL_BOTH,
	 "io_uring runs operations this filter never sees"},
	{"io_uring_enter", MATCH_ALL, 0, ENOSYS, POL_BOTH,
	 "see io_uring_setup"},
	{"io_uring_register", MATCH_ALL, 0, ENOSYS, POL_BOTH,
	 "see io_uring_setup"},
	{"bpf", MATCH_ALL, 0, EPERM, POL_BOTH, "loads code into the kernel"},
	/* namespaces and mounts */
	{"unshare", MATCH_ALL, 0, EPERM, POL_BOTH,
	 "a new namespace could hide processes or escape the limits"},
	{"setns", MATCH_ALL, 0, EPERM, POL_BOTH, "enters another namespace"},
	{"clone", MATCH_ARG0_BITS, CLONE_NS_FLAGS, EPERM, POL_BOTH,
	 "clone into new namespaces is unshare by another name"},
	{"clone", MATCH_ARG0_BITS, CLONE_PARENT, EPERM, POL_BOTH,
	 "a sibling would be the launcher's child, out of the reach of the "
	 "box's PID 1"},
	{"clone3", MATCH_ALL, 0, ENOSYS, POL_BOTH,
	 "its flags are in memory a filter cannot read; libc falls back to "
	 "clone, which is checked"},
	{"mount", MATCH_ALL, 0, EPERM, POL_BOTH,
	 "mounts change what other processes see"},
	{"umount2", MATCH_ALL, 0, EPERM, POL_BOTH, "see mount"},
	{"pivot_root", MATCH_ALL, 0, EPERM, POL_BOTH, "see mount"},
	{"open_tree", MATCH_ALL, 0, EPERM, POL_BOTH,
	 "new mount API: see mount"},
	{"move_mount", MATCH_ALL, 0, EPERM, POL_BOTH, "new mount API"},
	{"fsopen", MATCH_ALL, 0, EPERM, POL_BOTH, "new mount API"},
	{"fsconfig", MATCH_ALL, 0, EPERM, POL_BOTH, "new mount API"},
	{"fsmount", MATCH_ALL, 0, EPERM, POL_BOTH, "new mount API"},
	{"fspick", MATCH_ALL, 0, EPERM, POL_BOTH, "new mount API"},
	{"mount_setattr", MATCH_ALL, 0, EPERM, POL_BOTH, "new mount API"},
	/* other processes */
	{"ptrace", MATCH_ALL, 0, EPERM, POL_BOTH,
	 "tracing another process (versus itself) reads and changes it"},
	{"process_vm_readv", MATCH_ALL, 0, EPERM, POL_BOTH,
	 "reads another process's memory"},
	{"process_vm_writev", MATCH_ALL, 0, EPERM, POL_BOTH,
	 "writes another process's memory"},
	{"pidfd_getfd", MATCH_ALL, 0, EPERM, POL_BOTH,
	 "takes another process's file descriptors"},
	/* shared kernel state */
	{"add_key", MATCH_ALL, 0, ENOSYS, POL_BOTH,
	 "keyrings are shared state that outlives the run"},
	{"request_key", MATCH_ALL, 0, ENOSYS, POL_BOTH, "see add_key"},
	{"keyctl", MATCH_ALL, 0, ENOSYS, POL_BOTH, "see add_key"},
	{"clock_settime", MATCH_ALL, 0, EPERM, POL_BOTH,
	 "setting the clock would corrupt every wall time"},
	{"settimeofday", MATCH_ALL, 0, EPERM, POL_BOTH, "see clock_settime"},
	{"clock_adjtime", MATCH_ALL, 0, EPERM, POL_BOTH, "see clock_settime"},
	{"adjtimex", MATCH_ALL, 0, EPERM, POL_BOTH, "see clock_settime"},
	/* terminals (the caller's, reached through an inherited or
	   /proc/<pid>/fd descriptor) */
	{"ioctl", MATCH_ARG_MASKED, 0, EPERM, POL_BOTH,
	 "TIOCSTI pushes input into a terminal, typed as if by its user",
	 ARG_IS(1, MASK32, TIOCSTI)},
	{"ioctl", MATCH_ARG_MASKED, 0, EPERM, POL_BOTH,
	 "TIOCLINUX can also push input (selection paste) into a console",
	 ARG_IS(1, MASK32, TIOCLINUX)},
	/* scheduling: a run may not outrank others or move another process;
	   RLIMIT_NICE and RLIMIT_RTPRIO (0) stop a process without
	   CAP_SYS_NICE, these rows stop one that has it */
	{"sched_setscheduler", MATCH_ARG_MASKED, 0, EPERM, POL_BOTH,
	 "SCHED_FIFO starves everything else, versus included",
	 ARG_IS(1, SCHED_POLICY_MASK, SCHED_FIFO)},
	{"sched_setscheduler", MATCH_ARG_MASKED, 0, EPERM, POL_BOTH,
	 "SCHED_RR: see SCHED_FIFO", ARG_IS(1, SCHED_POLICY_MASK, SCHED_RR)},
	{"sched_setscheduler", MATCH_ARG_MASKED, 0, EPERM, POL_BOTH,
	 "SCHED_DEADLINE reserves CPU ahead of every other process",
	 ARG_IS(1, SCHED_POLICY_MASK, SCHED_DEADLINE)},
	{"sched_setscheduler", MATCH_ARG_NONZERO, 0, EPERM, POL_BOTH,
	 "another process's policy (the launcher's, a later run's)",
	 ARG_NONZERO(0)},
	{"sched_setparam", MATCH_ARG_NONZERO, 0, EPERM, POL_BOTH,
	 "another process's real-time priority", ARG_NONZERO(0)},
	{"sched_setattr", MATCH_ALL, 0, ENOSYS, POL_BOTH,
	 "its policy is in memory a filter cannot read; libc falls back to "
	 "sched_setscheduler, which is checked"},
	{"setpriority", MATCH_ARG_NONZERO, 0, EPERM, POL_BOTH,
	 "PRIO_PGRP and PRIO_USER reach other processes (as root: all of "
	 "root's, versus included)",
	 ARG_NONZERO(0)},
	{"setpriority", MATCH_ARG_NONZERO, 0, EPERM, POL_BOTH,
	 "another process's nice value", ARG_NONZERO(1)},
	{"setpriority", MATCH_ARG_MASKED, 0, EPERM, POL_BOTH,
	 "a negative nice value outranks the other runs",
	 ARG_IS(2, 0x80000000ULL, 0x80000000ULL)},
	{"ioprio_set", MATCH_ARG_MASKED, 0, EPERM, POL_BOTH,
	 "the real-time I/O class starves every other process's I/O",
	 ARG_IS(2, IOPRIO_CLASS_MASK, IOPRIO_CLASS_RT)},
	{"perf_event_open", MATCH_ARG_NONZERO, 0, EPERM, POL_BOTH,
	 "watching another process or a whole CPU (as root: every process)",
	 ARG_NONZERO(1)},
	/* the machine's identity and devices */
	{"sethostname", MATCH_ALL, 0, EPERM, POL_BOTH,
	 "the host name is shared with every process outside a UTS "
	 "namespace"},
	{"setdomainname", MATCH_ALL, 0, EPERM, POL_BOTH, "see sethostname"},
	{"mknod", MATCH_ARG_MASKED, 0, EPERM, POL_BOTH,
	 "a character device node opens a device (disk, memory) directly",
	 ARG_IS(1, S_IFMT_BITS, S_IFCHR_BITS)},
	{"mknod", MATCH_ARG_MASKED, 0, EPERM, POL_BOTH,
	 "a block device node opens a disk directly",
	 ARG_IS(1, S_IFMT_BITS, S_IFBLK_BITS)},
	{"mknodat", MATCH_ARG_MASKED, 0, EPERM, POL_BOTH, "see mknod",
	 ARG_IS(2, S_IFMT_BITS, S_IFCHR_BITS)},
	{"mknodat", MATCH_ARG_MASKED, 0, EPERM, POL_BOTH, "see mknod",
	 ARG_IS(2, S_IFMT_BITS, S_IFBLK_BITS)},
	{"chroot", MATCH_ALL, 0, EPERM, POL_BOTH,
	 "with a directory fd kept open, a chroot is a way out of one"},
	{"open_by_handle_at", MATCH_ALL, 0, EPERM, POL_BOTH,
	 "opens any file by its handle, past every mount and folder"},
	{"iopl", MATCH_ALL, 0, EPERM, POL_BOTH, "raw I/O ports"},
	{"ioperm", MATCH_ALL, 0, EPERM, POL_BOTH, "raw I/O ports"},
	{"syslog", MATCH_ALL, 0, EPERM, POL_BOTH,
	 "the kernel log (reading and clearing it)"},
	{"vhangup", MATCH_ALL, 0, EPERM, POL_BOTH,
	 "hangs up the terminal other processes use"},
	{"acct", MATCH_ALL, 0, EPERM, POL_BOTH,
	 "process accounting writes a record of every process"},
	{"fanotify_init", MATCH_ALL, 0, EPERM, POL_BOTH,
	 "watches (and can block) file access across the machine"},
	{"personality", MATCH_PERSONALITY, PERSONA_RISKY, EPERM, POL_BOTH,
	 "READ_IMPLIES_EXEC, MMAP_PAGE_ZERO, no ASLR: exploit aids; the "
	 "plain Linux personalities and the query stay allowed"},
	/* no benchmark does these: trying is a security violation (SV) */
	{"kexec_load", MATCH_ALL, 0, KILL, POL_BOTH, "replaces the kernel"},
	{"kexec_file_load", MATCH_ALL, 0, KILL, POL_BOTH,
	 "replaces the kernel"},
	{"init_module", MATCH_ALL, 0, KILL, POL_BOTH, "loads kernel code"},
	{"finit_module", MATCH_ALL, 0, KILL, POL_BOTH, "loads kernel code"},
	{"delete_module", MATCH_ALL, 0, KILL, POL_BOTH, "unloads kernel code"},
	{"reboot", MATCH_ALL, 0, KILL, POL_BOTH, "stops the machine"},
	{"swapon", MATCH_ALL, 0, KILL, POL_BOTH,
	 "swap would change every memory figure"},
	{"swapoff", MATCH_ALL, 0, KILL, POL_BOTH, "see swapon"},
};
#pragma GCC diagnostic pop

/*
 * The policy as raw BPF, generated once: libseccomp's generation costs
 * more than the rest of a child's setup, so children only install it.
 * Two programs: `notify` is `kill` with every kill turned into a user
 * notification (see sb_filter_load), for kernels that have them.
 */
struct sb_filter {
	struct sock_filter *kill, *notify;
	unsigned short len;
};

/* Let libseccomp write the program to a memfd and read it back. */
static int export_bpf(scmp_filter_ctx ctx, struct sb_filter *filter)
{
	int fd = memfd_create("versus-seccomp", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	int ret = seccomp_export_bpf(ctx, fd);
	off_t size = ret ? 0 : lseek(fd, 0, SEEK_END);
	if (!ret && (size <= 0 || size % (off_t)sizeof(struct sock_filter) ||
		     size / (off_t)sizeof(struct sock_filter) > BPF_MAXINSNS))
		ret = -EINVAL;
	if (!ret) {
		filter->kill = xmalloc((size_t)size);
		filter->len =
			(unsigned short)(size /
					 (off_t)sizeof(struct sock_filter));
		if (pread(fd, filter->kill, (size_t)size, 0) != size)
			ret = -EIO;
	}
	close(fd);
	if (ret)
		return ret;
	/*
	 * The same program, but "return KILL_PROCESS" (a table row marked
	 * KILL, a foreign architecture) becomes "return USER_NOTIF": the
	 * thread then waits, the call not made, until versus, which holds
	 * the listener, has seen it and killed the run; so a kill anywhere
	 * in the tree is seen, not only the main process's SIGSYS. Done on
	 * the BPF rather than with SCMP_ACT_NOTIFY so that the two programs
	 * differ in those returns alone.
	 */
	filter->notify = xmalloc((size_t)size);
	memcpy(filter->notify, filter->kill, (size_t)size);
	for (unsigned i = 0; i < filter->len; i++) {
		struct sock_filter *in = &filter->notify[i];
		if (in->code == (BPF_RET | BPF_K) &&
		    in->k == SECCOMP_RET_KILL_PROCESS)
			in->k = SECCOMP_RET_USER_NOTIF;
	}
	return 0;
}

static int add_rule(scmp_filter_ctx ctx, const struct rule *r, int nr,
		    unsigned argc, const struct scmp_arg_cmp *cmp)
{
	uint32_t action = r->err == KILL ? SCMP_ACT_KILL_PROCESS
					 : SCMP_ACT_ERRNO((uint32_t)r->err);
	return seccomp_rule_add_array(ctx, action, nr, argc, cmp);
}

/* Whether rule r refuses socket(family, ...). */
static bool family_refused(const struct rule *r, uint64_t family)
{
	bool inet = family == AF_INET || family == AF_INET6;
	if (family == AF_UNIX || inet != (r->match == MATCH_INET))
		return false;
	return !(r->match == MATCH_NOT_UNIX_NL && family == AF_NETLINK);
}

/*
 * socket() rules for the families r refuses: one comparison per rule is
 * what libseccomp handles best; the refused run that reaches AF_MAX is one
 * ">=" rule (it also catches a family with high bits set), the families
 * below it one "==" each, on 32 bits as the kernel reads them. Fewer
 * rules, a shorter program: each child pays for its length when it
 * installs it (the kernel JITs it and simulates it once per system call).
 */
static int add_family_rules(scmp_filter_ctx ctx, const struct rule *r, int nr)
{
	uint64_t tail = AF_MAX;
	while (tail > 0 && family_refused(r, tail - 1))
		tail--;
	for (uint64_t family = 0; family <= tail; family++) {
		if (!family_refused(r, family))
			continue;
		struct scmp_arg_cmp cmp =
			family == tail
				? SCMP_A0(SCMP_CMP_GE, family)
				: SCMP_A0(SCMP_CMP_MASKED_EQ, MASK32, family);
		int ret = add_rule(ctx, r, nr, 1, &cmp);
		if (ret)
			return ret;
	}
	return 0;
}

static int add_table_rule(scmp_filter_ctx ctx, const struct rule *r)
{
	int nr = seccomp_syscall_resolve_name(r->syscall);
	if (nr == __NR_SCMP_ERROR)
		return 0; /* not on this architecture */
	switch (r->match) {
	case MATCH_ALL:
		return add_rule(ctx, r, nr, 0, NULL);
	case MATCH_ARG0_BITS:
		for (int bit = 0; bit < 64; bit++) {
			uint64_t b = 1ULL << bit;
			if (!(r->bits & b))
				continue;
			struct scmp_arg_cmp cmp =
				SCMP_A0(SCMP_CMP_MASKED_EQ, b, b);
			int ret = add_rule(ctx, r, nr, 1, &cmp);
			if (ret)
				return ret;
		}
		return 0;
	case MATCH_INET:
	case MATCH_NOT_UNIX:
	case MATCH_NOT_UNIX_NL:
		return add_family_rules(ctx, r, nr);
	case MATCH_ARG_MASKED: {
		struct scmp_arg_cmp cmp = {.arg = r->arg,
					   .op = SCMP_CMP_MASKED_EQ,
					   .datum_a = r->mask,
					   .datum_b = r->value};
		return add_rule(ctx, r, nr, 1, &cmp);
	}
	case MATCH_ARG_NONZERO: {
		struct scmp_arg_cmp cmp = {
			.arg = r->arg, .op = SCMP_CMP_NE, .datum_a = 0};
		return add_rule(ctx, r, nr, 1, &cmp);
	}
	case MATCH_PERSONALITY:
		for (int bit = 0; bit < 32; bit++) {
			uint64_t b = 1ULL << bit;
			if (!(r->bits & b))
				continue;
			/* the query (0xffffffff) is allowed: no real
			   personality sets the top four bits */
			struct scmp_arg_cmp cmp = SCMP_A0(SCMP_CMP_MASKED_EQ,
							  b | PERSONA_HIGH, b);
			int ret = add_rule(ctx, r, nr, 1, &cmp);
			if (ret)
				return ret;
		}
		return 0;
	}
	return -EINVAL;
}

struct sb_filter *sb_filter_new(enum sandbox_policy policy, int *err_out)
{
	*err_out = 0;
	if (policy == SANDBOX_POLICY_NONE)
		return NULL;
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx) {
		*err_out = -ENOMEM;
		return NULL;
	}
	int ret = 0;
	/* A foreign-architecture syscall (int 0x80, x32) is killed. */
	ret = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
			       SCMP_ACT_KILL_PROCESS);
	/* We set no_new_privs ourselves, as its own step. */
	if (!ret)
		ret = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	/*
	 * Without this, installing any filter turns on the speculative store
	 * bypass mitigation for the process, which slows some benchmarks.
	 */
	if (!ret)
		ret = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_SSB, 1);
	/* A binary tree keeps the cost per syscall logarithmic. */
	if (!ret)
		ret = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	for (size_t i = 0; !ret && i < sizeof(rules) / sizeof(rules[0]); i++)
		if (rules[i].policies & (1u << policy))
			ret = add_table_rule(ctx, &rules[i]);
	if (ret) {
		seccomp_release(ctx);
		*err_out = ret < 0 ? ret : -EINVAL;
		return NULL;
	}
	struct sb_filter *filter = xcalloc(1, sizeof(*filter));
	ret = export_bpf(ctx, filter);
	seccomp_release(ctx);
	if (ret) {
		sb_filter_free(filter);
		*err_out = ret;
		return NULL;
	}
	return filter;
}

struct sb_filter *sb_filter_affinity_new(int *err_out)
{
	*err_out = 0;
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	if (!ctx) {
		*err_out = -ENOMEM;
		return NULL;
	}
	/* every architecture the process could call in (int 0x80, x32):
	   without the policy's filter nothing else stops them */
	int ret = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	if (!ret)
		ret = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_SSB, 1);
	if (!ret && seccomp_arch_native() == SCMP_ARCH_X86_64) {
		ret = seccomp_arch_add(ctx, SCMP_ARCH_X86);
		if (!ret || ret == -EEXIST)
			ret = seccomp_arch_add(ctx, SCMP_ARCH_X32);
		if (ret == -EEXIST)
			ret = 0;
	}
	if (!ret)
		ret = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
				       SCMP_SYS(sched_setaffinity), 0);
	if (ret) {
		seccomp_release(ctx);
		*err_out = ret < 0 ? ret : -EINVAL;
		return NULL;
	}
	struct sb_filter *filter = xcalloc(1, sizeof(*filter));
	ret = export_bpf(ctx, filter);
	seccomp_release(ctx);
	if (ret) {
		sb_filter_free(filter);
		*err_out = ret;
		return NULL;
	}
	return filter;
}

void sb_filter_free(struct sb_filter *filter)
{
	if (!filter)
		return;
	free(filter->kill);
	free(filter->notify);
	free(filter);
}

static long seccomp_install(struct sock_filter *insns, unsigned short len,
			    unsigned long flags)
{
	struct sock_fprog prog = {.len = len, .filter = insns};
	/* SPEC_ALLOW is what SCMP_FLTATR_CTL_SSB asks for; kernels before
	 * 4.17 lack it */
	long ret = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
			   flags | SECCOMP_FILTER_FLAG_SPEC_ALLOW, &prog);
	if (ret < 0 && errno == EINVAL)
		ret = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags,
			      &prog);
	return ret;
}

int sb_filter_load(const struct sb_filter *filter)
{
	if (!filter)
		return 0;
	return seccomp_install(filter->kill, filter->len, 0) < 0 ? -errno : 0;
}

int sb_filter_load_listener(const struct sb_filter *filter, int *listener)
{
	*listener = -1;
	if (!filter)
		return 0;
	/*
	 * With a listener (Linux 5.0; its fd is close-on-exec). EINVAL: an
	 * older kernel; EBUSY: we run under a filter that has a listener
	 * already (a versus inside versus). Then the kill program: a kill
	 * is SV only in the main process.
	 */
	long fd = seccomp_install(filter->notify, filter->len,
				  SECCOMP_FILTER_FLAG_NEW_LISTENER);
	if (fd >= 0) {
		*listener = (int)fd;
		return 0;
	}
	if (errno != EINVAL && errno != EBUSY)
		return -errno;
	return seccomp_install(filter->kill, filter->len, 0) < 0 ? -errno : 0;
}

int sb_notify_receive(int listener, struct sb_violation *v)
{
	struct seccomp_notif notif;
	/* the kernel wants it zeroed */
	memset(&notif, 0, sizeof(notif));
	if (ioctl(listener, SECCOMP_IOCTL_NOTIF_RECV, &notif))
		return -errno;
	v->pid = (pid_t)notif.pid;
	v->nr = notif.data.nr;
	v->arch = notif.data.arch;
	return 0;
}

void sb_violation_describe(const struct sb_violation *v, char *buf, size_t size)
{
	/* libseccomp's architecture tokens are the AUDIT_ARCH values */
	char *name = seccomp_syscall_resolve_num_arch(v->arch, v->nr);
	const char *arch = "";
	if (v->arch == SCMP_ARCH_X86)
		arch = " of i386 (int 0x80)";
	else if (v->arch == SCMP_ARCH_X86_64 && (v->nr & 0x40000000))
		arch = " of x32";
	else if (v->arch != seccomp_arch_native())
		arch = " of another architecture";
	snprintf(buf, size, "%s%s (%d) in pid %ld", name ? name : "system call",
		 arch, v->nr, (long)v->pid);
	free(name);
}

bool sb_seccomp_usable(char *why, size_t why_size)
{
	const struct scmp_version *v = seccomp_version();
	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) < 0) {
		snprintf(why, why_size, "kernel without seccomp");
		return false;
	}
	unsigned api = seccomp_api_get();
	if (api < 3) {
		snprintf(why, why_size,
			 "libseccomp %u.%u.%u API level %u: need 3 (kill "
			 "process)",
			 v->major, v->minor, v->micro, api);
		return false;
	}
	snprintf(why, why_size, "libseccomp %u.%u.%u, API level %u", v->major,
		 v->minor, v->micro, api);
	return true;
}
