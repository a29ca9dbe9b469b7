/*
 * doc.c: the man page versus(1) and the bash and zsh completion scripts,
 * generated from the same option tables and command descriptions as
 * --help, so that none of them can drift from what the parser accepts.
 *
 * Each command writes its own part when run with the hidden option
 * --help-as=man|bash|zsh (cmd_parse() sees it, since the tables are local
 * to the commands); main.c writes the head and the tail around the parts,
 * for `versus --help-man` and `versus completions SHELL`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "util/version.h"
#include "util/banned.h"

const char cmd_versus_about[] =
	"versus builds equivalent programs in many languages, runs each in a "
	"sandbox\n"
	"(cgroups + seccomp), checks that their outputs agree, and reports "
	"time and\n"
	"memory ratios with confidence intervals.\n";

const char cmd_versus_exit[] =
	"Exit codes: 0 all good; 1 the benchmark found a problem; 2 usage or "
	"manifest\n"
	"error; 3 versus or its sandbox failed.\n";

const struct opt_choice cmd_doc_choices[] = {
	OPT_VALUE("man", CMD_DOC_MAN),
	OPT_VALUE("bash", CMD_DOC_BASH),
	OPT_VALUE("zsh", CMD_DOC_ZSH),
	{0},
};

/* ---- roff ---- */

/* s as roff text: backslashes and minus signs escaped, a control
 * character at the start of a line made literal. */
static void roff_add(struct strbuf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool line_start =
			out->len == 0 || out->buf[out->len - 1] == '\n';
		if (line_start && (s[i] == '.' || s[i] == '\''))
			strbuf_addstr(out, "\\&");
		if (s[i] == '\\')
			strbuf_addstr(out, "\\e");
		else if (s[i] == '-')
			strbuf_addstr(out, "\\-");
		else
			strbuf_addch(out, s[i]);
	}
}

static void roff_adds(struct strbuf *out, const char *s)
{
	roff_add(out, s, strlen(s));
}

/*
 * Text written for an 80-column terminal as roff: its lines are refilled
 * by man, a blank line starts a paragraph, and a line that starts with
 * spaces (an example, a list) starts a line of its own.
 */
static void roff_text(struct strbuf *out, const char *text)
{
	for (const char *p = text; *p;) {
		size_t n = strcspn(p, "\n");
		if (!n)
			strbuf_addstr(out, ".PP");
		else if (*p == ' ')
			strbuf_addstr(out, ".br\n");
		roff_add(out, p, n);
		strbuf_addch(out, '\n');
		p += n + (p[n] == '\n');
	}
}

/* The option's row: `.TP`, then "-o, --output DIR", then its help. */
static void roff_option(struct strbuf *out, const struct opt *o)
{
	strbuf_addstr(out, ".TP\n");
	if (o->short_name) {
		strbuf_addf(out, "\\fB\\-%c\\fR", o->short_name);
		if (o->name)
			strbuf_addstr(out, ", ");
	}
	if (o->name) {
		strbuf_addstr(out, "\\fB\\-\\-");
		roff_adds(out, o->name);
		strbuf_addstr(out, "\\fR");
	}
	if (o->arg) {
		strbuf_addstr(out, o->implied ? "[=\\fI" : " \\fI");
		roff_adds(out, o->arg);
		strbuf_addstr(out, o->implied ? "\\fR]" : "\\fR");
	}
	strbuf_addch(out, '\n');
	/* The help text is one paragraph: its breaks become spaces. */
	struct strbuf text = STRBUF_INIT;
	if (o->help)
		for (const char *p = o->help; *p; p++)
			strbuf_addch(&text, *p == '\n' ? ' ' : *p);
	if (o->type == OPT_TYPE_ALIAS && !o->help)
		strbuf_addf(&text, "same as --%s%s%s", o->alias_of,
			    o->value ? "=" : "", o->value ? o->value : "");
	if (o->def)
		strbuf_addf(&text, "%s(default %s)", text.len ? " " : "",
			    o->def);
	roff_adds(out, text.buf);
	strbuf_addch(out, '\n');
	strbuf_release(&text);
}

/* Whether --help would show o. */
static bool shown(const struct opt *o)
{
	return !o->hidden && !(o->type == OPT_TYPE_ALIAS && o->removed_in);
}

static void roff_options(struct strbuf *out, const struct opt *opts)
{
	const struct opt **rows;
	size_t nr = opt_rows(opts, &rows);
	for (size_t i = 0; i < nr; i++) {
		if (rows[i]->type == OPT_TYPE_GROUP) {
			strbuf_addstr(out, ".PP\n");
			roff_adds(out, rows[i]->help);
			strbuf_addch(out, '\n');
		} else if (shown(rows[i])) {
			roff_option(out, rows[i]);
		}
	}
	free(rows);
}

