#!/usr/bin/env bash
# Builds a static libxml2 for Windows x86-64 with the MinGW-w64 cross
# compiler, from Debian's own source package of the libxml2 Debian ships
# (upstream 2.9.14 plus Debian's security fixes), pinned by version and
# SHA-256. Debian has no MinGW build of libxml2, hence this.
#
# Prints the install prefix on stdout (its lib/pkgconfig holds
# libxml-2.0.pc). The result is cached by version and build options, so a
# second run costs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_VERSION="2.9.14+dfsg-1.3~deb12u6"
# SHA-256 of the three files of the source package (.dsc, upstream
# tarball, Debian changes). apt checks them against Debian's signed index
# too; checking them here pins what is built, whatever the mirror says.
declare -A SHA256=(
	["libxml2_2.9.14+dfsg-1.3~deb12u6.dsc"]=d86ce3efb1b75d2781f72f5cdd187474c148a915d610295c85162681bb070a65
	["libxml2_2.9.14+dfsg.orig.tar.xz"]=4fe913dec8b1ab89d13b489b419a8203176ea39e931eaa0d25b17eafb9c279e9
	["libxml2_2.9.14+dfsg-1.3~deb12u6.debian.tar.xz"]=f33a99a0018cbb94aadc3bf26661e401cb90dff856aa170faf7239151ee9b9ac
)
HOST=x86_64-w64-mingw32
# Only what Certidépôt uses: parsing, XSD validation. No network (http,
# ftp), no catalogs, no compression, no iconv or ICU (MinGW has neither:
# libxml2 then reads UTF-8, UTF-16 and the ISO-8859 family itself).
# Threads stay on (native Win32 threads): validation runs from goroutines,
# which move between OS threads, so libxml2's error state must be per thread.
CONFIGURE_FLAGS=(--host=$HOST --enable-static --disable-shared --without-python --without-iconv
	--without-lzma --without-zlib --without-http --without-ftp --without-icu --without-catalog
	--without-debug --without-modules --without-readline --without-history)

cache=${CERTIDEPOT_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/certidepot}
key=$(printf '%s\n' "$DEB_VERSION" "${CONFIGURE_FLAGS[@]}" "$($HOST-gcc -dumpversion)" | sha256sum | cut -c1-12)
prefix="$cache/libxml2-$DEB_VERSION-mingw64-$key"
if [ -f "$prefix/lib/libxml2.a" ] && [ -f "$prefix/lib/pkgconfig/libxml-2.0.pc" ]; then
	echo "$prefix"
	exit 0
fi

command -v $HOST-gcc >/dev/null || { echo "$HOST-gcc introuvable : lancez « scripts/install-deps.sh windows »." >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dl="$cache/sources"
mkdir -p "$dl"

have_sources() {
	local f
	for f in "${!SHA256[@]}"; do
		[ -f "$dl/$f" ] && [ "$(sha256sum "$dl/$f" | cut -d' ' -f1)" = "${SHA256[$f]}" ] || return 1
	done
}

if ! have_sources; then
	# A private apt configuration with Debian's deb-src entries, so the
	# system's sources stay untouched. Debian's keyring checks the index.
	mkdir -p "$work/apt/lists/partial"
	cat >"$work/apt/sources.list" <<-EOF
		deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian bookworm main
		deb-src [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian-security bookworm-security main
	EOF
	apto=(-o "Dir::Etc::SourceList=$work/apt/sources.list" -o Dir::Etc::SourceParts=/dev/null
		-o "Dir::State::Lists=$work/apt/lists" -o Debug::NoDropPrivs=true -o APT::Sandbox::User=root)
	apt-get "${apto[@]}" -qq update >&2
	if ! (cd "$dl" && apt-get "${apto[@]}" -qq source --download-only "libxml2=$DEB_VERSION" >&2); then
		echo "Le paquet source libxml2 $DEB_VERSION n'est plus proposé par Debian : mettez à jour DEB_VERSION et les empreintes dans $0." >&2
		exit 1
	fi
	for f in "${!SHA256[@]}"; do
		got=$(sha256sum "$dl/$f" | cut -d' ' -f1)
		if [ "$got" != "${SHA256[$f]}" ]; then
			echo "Empreinte inattendue pour $f : $got" >&2
			exit 1
		fi
	done
fi

echo "Compilation de libxml2 $DEB_VERSION pour Windows (environ une minute)…" >&2
dpkg-source --no-check -x "$dl/libxml2_$DEB_VERSION.dsc" "$work/src" >/dev/null
cd "$work/src"
# Two Debian patches touch Makefile.am; the shipped configure and
# Makefile.in are right for what we build, so mark them newer rather than
# needing automake.
touch aclocal.m4
sleep 1
touch configure Makefile.in ./*/Makefile.in config.h.in
./configure --prefix="$prefix" "${CONFIGURE_FLAGS[@]}" >"$work/configure.log" 2>&1 ||
	{ tail -30 "$work/configure.log" >&2; exit 1; }
make -j"$(nproc)" libxml2.la >"$work/make.log" 2>&1 || { tail -30 "$work/make.log" >&2; exit 1; }
rm -rf "$prefix"
make install-libLTLIBRARIES install-data >"$work/install.log" 2>&1 || { tail -30 "$work/install.log" >&2; exit 1; }
mkdir -p "$prefix/lib/pkgconfig" "$prefix/share/licenses/libxml2"
cp libxml-2.0.pc "$prefix/lib/pkgconfig/"
cp Copyright "$prefix/share/licenses/libxml2/Copyright"
echo "$prefix"
