#include "measure/status.h"

#include "util/banned.h"

const char *status_name(enum impl_status status)
{
	static const char *const names[] = {
		[STATUS_OK] = "OK", [STATUS_CE] = "CE", [STATUS_WA] = "WA",
		[STATUS_ND] = "ND", [STATUS_RE] = "RE", [STATUS_SG] = "SG",
		[STATUS_TO] = "TO", [STATUS_TW] = "TW", [STATUS_ML] = "ML",
		[STATUS_OL] = "OL", [STATUS_SV] = "SV", [STATUS_XX] = "XX",
		[STATUS_NA] = "NA",
	};
	return names[status];
}

enum impl_status status_from_sandbox(enum sandbox_status status)
{
	switch (status) {
	case SANDBOX_OK:
		return STATUS_OK;
	case SANDBOX_RE:
		return STATUS_RE;
	case SANDBOX_SG:
		return STATUS_SG;
	case SANDBOX_TO:
		return STATUS_TO;
	case SANDBOX_TW:
		return STATUS_TW;
	case SANDBOX_ML:
		return STATUS_ML;
	case SANDBOX_OL:
		return STATUS_OL;
	case SANDBOX_SV:
		return STATUS_SV;
	case SANDBOX_XX:
		break;
	}
	return STATUS_XX;
}

bool status_is_failure(enum impl_status status)
{
	return status != STATUS_OK && status != STATUS_NA;
}
