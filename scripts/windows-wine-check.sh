#!/usr/bin/env bash
# Proves that the Windows package runs, under Wine (Debian's wine64) in a
# throw-away Windows profile named Hélène:
#   windows-wine-check.sh dist/certidepot-V-windows-amd64.zip [dist/…-installation.exe]
# - the command line on the example dossier (version, exemple, check,
#   export, validate, sauvegardes, restaurer, import of a list), with exit
#   codes and French messages, in C:\Users\Hélène\Documents\Dépôts 2026\,
#   with Windows line ends and a Windows-1252 list whose name has
#   Windows-1252 characters (– œ €);
# - the window under Xvfb, whose capture is kept in bin/windows-capture.png,
#   and its recent dossiers in %APPDATA%\Certidépôt;
# - the installer: files, Start-menu entry, .certidepot association (the
#   app opened by Windows' "start" on a dossier), then the uninstaller.
set -euo pipefail
cd "$(dirname "$0")/.."
zip=$1
installer=${2:-}
version=$(sed -n 's/^Version = "\(.*\)"/\1/p' FyneApp.toml)

wine=$(command -v wine64 || command -v wine || echo /usr/lib/wine/wine64)
wineserver=$(command -v wineserver || echo /usr/lib/wine/wineserver64)
[ -x "$wine" ] || { echo "Wine introuvable : lancez « scripts/install-deps.sh windows »." >&2; exit 1; }

t=$(mktemp -d)
cleanup() {
	"$wineserver" -w 2>/dev/null || true # wait for this prefix's Wine to end
	rm -rf "$t"
}
trap cleanup EXIT
mkdir -p "$t/home"
# Wine takes the Windows user name from USER, and file names through the
# locale's character set: both fixed here.
export HOME="$t/home" USER=Hélène LOGNAME=Hélène LC_ALL=C.UTF-8 WINEPREFIX="$t/prefix" WINEDEBUG=-all \
	WINEDLLOVERRIDES="mscoree,mshtml="
unset DISPLAY WAYLAND_DISPLAY
checks=0
ok() { checks=$((checks + 1)); echo "  ok : $*"; }
fail() {
	echo "ÉCHEC : $*" >&2
	for f in "$t/out" "$t/err"; do [ -s "$f" ] && sed 's/^/    /' "$f" >&2; done
	exit 1
}

start=$(date +%s)
"$wine" wineboot -i >/dev/null 2>&1
x86_64-w64-mingw32-gcc -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
	scripts/windows-test-bcryptprimitives.c -ladvapi32
profile="$WINEPREFIX/drive_c/users/Hélène"
[ -d "$profile" ] || fail "profil Windows « Hélène » absent"
echo "Wine $("$wine" --version 2>/dev/null) prêt en $(($(date +%s) - start)) s ; profil C:\\Users\\Hélène."

# The archive, extracted as a user would, on the Desktop.
desk="$profile/Desktop"
rm -f "$desk"
mkdir -p "$desk"
unzip -q "$zip" -d "$desk"
[ -f "$desk/Certidépôt/Certidépôt.exe" ] || fail "Certidépôt.exe absent de l'archive"
cli='C:\Users\Hélène\Desktop\Certidépôt\certidepot-cli.exe'
gui='C:\Users\Hélène\Desktop\Certidépôt\Certidépôt.exe'
docs="$profile/Documents"
rm -f "$docs"
mkdir -p "$docs/Dépôts 2026"
U="$docs/Dépôts 2026"              # the folder seen from Linux
W='C:\Users\Hélène\Documents\Dépôts 2026' # and from Windows

# run WANT ARGS…: certidepot-cli under Wine, exit code WANT expected.
run() {
	local want=$1 rc=0
	shift
	timeout 120 "$wine" "$cli" "$@" >"$t/out" 2>"$t/err" || rc=$?
	[ "$rc" = "$want" ] || fail "certidepot-cli $* : code de sortie $rc, attendu $want"
}
# has TEXT: the last command printed TEXT (stdout or stderr).
has() { grep -qF -- "$1" "$t/out" "$t/err" || fail "« $1 » absent de la sortie"; }

echo "Ligne de commande (certidepot-cli.exe) :"
run 0 version
has "Certidépôt $version"
ok "version : $(head -1 "$t/out")"

run 0 exemple "$W\\exemple.certidepot"
has "Dossier d'exemple créé : $W\\exemple.certidepot"
[ -f "$U/exemple.certidepot" ] || fail "dossier absent de $U"
ok "exemple : dossier créé dans C:\\Users\\Hélène\\Documents\\Dépôts 2026\\"

run 1 check "$W\\exemple.certidepot"
has "erreur"
ok "check : code 1, les 8 passages à compléter sont signalés"

