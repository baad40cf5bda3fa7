#!/usr/bin/env bash
# Installs what Certidépôt needs to build, run and test on Debian or Ubuntu:
# the system packages (C compiler, libxml2, the X11/Wayland/GL headers Fyne
# needs, Xvfb) and, when missing, a Go toolchain recent enough for go.mod.
# Safe to run again: it installs only what is missing.
#   install-deps.sh                 to build, run and test on Linux
#   install-deps.sh windows-build   also the MinGW-w64 cross compiler and what
#                                   building libxml2 from Debian's source needs
#   install-deps.sh windows         also Wine and NSIS, for make package-windows
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(gcc libc6-dev pkg-config git ca-certificates
	libgl1-mesa-dev libx11-dev libxcursor-dev libxrandr-dev libxinerama-dev libxi-dev libxxf86vm-dev libxext-dev
	libwayland-dev libxkbcommon-dev libxml2-dev libxml2-utils xvfb xauth time bc)
case "${1:-}" in
"") ;;
windows-build | windows)
	packages+=(gcc-mingw-w64-x86-64 binutils-mingw-w64-x86-64 dpkg-dev xz-utils patch make debian-archive-keyring)
	if [ "$1" = windows ]; then packages+=(wine64 nsis unzip); fi
	;;
*) echo "usage : $0 [windows-build|windows]" >&2; exit 2 ;;
esac

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi

apt_install() {
	if ! command -v apt-get >/dev/null; then
		echo "Ce système n'a pas apt-get : installez vous-même $*" >&2
		exit 1
	fi
	echo "Installation de : $*"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi

# Go: go.mod needs a recent toolchain. When the one on PATH is too old (or
# absent), fetch the official toolchain module with whatever Go is at hand
# (Debian's golang-go will do) and unpack it under ~/.local/certidepot-go.
if scripts/go version >/dev/null 2>&1; then
	exit 0
fi
if ! command -v go >/dev/null && [ ! -x /usr/local/go/bin/go ]; then
	apt_install golang-go
fi
boot=$(command -v go || echo /usr/local/go/bin/go)
version=$(awk '/^go /{print $2; exit}' go.mod)
case "$(uname -m)" in
	x86_64) arch=amd64 ;;
	aarch64 | arm64) arch=arm64 ;;
	*) echo "Architecture $(uname -m) non prévue : installez Go $version vous-même." >&2; exit 1 ;;
esac
echo "Installation de Go $version dans $HOME/.local/certidepot-go"
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
dir=$(cd "$tmp" && GOPATH="$tmp/gopath" GOFLAGS=-mod=mod GO111MODULE=on GOTOOLCHAIN=local \
	"$boot" mod download -json "golang.org/toolchain@v0.0.1-go$version.linux-$arch" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')
if [ -z "$dir" ] || [ ! -f "$dir/bin/go" ]; then
	echo "Téléchargement de Go $version impossible : installez Go $version vous-même depuis le site officiel de Go." >&2
	exit 1
fi
rm -rf "$HOME/.local/certidepot-go"
mkdir -p "$HOME/.local"
cp -r "$dir" "$HOME/.local/certidepot-go"
chmod -R u+w "$HOME/.local/certidepot-go"
chmod +x "$HOME/.local/certidepot-go/bin/"* "$HOME/.local/certidepot-go/pkg/tool/"*/*
scripts/go version
