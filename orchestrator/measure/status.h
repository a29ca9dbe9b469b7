/*
 * status.h: the implementation status of a sandbox fate. The statuses
 * themselves, their names and which of them are failures belong to the
 * record (record/record.h, enum impl_status).
 */
#ifndef VERSUS_STATUS_H
#define VERSUS_STATUS_H

#include "record/record.h"
#include "sandbox.h"

/*
 * The implementation status for a sandbox fate. PV (the iteration
 * protocol broken) is no sandbox fate: measure/itermode.c decides it from
 * the stream, over OK (or OL for the side pipe's bound).
 */
enum impl_status status_from_sandbox(enum sandbox_status status);

#endif