/* ---- shells ---- */

enum value_kind { VALUE_NONE, VALUE_WORDS, VALUE_FILE, VALUE_DIR, VALUE_ANY };

/* What the value of o completes to: its choices, a folder, a file, or
 * nothing we can guess. */
static enum value_kind value_kind(const struct opt *o)
{
	if (!o->arg || (o->type == OPT_TYPE_ALIAS && o->value))
		return VALUE_NONE;
	if (o->choices)
		return VALUE_WORDS;
	if (!strcmp(o->arg, "DIR"))
		return VALUE_DIR;
	if (!strcmp(o->arg, "FILE") || !strcmp(o->arg, "PATH"))
		return VALUE_FILE;
	return VALUE_ANY;
}

static void add_choices(struct strbuf *out, const struct opt *o)
{
	bool first = true;
	for (const struct opt_choice *c = o->choices; c->name; c++)
		if (opt_choice_listed(c, o->choice_mask)) {
			strbuf_addf(out, "%s%s", first ? "" : " ", c->name);
			first = false;
		}
}

/* The names of o as a bash case pattern: "-o|--output". */
static void bash_pattern(struct strbuf *out, const struct opt *o)
{
	if (o->short_name)
		strbuf_addf(out, "-%c%s", o->short_name, o->name ? "|" : "");
	if (o->name)
		strbuf_addf(out, "--%s", o->name);
}

/* The case on the option before the cursor: its value's completion. */
static void bash_values(struct strbuf *out, const struct opt **rows, size_t nr)
{
	strbuf_addstr(out, "\t\tcase $opt in\n");
	static const char *const actions[] = {
		[VALUE_WORDS] = NULL,
		[VALUE_FILE] = "_versus_files -f",
		[VALUE_DIR] = "_versus_files -d",
		[VALUE_ANY] = ":",
	};
	for (size_t i = 0; i < nr; i++) {
		const struct opt *o = rows[i];
		enum value_kind k = value_kind(o);
		if (!shown(o) || o->type == OPT_TYPE_GROUP || k == VALUE_NONE)
			continue;
		strbuf_addstr(out, "\t\t");
		bash_pattern(out, o);
		/* "--color" alone is a flag: a value only after '=' */
		strbuf_addstr(out, o->implied ? ") if [[ $eq ]]; then " : ") ");
		if (k == VALUE_WORDS) {
			strbuf_addstr(out, "_versus_words '");
			add_choices(out, o);
			strbuf_addstr(out, "'");
		} else {
			strbuf_addstr(out, actions[k]);
		}
		strbuf_addstr(out, o->implied ? "; return; fi ;;\n"
					      : "; return ;;\n");
	}
	strbuf_addstr(out, "\t\tesac\n");
}

/* One arm of the case on the command in _versus(). */
static void bash_command(struct strbuf *out, const struct cmd_info *info,
			 const struct opt *opts)
{
	const struct opt all[] = {
		{OPT_INCLUDE(opts)},
		{OPT_INCLUDE(cmd_common_options)},
		{0},
	};
	const struct opt **rows;
	size_t nr = opt_rows(all, &rows);
	strbuf_addf(out, "\t%s)\n", info->name);
	bash_values(out, rows, nr);
	strbuf_addstr(out, "\t\tif [[ $cur == -* ]]; then\n"
			   "\t\t\t_versus_words '");
	bool first = true;
	for (size_t i = 0; i < nr; i++) {
		const struct opt *o = rows[i];
		if (!shown(o) || o->type == OPT_TYPE_GROUP)
			continue;
		if (o->short_name)
			strbuf_addf(out, "%s-%c", first ? "" : " ",
				    o->short_name);
		first = first && !o->short_name;
		if (o->name)
			strbuf_addf(out, "%s--%s", first ? "" : " ", o->name);
		first = first && !o->name;
	}
	strbuf_addstr(out, "'\n\t\telse\n\t\t\t");
	if (info->arg_words)
		strbuf_addf(out, "_versus_words '%s'\n", info->arg_words);
	else
		strbuf_addstr(out, "_versus_files -f\n");
	strbuf_addstr(out, "\t\tfi\n\t\t;;\n");
	free(rows);
}

