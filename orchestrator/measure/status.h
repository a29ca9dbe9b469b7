/*
 * status.h: the fate of an implementation in a run (DESIGN.md §5). The run
 * statuses mirror the sandbox's; CE, WA, ND and NA are decided by the
 * orchestrator.
 */
#ifndef VERSUS_STATUS_H
#define VERSUS_STATUS_H

#include <stdbool.h>

#include "sandbox.h"

enum impl_status {
	STATUS_OK,
	STATUS_CE, /* build failed */
	STATUS_WA, /* output not equivalent */
	STATUS_ND, /* output changed between runs */
	STATUS_RE,
	STATUS_SG,
	STATUS_TO,
	STATUS_TW,
	STATUS_ML,
	STATUS_OL,
	STATUS_SV,
	STATUS_XX,
	STATUS_NA, /* toolchain not available: skipped */
};

/* "OK", "CE", ... */
const char *status_name(enum impl_status status);
/* The implementation status for a sandbox fate. */
enum impl_status status_from_sandbox(enum sandbox_status status);
/* Whether this status makes `versus run` exit 1 (all but OK and NA). */
bool status_is_failure(enum impl_status status);

#endif
