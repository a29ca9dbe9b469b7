/*
 * revision.h: which version of the benchmarked code a run measured (the
 * result record's `revision`, results/README.md): the commit checked out
 * in the folder holding the manifest, found by running git as an argv.
 */
#ifndef VERSUS_REVISION_H
#define VERSUS_REVISION_H

struct revision {
	char *id;   /* commit id (hex) or the user's label; NULL: none */
	char *time; /* commit time, ISO 8601 UTC; NULL when unknown */
};

/*
 * The commit checked out in the git work tree holding dir, and its
 * commit time, into *out (caller releases with revision_release()).
 * Returns 0, or -ENOENT when there is none: git is not on PATH, dir is in
 * no repository, the repository has no commit or git failed (*out then
 * holds NULLs). git runs with stdin from /dev/null and a timeout; it
 * reads the repository, never changes it.
 */
int revision_detect(const char *dir, struct revision *out);
/* Free what out holds and set it to NULLs; accepts NULL. */
void revision_release(struct revision *out);

#endif
