#!/usr/bin/env bash
# Builds the Linux package (dist/certidepot-VERSION-linux-ARCH.tar.xz) with
# the Fyne packaging tool, then installs it in a throw-away home and starts
# it under Xvfb to prove it runs.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=scripts/go
version=$(sed -n 's/^Version = "\(.*\)"/\1/p' FyneApp.toml)
build=${BUILD_NUMBER:-$(sed -n 's/^Build = \([0-9]*\)/\1/p' FyneApp.toml)}
arch=$($GO env GOARCH)
out="dist/certidepot-$version-linux-$arch.tar.xz"

$GO build -trimpath -ldflags "-s -w" -o bin/certidepot ./cmd/certidepot
$GO build -trimpath -ldflags "-s -w" -o bin/certidepot-cli ./cmd/certidepot-cli

work=$(mktemp -d)
# The tool rewrites FyneApp.toml (it bumps Build): put ours back after.
cp FyneApp.toml "$work/FyneApp.toml.orig"
trap 'cp "$work/FyneApp.toml.orig" FyneApp.toml; rm -rf "$work"' EXIT
root=$PWD
$GO build -o bin/fyne fyne.io/tools/cmd/fyne
bin/fyne package --os linux --release --exe "$root/bin/certidepot" \
	--name Certidépôt --icon "$root/assets/icon.png" --app-id fr.certidepot.app \
	--app-version "$version" --app-build "$build" >/dev/null
tarball=$(ls "$root"/Certid*.tar.xz)
mkdir "$work/tree"
tar -xJf "$tarball" -C "$work/tree"
rm -f "$tarball"
pkg="$work/tree/certidepot"
# Add the command-line tool, and name the icon file with its extension
# (the generated Makefile omits it).
install -Dm755 bin/certidepot-cli "$pkg/usr/local/bin/certidepot-cli"
install -Dm644 assets/fr.certidepot.app.metainfo.xml "$pkg/usr/local/share/metainfo/fr.certidepot.app.metainfo.xml"
sed -i -e 's/^Icon := "fr.certidepot.app"$/Icon := "fr.certidepot.app.png"/' \
	-e 's|^\(\s*\)install -Dm00755 usr/local/bin/$(Exec) \(.*\)/$(Exec)$|&\n\1install -Dm00755 usr/local/bin/certidepot-cli \2/certidepot-cli|' \
	-e 's|^\(\s*\)-rm \(.*\)/bin/$(Exec)$|&\n\1-rm \2/bin/certidepot-cli|' "$pkg/Makefile"
# AppStream metadata for software centres (system install only).
sed -i -e 's|^\(\s*\)install -Dm00644 usr/local/share/pixmaps/$(Icon) $(DESTDIR)$(PREFIX)/share/pixmaps/$(Icon)$|&\n\1install -Dm00644 usr/local/share/metainfo/$(AppID).metainfo.xml $(DESTDIR)$(PREFIX)/share/metainfo/$(AppID).metainfo.xml|' "$pkg/Makefile"
mkdir -p dist
tar -cJf "$out" -C "$work/tree" certidepot
echo "Paquet : $out ($(du -h "$out" | cut -f1))"

# Smoke test: install for a throw-away user and start under Xvfb.
home="$work/home"
make -s -C "$pkg" user-install HOME="$home" >/dev/null
"$home/.local/bin/certidepot-cli" version
"$home/.local/bin/certidepot-cli" exemple "$work/exemple.certidepot" >/dev/null
GALLIUM_DRIVER=softpipe HOME="$home" xvfb-run -a -s '-screen 0 1280x800x24' \
	"$home/.local/bin/certidepot" --capture "$work/start.png" "$work/exemple.certidepot" 2>/dev/null || true # an X error may come as it quits
test -s "$work/start.png"
test -f "$home/.local/share/icons/fr.certidepot.app.png"
grep -q "Exec=$home/.local/bin/certidepot" "$home/.local/share/applications/fr.certidepot.app.desktop"
"$home/.local/bin/certidepot" --version | grep -q "Certidépôt $version"
make -s -C "$pkg" install DESTDIR="$work/root" PREFIX=/usr >/dev/null
test -f "$work/root/usr/share/metainfo/fr.certidepot.app.metainfo.xml"
test -x "$work/root/usr/bin/certidepot-cli"
echo "Installé et démarré sous Xvfb : OK"