/* The first clause of o's help, one line, for zsh's brackets. */
static void zsh_help(struct strbuf *out, const struct opt *o)
{
	const char *h = o->help ? o->help : "";
	struct strbuf tmp = STRBUF_INIT;
	if (o->type == OPT_TYPE_ALIAS && !o->help)
		strbuf_addf(&tmp, "same as --%s%s%s", o->alias_of,
			    o->value ? "=" : "", o->value ? o->value : "");
	else
		strbuf_add(&tmp, h, strcspn(h, ";("));
	while (tmp.len &&
	       (tmp.buf[tmp.len - 1] == ' ' || tmp.buf[tmp.len - 1] == ':' ||
		tmp.buf[tmp.len - 1] == ','))
		tmp.buf[--tmp.len] = '\0';
	for (const char *p = tmp.buf; *p; p++) {
		if (*p == '\n')
			strbuf_addch(out, ' ');
		else if (*p == '\'')
			strbuf_addstr(out, "'\\''");
		else if (*p == '[' || *p == ']' || *p == '\\')
			strbuf_addf(out, "\\%c", *p);
		else
			strbuf_addch(out, *p);
	}
	strbuf_release(&tmp);
}

/* One _arguments spec for o, e.g. '(-f --format)'{-f+,--format=}'[...]:FMT:(a
 * b)'. */
static void zsh_option(struct strbuf *out, const struct opt *o)
{
	enum value_kind k = value_kind(o);
	bool value = k != VALUE_NONE;
	/* callbacks may be repeated (-v -v, --param a=1 --param b=2) */
	bool repeat = o->type == OPT_TYPE_CALLBACK;
	const char *lsuffix = !value ? "" : o->implied ? "=-" : "=";
	strbuf_addstr(out, "\t\t");
	if (o->short_name && o->name) {
		if (repeat)
			strbuf_addstr(out, "'*'");
		else
			strbuf_addf(out, "'(-%c --%s)'", o->short_name,
				    o->name);
		strbuf_addf(out, "{-%c%s,--%s%s}'", o->short_name,
			    value ? "+" : "", o->name, lsuffix);
	} else if (o->short_name) {
		strbuf_addf(out, "'%s-%c%s", repeat ? "*" : "", o->short_name,
			    value ? "+" : "");
	} else {
		strbuf_addf(out, "'%s--%s%s", repeat ? "*" : "", o->name,
			    lsuffix);
	}
	strbuf_addch(out, '[');
	zsh_help(out, o);
	strbuf_addch(out, ']');
	if (value) {
		strbuf_addstr(out, o->implied ? "::" : ":");
		for (const char *p = o->arg; *p; p++)
			strbuf_addch(out, *p == ':' ? '-' : *p);
		strbuf_addch(out, ':');
		if (k == VALUE_WORDS) {
			strbuf_addch(out, '(');
			add_choices(out, o);
			strbuf_addch(out, ')');
		} else if (k == VALUE_DIR) {
			strbuf_addstr(out, "_files -/");
		} else if (k == VALUE_FILE) {
			strbuf_addstr(out, "_files");
		} else {
			strbuf_addstr(out, " ");
		}
	}
	strbuf_addstr(out, "' \\\n");
}

static void zsh_command(struct strbuf *out, const struct cmd_info *info,
			const struct opt *opts)
{
	const struct opt all[] = {
		{OPT_INCLUDE(opts)},
		{OPT_INCLUDE(cmd_common_options)},
		{0},
	};
	const struct opt **rows;
	size_t nr = opt_rows(all, &rows);
	strbuf_addf(out, "\t%s)\n\t\t_arguments -s -S \\\n", info->name);
	for (size_t i = 0; i < nr; i++)
		if (shown(rows[i]) && rows[i]->type != OPT_TYPE_GROUP)
			zsh_option(out, rows[i]);
	if (info->arg_words)
		strbuf_addf(out, "\t\t\t'*:argument:(%s)'", info->arg_words);
	else
		strbuf_addstr(out, "\t\t\t'*:file:_files'");
	strbuf_addstr(out, " && ret=0\n\t\t;;\n");
	free(rows);
}

void cmd_doc(const struct cmd_info *info, const struct opt *opts,
	     enum cmd_doc doc, struct strbuf *out)
{
	switch (doc) {
	case CMD_DOC_MAN:
		strbuf_addstr(out, ".SS \"versus ");
		roff_adds(out, info->name);
		strbuf_addch(out, ' ');
		roff_adds(out, info->usage);
		strbuf_addstr(out, "\"\n");
		roff_text(out, info->about);
		roff_options(out, opts);
		if (info->epilogue) {
			strbuf_addstr(out, ".PP\n");
			roff_text(out, info->epilogue);
		}
		break;
	case CMD_DOC_BASH:
		bash_command(out, info, opts);
		break;
	case CMD_DOC_ZSH:
		zsh_command(out, info, opts);
		break;
	case CMD_DOC_NONE:
		break;
	}
}

