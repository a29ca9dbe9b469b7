/*
 * status.h: the implementation status of a sandbox fate. The statuses
 * themselves, their names and which of them are failures belong to the
 * record (record/record.h, enum impl_status).
 */
#ifndef VERSUS_STATUS_H
#define VERSUS_STATUS_H

#include "record/record.h"
#include "sandbox.h"

/* The implementation status for a sandbox fate. */
enum impl_status status_from_sandbox(enum sandbox_status status);

#endif
