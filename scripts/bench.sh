#!/usr/bin/env bash
# Measures the whole job through the real command-line tool, on generated
# data (BENCH_ROWS graduates, 200,000 by default): Excel import, export +
# XSD validation (compared with xmllint --stream on the same files), and
# the reading of an accusé listing every passage. One line per step.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${BENCH_ROWS:-200000}
cli=bin/certidepot-cli
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# run LABEL COMMAND…: runs the command, records wall time and peak RSS.
run() {
	local label=$1
	shift
	/usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>&1 || [ $? -eq 1 ]
	read -r secs kb < <(tail -1 "$work/time")
	last_secs=$secs
	last_mb=$((kb / 1024))
	printf '%-44s %8.1f s  %6d Mo' "$label" "$secs" "$last_mb"
}

echo "Certidépôt — mesures sur $rows lignes ($(nproc) cœurs)"
run "génération de la liste Excel" "$cli" exemple-liste "$work/liste.xlsx" --lignes "$rows"
echo
"$cli" init "$work/bench.certidepot" --emetteur 12ABC345 --contrat MCFCER000123 >/dev/null
run "import Excel ($rows lignes × 25 colonnes)" "$cli" import-xlsx "$work/bench.certidepot" "$work/liste.xlsx" --json
printf '  %8.0f lignes/s\n' "$(echo "$rows / $last_secs" | bc -l)"
run "export + validation XSD" "$cli" export "$work/bench.certidepot" -o "$work/depot.xml"
export_secs=$last_secs
files=("$work"/depot*.xml)
printf '  %d fichier(s), %s\n' "${#files[@]}" "$(du -ch "${files[@]}" | tail -1 | cut -f1)"
lint=0
for f in "${files[@]}"; do
	/usr/bin/time -f "%e" -o "$work/time" xmllint --stream --noout --schema testdata/cdc/xsd-1.1.2.xsd "$f" 2>/dev/null
	lint=$(echo "$lint + $(tail -1 "$work/time")" | bc -l)
done
printf '%-44s %8.1f s\n' "xmllint --stream --schema (mêmes fichiers)" "$lint"
printf '%-44s %8.1f\n' "rapport export / xmllint --stream" "$(echo "$export_secs / $lint" | bc -l)"
# An accusé answering every passage of the first file: 1 % rejected, the others accepted.
grep -ho '<cpf:idTechnique>[^<]*' "${files[0]}" | cut -d'>' -f2 >"$work/ids"
ko=$((rows / 100))
{
	echo '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
	echo "<rapport><nomFichier>depot.xml</nomFichier><idFlux>$(sed -n 's|.*<cpf:idFlux>\([^<]*\)<.*|\1|p' "${files[0]}")</idFlux><idTraitement>1</idTraitement>"
	echo "<PassagesKO>"
	head -n "$ko" "$work/ids" | sed 's|.*|<passage><idTechnique>&</idTechnique><messageErreur>Plusieurs titulaires ont été identifiés</messageErreur></passage>|'
	echo "</PassagesKO><PassagesOK>"
	tail -n +"$((ko + 1))" "$work/ids" | sed 's|.*|<idTechnique>&</idTechnique>|'
	echo "</PassagesOK></rapport>"
} >"$work/accuse.xml"
n=$(grep -c '<idTechnique>' "$work/accuse.xml" || true)
run "accusé de traitement ($n identifiants)" "$cli" import-accuse "$work/bench.certidepot" "$work/accuse.xml" --json
echo
# The window: time to open the dossier and fill its first screens.
if command -v xvfb-run >/dev/null; then
	# (Xvfb may report an X error when the app quits: only the figure matters.)
	ms=$({ CERTIDEPOT_MESURE=1 GALLIUM_DRIVER=softpipe xvfb-run -a -s '-screen 0 1280x800x24' \
		bin/certidepot --capture "$work/ouverture.png" "$work/bench.certidepot" 2>&1 || true; } | sed -n 's/^ouverture du dossier : \([0-9]*\) ms$/\1/p')
	printf '%-44s %8.1f s\n' "fenêtre : ouverture du dossier" "$(echo "${ms:-0} / 1000" | bc -l)"
fi