/* ---- around the commands' parts ---- */

static void man_begin(struct strbuf *out, const struct cmd_entry *cmds,
		      size_t nr)
{
	strbuf_addf(out,
		    ".\\\" versus(1), generated by 'versus --help-man' from "
		    "the tables behind --help.\n"
		    ".TH VERSUS 1 \"\" \"versus %s\" \"User Commands\"\n"
		    ".nh\n"
		    ".SH NAME\n"
		    "versus \\- compare programs across languages, "
		    "measured in a sandbox\n"
		    ".SH SYNOPSIS\n"
		    ".B versus\n"
		    "[\\fB\\-\\-version\\fR] [\\fB\\-\\-help\\fR] "
		    "\\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGS\\fR]\n"
		    ".SH DESCRIPTION\n",
		    VERSUS_VERSION);
	roff_text(out, cmd_versus_about);
	strbuf_addstr(out, ".PP\nCommands:\n");
	for (size_t i = 0; i < nr; i++) {
		strbuf_addstr(out, ".TP\n.B ");
		roff_adds(out, cmds[i].name);
		strbuf_addch(out, '\n');
		roff_adds(out, cmds[i].summary);
		strbuf_addch(out, '\n');
	}
	strbuf_addstr(out, ".SH OPTIONS\n"
			   ".TP\n\\fB\\-V\\fR, \\fB\\-\\-version\\fR\n"
			   "print the version and the commit versus was "
			   "built from\n");
	roff_options(out, cmd_common_options);
	strbuf_addstr(out, ".PP\nThe options above are accepted by every "
			   "command. Long options may be shortened to a "
			   "unique prefix.\n.SH COMMANDS\n");
}

static void man_end(struct strbuf *out)
{
	strbuf_addstr(out, ".SH EXIT STATUS\n");
	roff_text(out, cmd_versus_exit);
	strbuf_addstr(
		out,
		".SH ENVIRONMENT\n"
		".TP\n.B VERSUS_RUNNERS\n"
		"the folder of runner recipes in place of the installed "
		"ones; \\fB\\-\\-runners\\fR adds to it\n"
		".TP\n.B XDG_CACHE_HOME\n"
		"builds go to \\fI$XDG_CACHE_HOME/versus\\fR (else "
		"\\fI~/.cache/versus\\fR) unless "
		"\\fB\\-\\-build\\-root\\fR is given\n"
		".TP\n.B NO_COLOR\n"
		"no colour unless \\fB\\-\\-color=always\\fR\n"
		".SH FILES\n"
		".TP\n.I PREFIX/share/versus/runners/*.yaml\n"
		"the runner recipes, found relative to the program "
		"(\\fIPREFIX/bin/versus\\fR); runners/README.md gives the "
		"order of the places tried, and \\fBversus doctor\\fR says "
		"which one is used\n"
		".SH SEE ALSO\n"
		"README.md, runners/README.md and workloads/README.md in "
		"the sources of versus\n");
}

static void bash_begin(struct strbuf *out, const struct cmd_entry *cmds,
		       size_t nr)
{
	strbuf_addf(out,
		    "# bash completion for versus %s, generated by 'versus "
		    "completions bash'\n"
		    "# from the tables behind --help.\n"
		    "\n"
		    "_versus_words()\n{\n"
		    "\tCOMPREPLY=($(compgen -W \"$1\" -- \"$cur\"))\n}\n"
		    "\n"
		    "_versus_files()\n{\n"
		    "\tcompopt -o filenames 2>/dev/null\n"
		    "\tCOMPREPLY=($(compgen \"$1\" -- \"$cur\"))\n}\n"
		    "\n"
		    "_versus()\n{\n"
		    "\tlocal cur=${COMP_WORDS[COMP_CWORD]}\n"
		    "\tlocal prev=${COMP_WORDS[COMP_CWORD - 1]}\n"
		    "\tlocal cmd= opt=$prev eq= i\n"
		    "\tCOMPREPLY=()\n"
		    "\t# --opt=VALUE: bash splits it at '='\n"
		    "\tif [[ $cur == = ]]; then\n"
		    "\t\tcur= eq=1\n"
		    "\telif [[ $prev == = ]]; then\n"
		    "\t\topt=${COMP_WORDS[COMP_CWORD - 2]} eq=1\n"
		    "\tfi\n"
		    "\tfor ((i = 1; i < COMP_CWORD; i++)); do\n"
		    "\t\tcase ${COMP_WORDS[i]} in\n"
		    "\t\t=) ((i++)) ;;\n"
		    "\t\t-*) ;;\n"
		    "\t\t*) cmd=${COMP_WORDS[i]}; break ;;\n"
		    "\t\tesac\n"
		    "\tdone\n"
		    "\tcase $cmd in\n"
		    "\t'')\n",
		    VERSUS_VERSION);
	const struct opt **rows;
	size_t n = opt_rows(cmd_common_options, &rows);
	bash_values(out, rows, n);
	strbuf_addstr(out, "\t\tif [[ $cur == -* ]]; then\n"
			   "\t\t\t_versus_words '-V --version");
	for (size_t i = 0; i < n; i++) {
		if (!shown(rows[i]))
			continue;
		if (rows[i]->short_name)
			strbuf_addf(out, " -%c", rows[i]->short_name);
		if (rows[i]->name)
			strbuf_addf(out, " --%s", rows[i]->name);
	}
	free(rows);
	strbuf_addstr(out, "'\n\t\telse\n\t\t\t_versus_words '");
	for (size_t i = 0; i < nr; i++)
		strbuf_addf(out, "%s ", cmds[i].name);
	strbuf_addstr(out, "help'\n\t\tfi\n\t\t;;\n\thelp)\n"
			   "\t\t_versus_words '");
	for (size_t i = 0; i < nr; i++)
		strbuf_addf(out, "%s%s", i ? " " : "", cmds[i].name);
	strbuf_addstr(out, "'\n\t\t;;\n");
}

