#!/usr/bin/env bash
# Builds the Windows x86-64 package from this Debian machine with the
# MinGW-w64 cross compiler:
#   dist/certidepot-VERSION-windows-amd64.zip               (Certidépôt.exe, certidepot-cli.exe, LISEZMOI.txt, licences/)
#   dist/certidepot-VERSION-windows-amd64-installation.exe  (NSIS installer)
# then proves that they run under Wine (scripts/windows-wine-check.sh).
# WINDOWS_SKIP_WINE=1 skips that proof.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
GO=scripts/go

scripts/install-deps.sh windows
version=$(sed -n 's/^Version = "\(.*\)"/\1/p' FyneApp.toml)
build=${BUILD_NUMBER:-$(sed -n 's/^Build = \([0-9]*\)/\1/p' FyneApp.toml)}
if [ "$version" != "$(sed -n 's/^const AppVersion = "\(.*\)"/\1/p' core/version.go)" ]; then
	echo "FyneApp.toml et core/version.go ne donnent pas la même version." >&2
	exit 1
fi
name="certidepot-$version-windows-amd64"
start=$(date +%s)

work=$(mktemp -d)
sysos=(cmd/certidepot/rsrc_windows_amd64.syso cmd/certidepot-cli/rsrc_windows_amd64.syso)
trap 'rm -rf "$work" "${sysos[@]}"' EXIT

# Host tools first, before the environment says Windows.
$GO build -o bin/wintool ./scripts/wintool
xml2=$(scripts/windows-libxml2.sh)

# Icon, version information and manifest, linked into each program.
bin/wintool syso -o "${sysos[0]}" -exe "Certidépôt.exe" -description "Certidépôt" \
	-version "$version" -build "$build" -icon assets/icon.png
bin/wintool syso -o "${sysos[1]}" -exe "certidepot-cli.exe" -description "Certidépôt (ligne de commande)" \
	-version "$version" -build "$build" -icon assets/icon.png
bin/wintool ico -o "$work/certidepot.ico" -icon assets/icon.png

export CGO_ENABLED=1 GOOS=windows GOARCH=amd64 CC=x86_64-w64-mingw32-gcc \
	PKG_CONFIG_LIBDIR="$xml2/lib/pkgconfig"
# libxml2 is linked statically and MinGW's runtime pieces are static by
# default: the programs need only DLLs that every Windows has (checked below).
ldflags="-s -w"
pkg="$work/Certidépôt"
mkdir -p "$pkg/licences"
echo "Compilation pour Windows (la première fois : 6 minutes ou plus)…"
t0=$(date +%s)
$GO build -trimpath -ldflags "$ldflags -H=windowsgui" -o "$pkg/Certidépôt.exe" ./cmd/certidepot
$GO build -trimpath -ldflags "$ldflags" -o "$pkg/certidepot-cli.exe" ./cmd/certidepot-cli
echo "Compilé en $(($(date +%s) - t0)) s."
rm -f "${sysos[@]}"

