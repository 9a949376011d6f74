#!/usr/bin/env bash
# Installs what the project needs on a Debian 12 machine; safe and quick to run again.
#
#   scripts/setup.sh [--system] [--demo] [--python] [--test]
#     --system  Debian packages the test suite needs (Dovecot, PostgreSQL, python3-venv).
#               Their system services are kept stopped: the tests start private instances.
#     --demo    only what the demo's archival PDFs need (LibreOffice Writer, python3-uno,
#               Chromium, fontconfig); where it cannot install them (not root, no apt) it
#               says the one command that does, and the demo runs without the PDFs
#     --python  the virtualenv at ./.venv with the project installed (pip install -e .)
#     --test    with --python: also the test extras (pip install -e '.[test]')
#
# Environment: PYTHON (interpreter for the venv, default python3, must be >= 3.11),
#              VENV (default ./.venv).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

VENV="${VENV:-$ROOT/.venv}"
APT_PACKAGES=(python3-venv dovecot-imapd postgresql spamd fontconfig libreoffice-core-nogui libreoffice-writer-nogui libreoffice-calc-nogui libreoffice-impress-nogui python3-uno chromium tesseract-ocr tesseract-ocr-tha fonts-tlwg-garuda-ttf poppler-utils)
# the demo mailbox holds .docx, HTML and images: Writer and Chromium make all its PDFs
# (intake/cli/demo.py names the same list when they are missing; a unit test compares them)
DEMO_PACKAGES=(fontconfig libreoffice-core-nogui libreoffice-writer-nogui python3-uno chromium)
SERVICES=(dovecot postgresql)
export DEBIAN_FRONTEND=noninteractive

want_system=0 want_demo=0 want_python=0 want_test=0
for arg in "$@"; do
  case "$arg" in
    --system) want_system=1 ;;
    --demo) want_demo=1 ;;
    --python) want_python=1 ;;
    --test) want_test=1 ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done
if (( ! want_system && ! want_demo && ! want_python )); then want_system=1 want_python=1; fi

say() { echo "setup: $*" >&2; }

as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"
  elif command -v sudo >/dev/null; then sudo -n "$@"
  else say "need root to run: $*"; return 1
  fi
}

missing_packages() {
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null | grep -q '^install ok installed$' \
      || echo "$pkg"
  done
}

apt_updated=0
apt_install() {
  # Packages' maintainer scripts must not start their system services (we run our own
  # instances on free ports); a temporary policy-rc.d says so, unless one is there already.
  local policy=/usr/sbin/policy-rc.d made_policy=0 rc=0
  if [[ ! -e $policy ]]; then
    as_root sh -c "printf '#!/bin/sh\nexit 101\n' > $policy && chmod 755 $policy"
    made_policy=1
  fi
  # apt-get update only when needed: when the install fails on missing or stale lists.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
      "$@" </dev/null || rc=$?
  if (( rc != 0 && ! apt_updated )); then
    say "apt-get install failed; running apt-get update once and retrying"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
    apt_updated=1 rc=0
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        "$@" </dev/null || rc=$?
  fi
  if (( made_policy )); then as_root rm -f "$policy"; fi
  return $rc
}

stop_services() {
  local svc
  for svc in "${SERVICES[@]}"; do
    if [[ -d /run/systemd/system ]]; then
      as_root systemctl disable --now "$svc" >/dev/null 2>&1 || true
    elif command -v service >/dev/null; then
      as_root service "$svc" stop >/dev/null 2>&1 || true
    fi
  done
}

setup_system() {
  local missing
  missing=$(missing_packages "${APT_PACKAGES[@]}")
  if [[ -z $missing ]]; then return 0; fi
  # shellcheck disable=SC2086  # one package name per word
  say "installing Debian packages:" $missing
  # shellcheck disable=SC2086
  apt_install $missing >&2
  stop_services
}

setup_demo() {
  local missing
  missing=$(missing_packages "${DEMO_PACKAGES[@]}")
  if [[ -z $missing ]]; then return 0; fi
  # shellcheck disable=SC2086
  say "installing what the demo's archival PDFs need:" $missing
  # shellcheck disable=SC2086
  if ! apt_install $missing >&2; then
    # shellcheck disable=SC2086
    say "could not install them; the demo runs without archival PDFs. As root:" \
        "apt-get install -y --no-install-recommends" $missing
  fi
}

pick_python() {
  local candidate
  for candidate in "${PYTHON:-}" python3 python3.11 python3.12 python3.13; do
    [[ -n $candidate ]] || continue
    command -v "$candidate" >/dev/null || continue
    if "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  say "no Python >= 3.11 found (set PYTHON=/path/to/python3.11)"; return 1
}

venv_works() {
  [[ -x $VENV/bin/python ]] && "$VENV/bin/python" -c 'import pip' >/dev/null 2>&1
}

make_venv() {
  local python
  python=$(pick_python)
  say "creating virtualenv $VENV with $python"
  rm -rf "$VENV"
  if ! "$python" -m venv "$VENV" >/dev/null 2>&1; then
    # Debian's python3 ships venv without ensurepip until python3-venv is installed.
    rm -rf "$VENV"
    local version
    version=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
    say "python -m venv failed; installing python3-venv"
    apt_install python3-venv "python$version-venv" >&2
    "$python" -m venv "$VENV"
  fi
}

setup_python() {
  local extras="" key stamp
  (( want_test )) && extras="[test]"
  # Reinstall only when what decides the install changed: pyproject.toml, the Debian package
  # list (system libraries), or the interpreter. A test install also serves a plain one.
  venv_works || make_venv
  key=$({ cat pyproject.toml; echo "apt=${APT_PACKAGES[*]}";
          "$VENV/bin/python" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1)
  stamp="$VENV/.intake-setup${extras:+-test}"
  if [[ -f $stamp && $(cat "$stamp") == "$key" ]]; then return 0; fi
  say "installing the project into $VENV (pip install -e .$extras)"
  # pip's (and setuptools') chatter goes to a log, shown only when the install fails.
  if ! PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
      "$VENV/bin/python" -m pip install -e ".$extras" >"$VENV/pip-install.log" 2>&1; then
    tail -n 60 "$VENV/pip-install.log" >&2
    say "pip install failed (full log: $VENV/pip-install.log)"
    return 1
  fi
  echo "$key" > "$VENV/.intake-setup"
  if [[ -n $extras ]]; then echo "$key" > "$VENV/.intake-setup-test"; fi
}

if (( want_system )); then setup_system; fi
if (( want_demo && ! want_system )); then setup_demo; fi
if (( want_python )); then setup_python; fi
