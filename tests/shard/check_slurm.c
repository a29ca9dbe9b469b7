/* check_slurm.c: the job scripts of versus slurm and its sbatch and
 * scontrol calls (against small fake programs written here). */
#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "shard/slurm.h"
#include "util/alloc.h"
#include "util/fs.h"
#include "util/run.h"
#include "util/strbuf.h"

static const char *const no_args[] = {NULL};

static struct slurm_job_files files(const char *dir)
{
	static const char *const paths[] = {"/w/a b.yaml", "/w/it's.yaml"};
	static const char *const run_args[] = {"--runs", "10"};
	struct slurm_job_files f = {
		.versus = "/opt/versus/bin/versus",
		.dir = dir,
		.plan_id = "0123456789abcdef",
		.run_args = run_args,
		.run_args_nr = 2,
		.paths = paths,
		.paths_nr = 2,
	};
	return f;
}

START_TEST(test_array_script)
{
	struct slurm_options o = {.shards = 4, .exclusive = true};
	struct slurm_job_files f = files("/r/out");
	char *s = slurm_array_script(&o, &f);
	ck_assert_ptr_nonnull(strstr(s, "#!/bin/sh\n"));
	ck_assert_ptr_nonnull(strstr(s, "\n#SBATCH --array=0-3\n"));
	ck_assert_ptr_nonnull(strstr(s, "\n#SBATCH --exclusive\n"));
	ck_assert_ptr_nonnull(
		strstr(s, "\n#SBATCH --output=/r/out/logs/shard-%a.out\n"));
	ck_assert_ptr_nonnull(
		strstr(s, "\n#SBATCH --job-name=versus-0123456789ab\n"));
	ck_assert_ptr_null(strstr(s, "--partition"));
	ck_assert_ptr_null(strstr(s, "--mem"));
	/* every user word quoted as a shell reads it back */
	ck_assert_ptr_nonnull(strstr(
		s, "\nexec /opt/versus/bin/versus run --no-progress --shard "
		   "\"$SLURM_ARRAY_TASK_ID/4\" --plan /r/out/plan.json -o "
		   "/r/out/shards/\"$SLURM_ARRAY_TASK_ID\" --runs 10 -- "
		   "'/w/a b.yaml' '/w/it'\\''s.yaml'\n"));
	free(s);

	o.exclusive = false;
	o.max_parallel = 2;
	o.partition = "bench";
	o.time = "1:00:00";
	o.mem = "16G";
	o.constraint = "epyc&avx2";
	f.run_args = no_args;
	f.run_args_nr = 0;
	s = slurm_array_script(&o, &f);
	ck_assert_ptr_nonnull(strstr(s, "\n#SBATCH --array=0-3%2\n"));
	ck_assert_ptr_null(strstr(s, "--exclusive"));
	ck_assert_ptr_nonnull(strstr(s, "\n#SBATCH --partition=bench\n"));
	ck_assert_ptr_nonnull(strstr(s, "\n#SBATCH --time=1:00:00\n"));
	ck_assert_ptr_nonnull(strstr(s, "\n#SBATCH --mem=16G\n"));
	ck_assert_ptr_nonnull(strstr(s, "\n#SBATCH --constraint=epyc&avx2\n"));
	ck_assert_ptr_nonnull(strstr(s, "\"$SLURM_ARRAY_TASK_ID\" -- '/w/a"));
	free(s);
}
END_TEST

START_TEST(test_merge_script)
{
	struct slurm_options o = {.shards = 2,
				  .exclusive = true,
				  .partition = "p",
				  .time = "10",
				  .mem = "1G",
				  .constraint = "c"};
	struct slurm_job_files f = files("/r/o ut");
	char *s = slurm_merge_script(&o, &f);
	ck_assert_ptr_nonnull(strstr(s, "\n#SBATCH --partition=p\n"));
	ck_assert_ptr_nonnull(strstr(s, "\n#SBATCH --time=10\n"));
	/* the shards' resources are not the merge's */
	ck_assert_ptr_null(strstr(s, "--mem"));
	ck_assert_ptr_null(strstr(s, "--constraint"));
	ck_assert_ptr_null(strstr(s, "--exclusive"));
	ck_assert_ptr_nonnull(
		strstr(s, "\n/opt/versus/bin/versus merge --plan "
			  "'/r/o ut/plan.json' '/r/o ut/shards' -o '/r/o "
			  "ut/merged.json'\nstatus=$?\n"));
	ck_assert_ptr_nonnull(
		strstr(s, "\n[ \"$status\" -le 1 ] || exit \"$status\"\n"
			  "/opt/versus/bin/versus report --format md '/r/o "
			  "ut/merged.json' -o '/r/o ut/report.md' || exit\n"
			  "exit \"$status\"\n"));
	free(s);
}
END_TEST

