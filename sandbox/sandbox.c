/* sandbox.c: placeholder until issue 3 lands; every run fails with ENOSYS. */
#include "sandbox.h"

#include <errno.h>
#include <string.h>

struct sandbox *sandbox_new(const struct sandbox_config *config,
			    struct versus_err *err)
{
	versus_err_set(err, -ENOSYS, NULL, 0, 0,
		       "sandbox: not implemented yet");
	return NULL;
}

void sandbox_free(struct sandbox *sb)
{
}

int sandbox_run(struct sandbox *sb, const struct sandbox_spec *spec,
		struct sandbox_result *result, struct versus_err *err)
{
	memset(result, 0, sizeof(*result));
	return versus_err_set(err, -ENOSYS, NULL, 0, 0,
			      "sandbox: not implemented yet");
}

void sandbox_result_release(struct sandbox_result *result)
{
}

void sandbox_interrupt(void)
{
}