run 0 export "$W\\exemple.certidepot" -o "$W\\dépôt de novembre.xml"
has "Fichier prêt : $W\\dépôt de novembre.xml — 42 passage(s)"
has "valide au regard du XSD 1.1.5"
[ -f "$U/dépôt de novembre.xml" ] || fail "fichier de dépôt absent"
ls "$U/exemple.sauvegardes/"*-avant-export.certidepot >/dev/null 2>&1 || fail "pas de sauvegarde à côté du dossier"
ok "export : 42 passages, validé par libxml2 ; sauvegarde dans exemple.sauvegardes\\ à côté du dossier"
run 0 sauvegarder "$W\\exemple.certidepot"
has "Sauvegarde écrite"
ok "sauvegarder : une sauvegarde sur demande, après le dépôt"

run 0 validate "$W\\dépôt de novembre.xml"
has "Fichier valide au regard du XSD 1.1.5"
ok "validate : fichier valide"

sed 's/$/\r/' "$U/dépôt de novembre.xml" >"$U/dépôt CRLF.xml"
run 0 validate "$W\\dépôt CRLF.xml"
has "Fichier valide"
ok "validate : le même fichier avec des fins de ligne Windows (CRLF) est valide"

sed '0,/<cpf:sexe>M</s//<cpf:sexe>H</' "$U/dépôt de novembre.xml" >"$U/dépôt erroné.xml"
run 1 validate "$W\\dépôt erroné.xml"
has "Sexe : « H » n'est pas une valeur permise ; choisissez parmi M (Masculin), F (Féminin)."
ok "validate : code 1, « $(grep -m1 -o 'Sexe : .*' "$t/out") »"

sed '0,/<cpf:sexe>M</s//<cpf:sexe>Œ€</' "$U/dépôt de novembre.xml" | iconv -f UTF-8 -t WINDOWS-1252 |
	sed '1s/encoding="UTF-8"/encoding="windows-1252"/' >"$U/dépôt windows-1252.xml"
run 1 validate "$W\\dépôt windows-1252.xml"
has "« Œ€ » n'est pas une valeur permise"
ok "validate : fichier déclaré windows-1252 lu correctement (« Œ€ » reconnu)"

run 2 validate "$W\\absent.xml"
has "n'existe pas"
ok "validate : code 2 pour un fichier absent, « $(head -c 120 "$t/err" | tr -d '\r\n') »"

# A list saved by Excel as "CSV (séparateur : point-virgule)": Windows-1252,
# CRLF, and a name with characters outside Latin-1 (– œ €).
csv="Diplômés – promo œnologie (€ 2026).csv"
printf 'Nom;Prénom;Sexe;Date de naissance;Code INSEE;Code certification;Date de délivrance\r\nLœtitia-Dupré;Zoé;F;03/04/1990;31555;RS5286;12/05/2026\r\nO’Brien;Hélène;F;21/11/1988;75115;RS5286;12/05/2026\r\n' |
	iconv -f UTF-8 -t WINDOWS-1252 >"$U/$csv"
run 0 import-xlsx "$W\\exemple.certidepot" "$W\\$csv" --json
has '"imported":2'
has '"flagged":0'
has "$csv\""
run 0 passages "$W\\exemple.certidepot" --json
has '"nomNaissance":"Lœtitia-Dupré"'
has '"nomNaissance":"O’Brien"'
has "$csv\""
ok "import-xlsx : « $csv » (Windows-1252, CRLF) : 2 passages, noms et nom de fichier intacts"

run 0 sauvegardes "$W\\exemple.certidepot"
before=$(grep -o 'exemple-[0-9-]*-avant-export\.certidepot' "$t/out" | head -1)
backup=$(grep -o 'exemple-[0-9-]*-manuelle\.certidepot' "$t/out" | head -1)
[ -n "$before" ] && [ -n "$backup" ] || fail "sauvegardes non listées"
run 2 restaurer "$W\\exemple.certidepot" "$W\\exemple.sauvegardes\\$before"
has "date d'avant le dépôt"
run 0 restaurer "$W\\exemple.certidepot" "$W\\exemple.sauvegardes\\$backup"
run 0 passages "$W\\exemple.certidepot" --json
grep -qF 'Lœtitia-Dupré' "$t/out" && fail "la restauration n'a pas remis le dossier d'avant l'import"
run 0 deposits "$W\\exemple.certidepot"
ok "sauvegardes, restaurer : une sauvegarde d'avant le dépôt est refusée ; celle d'après remet le dossier d'avant l'import"

run 0 template "$W\\modèle de liste.xlsx"
[ -s "$U/modèle de liste.xlsx" ] || fail "modèle absent"
ok "template : modèle Excel écrit"

