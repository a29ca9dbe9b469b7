#include "measure/status.h"

#include "util/banned.h"

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