START_TEST(test_options_check)
{
	struct slurm_job_files f = files("/r/out");
	struct versus_err err = {0};
	struct slurm_options o = {.shards = 1,
				  .partition = "a,b",
				  .time = "2-00:00:00",
				  .mem = "0"};
	ck_assert_int_eq(slurm_options_check(&o, &f, &err), 0);
	const char *bad[] = {"a b", "", "x'y", "x\"y", "x\\y", "a\nb", "a\tb"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		o.constraint = bad[i];
		ck_assert_int_eq(slurm_options_check(&o, &f, &err), -EINVAL);
		ck_assert_ptr_nonnull(strstr(err.message, "--constraint: "));
	}
	o.constraint = NULL;
	f.dir = "/r/o ut";
	ck_assert_int_eq(slurm_options_check(&o, &f, &err), -EINVAL);
	ck_assert_ptr_nonnull(strstr(err.message, "'/r/o ut'"));
}
END_TEST

START_TEST(test_exec)
{
	struct strbuf out = STRBUF_INIT, eout = STRBUF_INIT;
	char sh[] = "/bin/sh", c[] = "-c",
	     cmd1[] = "echo out; echo err >&2; exit 3";
	char *ok[] = {sh, c, cmd1, NULL};
	int st = run_capture(ok, 10000, &out, &eout);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 3);
	ck_assert_str_eq(out.buf, "out\n");
	ck_assert_str_eq(eout.buf, "err\n");
	strbuf_reset(&out);
	char cmd2[] = "sleep 10";
	char *slow[] = {sh, c, cmd2, NULL};
	ck_assert_int_eq(run_capture(slow, 100, &out, &eout), -ETIMEDOUT);
	char nothere[] = "/nonexistent/sbatch";
	char *none[] = {nothere, NULL};
	ck_assert_int_eq(run_capture(none, 1000, &out, &eout), -ENOENT);
	strbuf_release(&out);
	strbuf_release(&eout);
}
END_TEST

static int stop_calls;
static bool stop_now(void)
{
	return ++stop_calls > 1;
}

/* run_capture_with: a stop signal first and its output still read; a
 * command that leaves a child holding its output does not hold us. */
START_TEST(test_exec_with)
{
	struct strbuf out = STRBUF_INIT, eout = STRBUF_INIT;
	char sh[] = "/bin/sh", c[] = "-c",
	     cmd1[] = "trap 'echo bye; exit 7' TERM; echo hi; "
		      "while :; do sleep 0.05; done";
	char *term[] = {sh, c, cmd1, NULL};
	struct run_opts opts = {
		.stop = stop_now, .stop_signal = SIGTERM, .grace_ms = 20000};
	bool stopped = false;
	stop_calls = 0;
	int st = run_capture_with(term, &opts, &out, &eout, &stopped);
	ck_assert(stopped);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 7, "status %d", st);
	ck_assert_ptr_nonnull(strstr(out.buf, "bye"));
	/* ignores the stop signal: killed after the grace */
	strbuf_reset(&out);
	char cmd2[] = "trap '' TERM; while :; do sleep 0.05; done";
	char *deaf[] = {sh, c, cmd2, NULL};
	opts.grace_ms = 200;
	stop_calls = 0;
	ck_assert_int_eq(run_capture_with(deaf, &opts, &out, &eout, &stopped),
			 -ETIMEDOUT);
	/* no timeout at all; a child of its own keeps stdout open */
	char cmd3[] = "sleep 60 & echo done";
	char *left[] = {sh, c, cmd3, NULL};
	struct run_opts none = {0};
	time_t t0 = time(NULL);
	st = run_capture_with(left, &none, &out, &eout, &stopped);
	ck_assert(!stopped);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	ck_assert_ptr_nonnull(strstr(out.buf, "done"));
	/* a second to drain, then on: generous for a slow machine */
	ck_assert_int_lt(time(NULL) - t0, 30);
	strbuf_release(&out);
	strbuf_release(&eout);
}
END_TEST

/* A fake program at dir/name printing text (a sh script body). */
static char *fake(const char *dir, const char *name, const char *body)
{
	char *path = xstrfmt("%s/%s", dir, name);
	FILE *fp = fopen(path, "w");
	ck_assert_ptr_nonnull(fp);
	fprintf(fp, "#!/bin/sh\n%s\n", body);
	fclose(fp);
	chmod(path, 0755);
	return path;
}

