#!/usr/bin/env bash
# Runs the real application under Xvfb on an example dossier and saves
# one PNG per main screen into $SCREENSHOTS_DIR (default docs/screenshots).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${SCREENSHOTS_DIR:-docs/screenshots}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin/certidepot-cli exemple "$work/exemple.certidepot" >/dev/null
bin/certidepot-cli export "$work/exemple.certidepot" -o "$work/depot-novembre.xml" >/dev/null
bin/certidepot-cli exemple "$work/a-corriger.certidepot" >/dev/null
i=1
for screen in accueil passages a-completer fiche organisme a-propos; do
	dossier="$work/a-corriger.certidepot"
	[ "$screen" = organisme ] && dossier="$work/exemple.certidepot"
	file="$out/$(printf '%02d' $i)-$screen.png"
	# Xvfb may report an X error as the app quits: the capture is what counts.
	GALLIUM_DRIVER=softpipe xvfb-run -a -s '-screen 0 1280x860x24' \
		bin/certidepot --ecran "$screen" --capture "$file" "$dossier" 2>/dev/null || true
	test -s "$file" || { echo "capture manquante : $file" >&2; exit 1; }
	echo "$file"
	i=$((i + 1))
done
