#!/bin/sh
# Create the project's virtual environment with Python 3.11.
# On a fresh Debian machine `python3 -m venv` needs the python3-venv package: install it when root.
set -eu
VENV="${1:-.venv}"

find_python() {
    for candidate in python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

PY=$(find_python) || { echo "error: Python 3.11 is required (python3.11 or python3 on PATH)" >&2; exit 1; }

if ! "$PY" -m venv "$VENV" 2>/dev/null; then
    rm -rf "$VENV"
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        apt-get update -q && apt-get install -y -q python3-venv python3.11-venv
        "$PY" -m venv "$VENV"
    else
        echo "error: '$PY -m venv' failed; install python3.11-venv (Debian) and retry" >&2
        exit 1
    fi
fi
"$VENV/bin/python" -m pip install -q --upgrade pip