# Only system DLLs: check, since a missing DLL only shows on the user's PC.
for exe in "$pkg"/*.exe; do
	dlls=$(x86_64-w64-mingw32-objdump -p "$exe" | sed -n 's/^\s*DLL Name: //p' | tr 'A-Z' 'a-z' | sort -u | tr '\n' ' ')
	for d in $dlls; do
		case "$d" in
		kernel32.dll | user32.dll | gdi32.dll | shell32.dll | opengl32.dll | msvcrt.dll | advapi32.dll | ws2_32.dll | ole32.dll | winmm.dll | ntdll.dll) ;;
		*) echo "$(basename "$exe") a besoin de $d, absent d'un Windows ordinaire." >&2; exit 1 ;;
		esac
	done
	echo "$(basename "$exe") : $(du -h "$exe" | cut -f1), DLL : $dlls"
done

# LISEZMOI.txt with Windows line ends and a BOM, so that every Notepad
# shows the accents.
{
	printf '\xef\xbb\xbf'
	sed -e "s/@VERSION@/$version/g" -e 's/$/\r/' assets/windows/LISEZMOI.txt
} >"$pkg/LISEZMOI.txt"

# Licences of everything linked into the programs.
lic="$pkg/licences"
index="$lic/COMPOSANTS.txt"
crlf() { sed 's/\r*$/\r/' "$1" >"$2"; }
{
	printf '\xef\xbb\xbf'
	printf 'Composants inclus dans Certidépôt %s pour Windows, et fichier de leur licence.\r\n\r\n' "$version"
} >"$index"
addlic() { # name, version, licence file(s)...
	local n=$1 v=$2 out
	shift 2
	out="$lic/$(echo "$n" | tr '/' '_').txt"
	: >"$out.tmp"
	for f in "$@"; do
		cat "$f" >>"$out.tmp"
		printf '\n\n' >>"$out.tmp"
	done
	crlf "$out.tmp" "$out"
	rm "$out.tmp"
	printf '%s %s : licences/%s\r\n' "$n" "$v" "$(basename "$out")" >>"$index"
}
addlic "libxml2" "2.9.14 (paquet source Debian 2.9.14+dfsg-1.3~deb12u6)" "$xml2/share/licenses/libxml2/Copyright"
addlic "Go" "$($GO env GOVERSION)" "$($GO env GOROOT)/LICENSE"
addlic "MinGW-w64" "(bibliothèques d'exécution)" /usr/share/doc/mingw-w64-x86-64-dev/copyright
addlic "GCC" "(libgcc, exception de bibliothèque d'exécution)" /usr/share/doc/gcc-mingw-w64-base/copyright
while read -r path ver dir; do
	files=()
	for f in "$dir"/* "$dir"/glfw/LICENSE.md; do
		case "$(basename "$f" | tr 'a-z' 'A-Z')" in
		LICENSE* | LICENCE* | COPYING* | NOTICE*) [ -f "$f" ] && files+=("$f") ;;
		esac
	done
	if [ ${#files[@]} -eq 0 ]; then
		echo "Pas de fichier de licence pour $path $ver." >&2
		exit 1
	fi
	addlic "$path" "$ver" "${files[@]}"
done < <($GO list -deps -f '{{with .Module}}{{if not .Main}}{{.Path}} {{.Version}} {{.Dir}}{{end}}{{end}}' \
	./cmd/certidepot ./cmd/certidepot-cli | sort -u)
printf '\r\nDonnées embarquées : Insee, Code officiel géographique 2026 (Licence Ouverte / Open Licence 2.0) ; La Poste, base officielle des codes postaux (2024), Open Database License (ODbL).\r\n' >>"$index"

mkdir -p dist
rm -f "dist/$name.zip" "dist/$name-installation.exe"
bin/wintool zip -o "dist/$name.zip" -root "Certidépôt" "$pkg"
echo "Archive : dist/$name.zip ($(du -h "dist/$name.zip" | cut -f1))"

IFS=. read -r v1 v2 v3 <<<"$version"
makensis -V2 -INPUTCHARSET UTF8 -DVERSION="$version" -DVERSION4="$v1.$v2.$v3.$build" -DSRCDIR="$pkg" \
	-DOUTFILE="$root/dist/$name-installation.exe" -DICON="$work/certidepot.ico" assets/windows/certidepot.nsi >"$work/nsis.log" ||
	{ cat "$work/nsis.log" >&2; exit 1; }
echo "Installateur : dist/$name-installation.exe ($(du -h "dist/$name-installation.exe" | cut -f1))"
echo "Paquet Windows fait en $(($(date +%s) - start)) s."

if [ "${WINDOWS_SKIP_WINE:-}" != 1 ]; then
	env -u GOOS -u GOARCH -u CGO_ENABLED -u CC -u PKG_CONFIG_LIBDIR \
		scripts/windows-wine-check.sh "dist/$name.zip" "dist/$name-installation.exe"
fi