echo "Fenêtre (Certidépôt.exe, Xvfb) :"
capture() { # program and arguments…
	local rc=0
	# Wine draws windows through the X display its desktop process was
	# started with: let the Wine of the commands before (started without a
	# display) end first.
	"$wineserver" -w
	GALLIUM_DRIVER=softpipe timeout 180 xvfb-run -a -s '-screen 0 1280x800x24' "$@" >"$t/out" 2>"$t/err" || rc=$?
	# An X error as the app quits under Xvfb may come after the capture.
	[ "$rc" = 0 ] || grep -q "X connection" "$t/err" || fail "la fenêtre s'est arrêtée avec le code $rc"
}
capture "$wine" "$gui" --capture "$W\\capture.png" "$W\\exemple.certidepot"
[ "$(stat -c %s "$U/capture.png" 2>/dev/null || echo 0)" -gt 20000 ] || fail "pas de capture de la fenêtre"
mkdir -p bin
cp "$U/capture.png" bin/windows-capture.png
ok "la fenêtre s'ouvre sur le dossier : bin/windows-capture.png"
prefs="$profile/AppData/Roaming/Certidépôt/preferences.json"
grep -qF 'Dépôts 2026\\exemple.certidepot' "$prefs" 2>/dev/null || fail "dossiers récents absents de %APPDATA%\\Certidépôt"
ok "dossiers récents dans %APPDATA%\\Certidépôt\\preferences.json"

if [ -n "$installer" ]; then
	echo "Installateur :"
	cp "$installer" "$profile/installation.exe"
	timeout 300 "$wine" 'C:\Users\Hélène\installation.exe' /S >"$t/out" 2>"$t/err" || fail "l'installation a échoué"
	inst="$profile/AppData/Local/Programs/Certidépôt"
	for f in Certidépôt.exe certidepot-cli.exe LISEZMOI.txt "Désinstaller Certidépôt.exe" licences/COMPOSANTS.txt; do
		[ -f "$inst/$f" ] || fail "$f non installé"
	done
	menu="$profile/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/Certidépôt.lnk"
	[ -f "$menu" ] || fail "pas d'entrée dans le menu Démarrer"
	ok "installé sans droits d'administrateur dans %LOCALAPPDATA%\\Programs\\Certidépôt, entrée du menu Démarrer"
	cli='C:\Users\Hélène\AppData\Local\Programs\Certidépôt\certidepot-cli.exe'
	run 0 version
	has "Certidépôt $version"
	ok "certidepot-cli installé : $(head -1 "$t/out")"
	timeout 60 "$wine" reg export 'HKCU\Software\Classes\Certidepot.Dossier' 'C:\Users\Hélène\assoc.reg' >/dev/null 2>&1 ||
		fail "association des fichiers .certidepot absente du registre"
	timeout 60 "$wine" reg export 'HKCU\Software\Classes\.certidepot' 'C:\Users\Hélène\ext.reg' >/dev/null 2>&1 ||
		fail "extension .certidepot absente du registre"
	iconv -f UTF-16 -t UTF-8 "$profile/assoc.reg" >"$t/out"
	has 'Certidépôt.exe\" \"%1\"'
	ok "association des fichiers .certidepot enregistrée pour l'utilisateur (HKCU\Software\Classes)"
	# Windows merges HKCU\Software\Classes into HKEY_CLASSES_ROOT; Wine 8
	# reads only HKLM's classes there. Copy the installer's keys to HKLM so
	# that Windows' own way to open a document can be tried: the app must
	# start on the dossier through the command the installer registered.
	{
		printf '\xff\xfe'
		for r in ext assoc; do iconv -f UTF-16 -t UTF-8 "$profile/$r.reg"; done |
			sed -e 's/HKEY_CURRENT_USER\\Software\\Classes/HKEY_LOCAL_MACHINE\\Software\\Classes/' \
				-e '2,${/^Windows Registry Editor/d}' | iconv -f UTF-8 -t UTF-16LE
	} >"$profile/hklm.reg"
	timeout 60 "$wine" reg import 'C:\Users\Hélène\hklm.reg' >/dev/null 2>&1 || fail "copie de l'association impossible"
	CERTIDEPOT_CAPTURE="$W\\association.png" capture "$wine" start /wait "$W\\exemple.certidepot"
	[ "$(stat -c %s "$U/association.png" 2>/dev/null || echo 0)" -gt 20000 ] || fail "« start dossier.certidepot » n'a pas ouvert Certidépôt"
	ok "un dossier .certidepot ouvert par Windows (start) démarre Certidépôt dessus"
	timeout 120 "$wine" "C:\\Users\\Hélène\\AppData\\Local\\Programs\\Certidépôt\\Désinstaller Certidépôt.exe" /S >/dev/null 2>&1 || true
	for _ in $(seq 60); do # the uninstaller goes on from a copy of itself
		[ -e "$inst" ] || break
		sleep 1
	done
	[ ! -e "$inst" ] || fail "le répertoire d'installation reste après la désinstallation"
	[ ! -e "$menu" ] || fail "l'entrée du menu Démarrer reste après la désinstallation"
	timeout 60 "$wine" reg query 'HKCU\Software\Classes\Certidepot.Dossier' >/dev/null 2>&1 && fail "l'association reste après la désinstallation"
	[ -f "$U/exemple.certidepot" ] && [ -f "$prefs" ] || fail "la désinstallation a touché aux données de l'utilisateur"
	ok "désinstallé : programmes, menu et association retirés ; dossiers et %APPDATA%\\Certidépôt gardés"
fi
echo "Sous Wine : $checks vérifications réussies en $(($(date +%s) - start)) s."
