#include "fs.h"

#include <errno.h>
#include <sys/stat.h>

#include "strbuf.h"
#include "banned.h"

int fs_mkdir_p(const char *dir)
{
	struct strbuf path = STRBUF_INIT;
	int rc = 0;
	for (const char *p = dir; *p && !rc; p++) {
		strbuf_addch(&path, *p);
		if ((p[1] == '/' || p[1] == '\0') &&
		    mkdir(path.buf, 0777) < 0 && errno != EEXIST)
			rc = -errno;
	}
	if (!rc) {
		struct stat st;
		if (stat(dir, &st) < 0)
			rc = -errno;
		else if (!S_ISDIR(st.st_mode))
			rc = -ENOTDIR;
	}
	strbuf_release(&path);
	return rc;
}
