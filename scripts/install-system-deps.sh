#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages that the course's tests need:
#  - python3-venv, to build the project's JupyterLab 4 environment (.venv/, `npm run jupyter:setup`);
#  - Debian's classic notebook and nbconvert 6.5 (the classic-notebook browser test, the book's export);
#  - Chromium to check the HTML book and drive the end-to-end browser test;
#  - rdkit-data for the NCI SMILES/TPSA data set of chapter 2;
#  - util-linux (prlimit) and zip for the grader.
# Skips the install when everything is present already. Needs root (or sudo).
set -euo pipefail
packages=(python3-venv jupyter-notebook libjs-mathjax jupyter-nbconvert python3-nbclient jupyter-client chromium rdkit-data util-linux zip)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-system-deps: all system packages present"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-system-deps: missing ${missing[*]} and apt-get is not available; install the equivalents by hand" >&2
  exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-system-deps: run as root or install sudo (missing: ${missing[*]})" >&2; exit 1; }
  sudo="sudo"
fi
echo "install-system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