START_TEST(test_submit)
{
	char dir[] = "/tmp/check_slurm.XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	struct versus_err err = {0};
	char *id = NULL;
	/* the arguments are passed as they are, the id read up to ';' */
	char *sb = fake(
		dir, "sbatch",
		"[ \"$1\" = --parsable ] && "
		"[ \"$2\" = --dependency=afterany:7 ] && "
		"[ \"$3\" = '/x/merge.sbatch' ] && echo '8;clu' && exit 0\n"
		"echo \"bad args: $*\" >&2; exit 1");
	ck_assert_int_eq(
		slurm_submit(sb, "afterany:7", "/x/merge.sbatch", &id, &err),
		0);
	ck_assert_str_eq(id, "8");
	free(id);
	id = NULL;
	ck_assert_int_eq(slurm_submit(sb, NULL, "/x/array.sbatch", &id, &err),
			 -EIO);
	ck_assert_ptr_null(id);
	ck_assert_str_eq(err.file, "/x/array.sbatch");
	ck_assert_ptr_nonnull(strstr(err.message, "exited with status 1: "
						  "bad args: --parsable "
						  "/x/array.sbatch"));
	free(sb);
	sb = fake(dir, "sbatch2", "echo 'Submitted batch job 9'");
	ck_assert_int_eq(slurm_submit(sb, NULL, "/x/a", &id, &err), -EIO);
	ck_assert_ptr_nonnull(strstr(err.message, "printed no job id"));
	free(sb);
	ck_assert_int_eq(
		slurm_submit("/nonexistent/sbatch", NULL, "/x/a", &id, &err),
		-ENOENT);
	fs_remove_tree(dir);
}
END_TEST

START_TEST(test_query)
{
	char dir[] = "/tmp/check_slurm.XXXXXX";
	ck_assert_ptr_nonnull(mkdtemp(dir));
	struct versus_err err = {0};
	struct slurm_job_state st;
	char *sc = fake(
		dir, "scontrol",
		"[ \"$1 $2 $3\" = 'show job -o' ] || exit 9\n"
		"case $4 in\n"
		"1) echo 'JobId=1 ArrayJobId=1 ArrayTaskId=2-3 "
		"JobState=PENDING Reason=None ExitCode=0:0'\n"
		"   echo 'JobId=2 ArrayJobId=1 ArrayTaskId=0 "
		"JobState=COMPLETED Reason=None ExitCode=0:0'\n"
		"   echo 'JobId=3 ArrayJobId=1 ArrayTaskId=1 "
		"JobState=TIMEOUT Reason=TimeLimit ExitCode=0:15' ;;\n"
		"2) echo 'JobId=2 JobName=x OldJobState=RUNNING "
		"JobState=FAILED Reason=NonZeroExitCode ExitCode=1:0' ;;\n"
		"3) echo 'JobId=3 JobState=RUNNING ExitCode=0:0' ;;\n"
		"4) echo 'slurm_load_jobs error: Invalid job id specified' "
		">&2; exit 1 ;;\n"
		"5) echo 'slurm_load_jobs error: Socket timed out' >&2; "
		"exit 1 ;;\n"
		"6) echo 'No jobs in the system' ;;\n"
		"esac");
	ck_assert_int_eq(slurm_job_query(sc, "1", &st, &err), 0);
	ck_assert_uint_eq(st.tasks, 3);
	ck_assert_uint_eq(st.tasks_done, 2);
	ck_assert_uint_eq(st.tasks_completed, 1);
	ck_assert(!st.done);
	ck_assert_str_eq(st.state, "PENDING");
	ck_assert_int_eq(st.signal, 15);
	/* a key that only ends in "JobState" is not JobState */
	ck_assert_int_eq(slurm_job_query(sc, "2", &st, &err), 0);
	ck_assert(st.done);
	ck_assert_str_eq(st.state, "FAILED");
	ck_assert_int_eq(st.exit_code, 1);
	ck_assert_int_eq(slurm_job_query(sc, "3", &st, &err), 0);
	ck_assert(!st.done);
	ck_assert_int_eq(slurm_job_query(sc, "4", &st, &err), -ENOENT);
	ck_assert_int_eq(slurm_job_query(sc, "5", &st, &err), -EIO);
	ck_assert_ptr_nonnull(strstr(err.message, "Socket timed out"));
	ck_assert_int_eq(slurm_job_query(sc, "6", &st, &err), -EIO);
	ck_assert_ptr_nonnull(strstr(err.message, "no JobState"));
	free(sc);
	fs_remove_tree(dir);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("slurm");
	TCase *tc = tcase_create("core");
	tcase_add_test(tc, test_array_script);
	tcase_add_test(tc, test_exec_with);
	tcase_add_test(tc, test_merge_script);
	tcase_add_test(tc, test_options_check);
	tcase_add_test(tc, test_exec);
	tcase_add_test(tc, test_submit);
	tcase_add_test(tc, test_query);
	suite_add_tcase(s, tc);
	SRunner *sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	int failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
