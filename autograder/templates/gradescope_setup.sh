#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image.
#
# It leaves the system python3 alone (Gradescope's own harness runs on it), makes a
# virtualenv for the grader, installs the pinned requirements into it, puts the kit on its
# path, then lets the kit check the course, draw every check's examples once, and lock the
# answers (solutions/) away from student code, which runs as an unprivileged uid.
#
# Settings (environment variables, all optional):
#   AUTOGRADER_GRADESCOPE_ROOT  the folder Gradescope calls /autograder (default /autograder)
#   AUTOGRADER_PYTHON           the interpreter the virtualenv is made from (default python3)
#   AUTOGRADER_OFFLINE=1        use no package index: the pinned requirements must already be
#                               importable in the virtualenv (the kit's tests, mirrors)
set -euo pipefail

ROOT="${AUTOGRADER_GRADESCOPE_ROOT:-/autograder}"
SOURCE="$ROOT/source"
VENV="$ROOT/venv"
PYTHON="${AUTOGRADER_PYTHON:-python3}"
PIP_OPTIONS=(--disable-pip-version-check --quiet)
if [ "${AUTOGRADER_OFFLINE:-0}" = 1 ]; then
    PIP_OPTIONS+=(--no-index)
fi

apt_install() {
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "setup.sh: $* is missing and there is no apt-get to install it;" \
             "choose Gradescope's Ubuntu 22.04 (or newer) base image" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

command -v "$PYTHON" >/dev/null 2>&1 || apt_install python3
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
    echo "setup.sh: the grader needs Python 3.10 or newer, and $PYTHON is" \
         "$("$PYTHON" -V 2>&1); choose Gradescope's Ubuntu 22.04 (or newer) base image" >&2
    exit 1
fi

# A virtualenv, never the system python3: PEP 668 (Debian 12, Ubuntu 23.04+) refuses
# system-wide pip installs, and replacing Gradescope's python3 breaks its harness.
if [ ! -x "$VENV/bin/python" ]; then
    if ! "$PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
        # Debian and Ubuntu ship venv's pip bootstrap (ensurepip) as a separate package.
        rm -rf "$VENV"
        apt_install "python$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')-venv"
        "$PYTHON" -m venv "$VENV"
    fi
fi

"$VENV/bin/python" -m pip install "${PIP_OPTIONS[@]}" -r "$SOURCE/requirements.txt"

# The kit is pure Python: a .pth file puts source/kit on the virtualenv's path (as an editable
# install does), so no build step or download is needed and the code that runs is the zip's.
SITE="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_path("purelib"))')"
echo "$SOURCE/kit" > "$SITE/autograder-kit.pth"

# Load the course (a broken course fails the build here, not a student's run), draw every
# check's examples once, and set permissions: all readable but solutions/ (root only).
"$VENV/bin/python" -I -m autograder.platforms.gradescope prepare --root "$ROOT"
# Gradescope copies run_autograder to $ROOT; a zip tool may have dropped its x bit.
chmod 755 "$SOURCE/run_autograder"
if [ -f "$ROOT/run_autograder" ]; then chmod 755 "$ROOT/run_autograder"; fi
