#!/usr/bin/env bash
# Installs, with apt, everything versus needs to build and test, plus the
# language toolchains Debian provides that are not already on PATH.
# Idempotent: prints nothing and installs nothing when all is present.
# Usage: scripts/install-deps.sh [--no-toolchains] [--no-browser] [--no-slurm]
set -euo pipefail

toolchains=1
browser=1
slurm=1
for arg in "$@"; do
	case "$arg" in
	--no-toolchains) toolchains=0 ;;
	--no-browser) browser=0 ;;
	--no-slurm) slurm=0 ;;
	-h | --help)
		sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'
		exit 0
		;;
	*)
		echo "install-deps.sh: unknown option '$arg'" >&2
		exit 2
		;;
	esac
done

sudo=""
if [ "$(id -u)" -ne 0 ]; then
	command -v sudo >/dev/null || {
		echo "install-deps.sh: not root and no sudo" >&2
		exit 1
	}
	sudo="sudo"
fi

# Build and test dependencies: always from apt (man-db, groff-base, zsh
# and bash-completion: tests/cli/install.sh renders the man page and loads
# the completions; python3-prometheus-client: tests/cli/history.sh reads
# the OpenMetrics export with its parser).
want=(build-essential cmake ninja-build pkg-config libyaml-dev libjansson-dev
	libseccomp-dev libcgroup-dev libsystemd-dev libxxhash-dev libsqlite3-dev check libsubunit-dev clang
	clang-format python3 python3-prometheus-client strace man-db groff-base
	zsh bash-completion)
# tests/cli/slurm.sh starts a private single-node Slurm from these
# (tests/ci/slurm-lib.sh); with systemd, Debian also enables the system's
# munge and Slurm services, which stay idle without /etc/slurm/slurm.conf.
# --no-slurm leaves them out (the Slurm test then skips).
[ "$slurm" -eq 0 ] || want+=(slurm-wlm munge)
# Nice to have: libFuzzer's runtime (cmake -DVERSUS_FUZZ=ON), a browser
# for the HTML report test (skipped without one), and hyperfine for
# tests/bench/hyperfine_compare.sh. A failure here warns.
optional=(libclang-rt-dev)
command -v hyperfine >/dev/null || optional+=(hyperfine)

# Toolchains: only when the command is missing, so a newer toolchain the
# user installed (rustup, /usr/local/go, a pyenv Python) is left alone.
if [ "$toolchains" -eq 1 ]; then
	command -v g++ >/dev/null || want+=(g++)
	command -v pypy3 >/dev/null || want+=(pypy3)
	command -v go >/dev/null || want+=(golang-go)
	command -v javac >/dev/null || want+=(default-jdk-headless)
	command -v node >/dev/null || want+=(nodejs)
	command -v rustc >/dev/null || want+=(rustc)
fi
if [ "$browser" -eq 1 ]; then
	command -v chromium >/dev/null || optional+=(chromium)
fi

not_installed() {
	for pkg in "$@"; do
		status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
		[ "$status" = "install ok installed" ] || echo "$pkg"
	done
}
mapfile -t missing < <(not_installed "${want[@]}")
mapfile -t missing_optional < <(not_installed "${optional[@]}")
[ "${#missing[@]}" -eq 0 ] && [ "${#missing_optional[@]}" -eq 0 ] && exit 0

export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
if [ "${#missing[@]}" -gt 0 ]; then
	echo "install-deps.sh: installing ${missing[*]}"
	$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# One at a time: a package a distribution lacks must not stop the others.
for pkg in "${missing_optional[@]}"; do
	echo "install-deps.sh: installing $pkg (optional)"
	$sudo apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null ||
		echo "install-deps.sh: warning: could not install $pkg; the fuzz build, the browser test or the hyperfine comparison will be unavailable" >&2
done
