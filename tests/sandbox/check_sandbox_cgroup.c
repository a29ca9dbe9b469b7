/*
 * check_sandbox_cgroup.c: the cases of check_sandbox.c again, with cgroups
 * required (mode cgroup1 or cgroup2, whichever the machine offers). Exits
 * 77 (skipped) where cgroups are unusable: no root, no delegation.
 */
#define CHECK_SANDBOX_CGROUPS 1
#include "check_sandbox.c"
