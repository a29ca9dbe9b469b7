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
#include <sys/prctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/alloc.h"
#include "util/banned.h"

enum rule_match {
	MATCH_ALL,	  /* every call */
	MATCH_ARG0_BITS,  /* arg0 has any of the bits in `bits` */
	MATCH_INET,	  /* socket(): AF_INET or AF_INET6 */
	MATCH_NOT_UNIX,	  /* socket(): any family but AF_UNIX and INET */
	MATCH_NOT_UNIX_NL /* same, but AF_NETLINK allowed */
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
};

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

/*
 * The policy as raw BPF, generated once: libseccomp's generation costs
 * more than the rest of a child's setup, so children only install it.
 */
struct sb_filter {
	struct sock_filter *insns;
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
		filter->insns = xmalloc((size_t)size);
		filter->len =
			(unsigned short)(size /
					 (off_t)sizeof(struct sock_filter));
		if (pread(fd, filter->insns, (size_t)size, 0) != size)
			ret = -EIO;
	}
	close(fd);
	return ret;
}

static int add_rule(scmp_filter_ctx ctx, const struct rule *r, int nr,
		    unsigned argc, const struct scmp_arg_cmp *cmp)
{
	uint32_t action = r->err == KILL ? SCMP_ACT_KILL_PROCESS
					 : SCMP_ACT_ERRNO((uint32_t)r->err);
	return seccomp_rule_add_array(ctx, action, nr, argc, cmp);
}

/* One socket() rule per refused family: one comparison per rule is what
 * libseccomp handles best, and the families are few. */
static int add_family_rules(scmp_filter_ctx ctx, const struct rule *r, int nr)
{
	for (uint64_t family = 0; family <= AF_MAX; family++) {
		bool inet = family == AF_INET || family == AF_INET6;
		if (family == AF_UNIX || inet != (r->match == MATCH_INET))
			continue;
		if (r->match == MATCH_NOT_UNIX_NL && family == AF_NETLINK)
			continue;
		struct scmp_arg_cmp cmp = SCMP_A0(
			family == AF_MAX ? SCMP_CMP_GE : SCMP_CMP_EQ, family);
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

void sb_filter_free(struct sb_filter *filter)
{
	if (!filter)
		return;
	free(filter->insns);
	free(filter);
}

int sb_filter_load(const struct sb_filter *filter)
{
	if (!filter)
		return 0;
	struct sock_fprog prog = {.len = filter->len, .filter = filter->insns};
	/* SPEC_ALLOW is what SCMP_FLTATR_CTL_SSB asks for; kernels before
	 * 4.17 lack it */
	if (!syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		     SECCOMP_FILTER_FLAG_SPEC_ALLOW, &prog))
		return 0;
	if (errno != EINVAL)
		return -errno;
	return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) ? -errno
								       : 0;
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