static void zsh_begin(struct strbuf *out, const struct cmd_entry *cmds,
		      size_t nr)
{
	strbuf_addf(out,
		    "#compdef versus\n"
		    "# zsh completion for versus %s, generated by 'versus "
		    "completions zsh'\n"
		    "# from the tables behind --help.\n"
		    "\n"
		    "_versus()\n{\n"
		    "\tlocal curcontext=$curcontext state line ret=1\n"
		    "\ttypeset -A opt_args\n"
		    "\t_arguments -C -S \\\n"
		    "\t\t'(- *)'{-V,--version}'[print the version and the "
		    "commit]' \\\n",
		    VERSUS_VERSION);
	const struct opt **rows;
	size_t n = opt_rows(cmd_common_options, &rows);
	for (size_t i = 0; i < n; i++)
		if (shown(rows[i]))
			zsh_option(out, rows[i]);
	free(rows);
	strbuf_addstr(out, "\t\t'1:command:->command' \\\n"
			   "\t\t'*::argument:->argument' && ret=0\n"
			   "\tcase $state in\n"
			   "\tcommand)\n"
			   "\t\tlocal -a commands\n"
			   "\t\tcommands=(\n");
	for (size_t i = 0; i < nr; i++) {
		strbuf_addf(out, "\t\t\t'%s:", cmds[i].name);
		for (const char *p = cmds[i].summary; *p; p++)
			if (*p == '\'')
				strbuf_addstr(out, "'\\''");
			else
				strbuf_addch(out, *p);
		strbuf_addstr(out, "'\n");
	}
	strbuf_addstr(out, "\t\t\t'help:describe a command'\n"
			   "\t\t)\n"
			   "\t\t_describe -t commands 'versus command' "
			   "commands && ret=0\n"
			   "\t\treturn ret\n"
			   "\t\t;;\n"
			   "\tesac\n"
			   "\tcurcontext=${curcontext%:*:*}:versus-$words[1]:\n"
			   "\tcase $words[1] in\n"
			   "\thelp)\n"
			   "\t\t_arguments '1:command:(");
	for (size_t i = 0; i < nr; i++)
		strbuf_addf(out, "%s%s", i ? " " : "", cmds[i].name);
	strbuf_addstr(out, ")' && ret=0\n\t\t;;\n");
}

void cmd_doc_begin(enum cmd_doc doc, const struct cmd_entry *cmds, size_t nr,
		   struct strbuf *out)
{
	if (doc == CMD_DOC_MAN)
		man_begin(out, cmds, nr);
	else if (doc == CMD_DOC_BASH)
		bash_begin(out, cmds, nr);
	else if (doc == CMD_DOC_ZSH)
		zsh_begin(out, cmds, nr);
}

void cmd_doc_end(enum cmd_doc doc, struct strbuf *out)
{
	if (doc == CMD_DOC_MAN)
		man_end(out);
	else if (doc == CMD_DOC_BASH)
		strbuf_addstr(out, "\tesac\n}\n\ncomplete -F _versus versus\n");
	else if (doc == CMD_DOC_ZSH)
		strbuf_addstr(out,
			      "\tesac\n\treturn ret\n}\n\n_versus \"$@\"\n");
}
