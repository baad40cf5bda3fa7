#!/usr/bin/env bash
# Runs the real application under Xvfb on example dossiers and saves one
# PNG per main screen into $SCREENSHOTS_DIR (default docs/screenshots):
# 1366×768, and the home screen at 1024×700 too. The application starts
# with a fresh, private preferences folder, so that the pictures are the
# same on any machine; each capture is taken once the window is drawn.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${SCREENSHOTS_DIR:-docs/screenshots}
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cli=bin/certidepot-cli

# The same day on any machine: the example dossiers' dates, the deadlines
# and the proposed file names follow it (see core.Now).
export CERTIDEPOT_AUJOURDHUI=2026-11-30

# Private preferences (recent dossiers, window size, last folders).
export HOME="$work/home" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" XDG_CACHE_HOME="$work/cache"
mkdir -p "$HOME/Documents" "$XDG_CONFIG_HOME"

# The dossiers, where an office keeps them: one to correct, one to import
# into, one deposited and answered (accepted and rejected passages), one
# deposited awaiting its accusé.
docs="$HOME/Documents/Certidépôt"
mkdir -p "$docs"
for d in a-corriger import suivi attente; do
	$cli exemple "$docs/$d.certidepot" >/dev/null
done
# The followed-up dossier targets the CDC's current format (1.1.5), where
# accepted passages can be withdrawn.
$cli xsd "$docs/suivi.certidepot" --integre 1.1.5 >/dev/null
for d in suivi attente; do
	$cli export "$docs/$d.certidepot" -o "$docs/depot-$d.xml" >/dev/null
done
# An accusé: the first deposited passage rejected, the others accepted.
accuse() {
	local depot=$1
	local flux
	flux=$(sed -n 's|.*<cpf:idFlux>\([^<]*\)<.*|\1|p' "$depot")
	grep -ho '<cpf:idTechnique>[^<]*' "$depot" | cut -d'>' -f2 >"$work/ids"
	{
		echo "<rapport><nomFichier>$(basename "$depot")</nomFichier><idFlux>$flux</idFlux><idTraitement>67598</idTraitement><PassagesKO>"
		head -n 1 "$work/ids" | sed 's|.*|<passage><idTechnique>&</idTechnique><messageErreur>Plusieurs titulaires ont été identifiés</messageErreur></passage>|'
		echo "</PassagesKO><PassagesOK>"
		tail -n +2 "$work/ids" | sed 's|.*|<idTechnique>&</idTechnique>|'
		echo "</PassagesOK></rapport>"
	}
}
accuse "$docs/depot-suivi.xml" >"$work/accuse-suivi.xml"
$cli import-accuse "$docs/suivi.certidepot" "$work/accuse-suivi.xml" >/dev/null || true
accuse "$docs/depot-attente.xml" >"$docs/accuse-traitement.xml"
# A list as an office types it: a few values Certidépôt does not know.
list="$docs/diplomes-decembre.csv"
{
	echo "Nom;Prénom;Sexe;Date de naissance;Code INSEE;Code certification;Intitulé;Date de délivrance;Mention;Modalité d'accès;Remarque"
	i=0
	for n in Garcia:Inès:F Lopez:Tom:Homme Diaz:Léo:X Moreau:Anaïs:Mme Roux:Hugo:M Blanc:Zoé:Femme Faure:Noé:? Girard:Emma:F \
		Morel:Jules:M Fournier:Léa:F Lambert:Louis:H Mercier:Jade:F; do
		IFS=: read -r nom prenom sexe <<<"$n"
		mention=("Assez bien" "TB" "Passable" "Bien")
		acces=("Formation continue hors contrat de professionnalisation" "Apprentissage" "Alternance" "VAE")
		echo "$nom;$prenom;$sexe;0$((i % 9 + 1))/0$((i % 9 + 1))/199$((i % 10));31555;RS5286;Utilisation d'un tableur;12/11/2026;${mention[$((i % 4))]};${acces[$((i % 4))]};"
		i=$((i + 1))
	done
} >"$list"
# The dossier to correct also has a few rows the CDC would likely reject:
# two first names in « Prénom », a married name, Paris without its
# arrondissement, a postal code for the birthplace.
risky="$work/risques.csv"
{
	echo "Nom;Prénom;Sexe;Date de naissance;Code INSEE;Code certification;Intitulé;Date de délivrance;Mention;Modalité d'accès"
	echo "VALLAURIS;Marie Claire;F;03/05/1991;31555;RS5286;Utilisation d'un tableur;12/11/2026;Bien;Apprentissage"
	echo "DUPONT épouse MARTIN;Sylvie;F;14/07/1988;31555;RS5286;Utilisation d'un tableur;12/11/2026;Bien;Apprentissage"
	echo "GARNIER;Paul;M;17/09/1985;75056;RS5286;Utilisation d'un tableur;12/11/2026;Bien;Apprentissage"
	echo "RENAUD;Jean Pierre;M;05/06/1979;31000;RS5286;Utilisation d'un tableur;12/11/2026;Bien;Apprentissage"
} >"$risky"
$cli import-xlsx "$docs/a-corriger.certidepot" "$risky" >/dev/null || true
# Same dates on any machine for the files the file chooser lists.
touch -d "2026-11-30 09:15" "$docs"/* "$HOME/Documents"

# shot N NAME SCREEN DOSSIER [FILE] [SIZE]
shot() {
	local file="$out/$1-$2.png" screen=$3 dossier=$4 arg=${5:-} size=${6:-1366x768}
	local args=(--ecran "$screen" --taille "$size" --capture "$file")
	[ -n "$arg" ] && args+=(--fichier "$arg")
	[ -n "$dossier" ] && args+=("$dossier")
	rm -f "$file"
	# Xvfb may report an X error as the app quits: the capture is what counts.
	GALLIUM_DRIVER=softpipe xvfb-run -a -s "-screen 0 ${size}x24" bin/certidepot "${args[@]}" 2>/dev/null || true
	test -s "$file" || { echo "capture manquante : $file" >&2; exit 1; }
	echo "$file"
}
shot 01 accueil accueil "$docs/a-corriger.certidepot"
shot 02 passages passages "$docs/a-corriger.certidepot"
shot 03 a-completer a-completer "$docs/a-corriger.certidepot"
shot 04 fiche fiche "$docs/a-corriger.certidepot"
shot 16 risques risques "$docs/a-corriger.certidepot"
shot 17 fiche-prenoms fiche-prenoms "$docs/a-corriger.certidepot"
shot 05 modification-groupee selection "$docs/a-corriger.certidepot"
shot 06 fiche-acceptee fiche-acceptee "$docs/suivi.certidepot"
shot 07 import-colonnes import-colonnes "$docs/import.certidepot" "$list"
shot 08 import-valeurs import-valeurs "$docs/import.certidepot" "$list"
shot 10 deposer deposer "$docs/a-corriger.certidepot"
shot 11 accuses accuses "$docs/attente.certidepot" "$docs/accuse-traitement.xml"
shot 18 retrait retrait "$docs/suivi.certidepot"
shot 12 organisme organisme "$docs/suivi.certidepot"
shot 13 choix-fichier fichier "$docs/import.certidepot" "$list"
shot 14 bienvenue bienvenue ""
shot 15 accueil-1024x700 accueil "$docs/a-corriger.certidepot" "" 1024x700
# Last: the import changes its dossier.
shot 09 import-resultat import-resultat "$docs/import.certidepot" "$list"
