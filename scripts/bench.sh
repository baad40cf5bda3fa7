#!/usr/bin/env bash
# Measures the whole job through the real command-line tool, on generated
# data laid out as a certifier's office keeps its list (BENCH_ROWS rows,
# 200,000 by default; every row comes out ready): each figure with its
# ratio to what it is compared with, and its target. Ratios are measured
# in the same run, so they hold on any machine. BENCH_GROWTH=0 skips the
# growth figures (10,000 and 50,000 rows, and a second import into a full
# dossier); BENCH_GO=0 skips the Go benchmarks of the pipeline stages.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${BENCH_ROWS:-200000}
cli=bin/certidepot-cli
go=scripts/go
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
xsd=testdata/cdc/kit-2026/certifications-cdc.xsd # new dossiers target 1.1.5
misses=0

# run LABEL COMMAND…: runs the command, records wall time and peak RSS.
run() {
	local label=$1
	shift
	/usr/bin/time -f "%e %M" -o "$work/time" "$@" >"$work/out" 2>&1 || [ $? -eq 1 ] || { cat "$work/out"; exit 1; }
	read -r secs kb < <(tail -1 "$work/time")
	last_secs=$secs
	last_mb=$((kb / 1024))
	printf '%-46s %8.2f s  %6d Mo' "$label" "$secs" "$last_mb"
}

# verdict VALUE LIMIT TEXT: says whether VALUE ≤ LIMIT, against TEXT.
verdict() {
	if [ "$(echo "$1 <= $2" | bc -l)" = 1 ]; then
		printf '   [objectif %s : atteint]\n' "$3"
	else
		printf '   [objectif %s : MANQUÉ]\n' "$3"
		misses=$((misses + 1))
	fi
}

ratio() { echo "$1 / $2" | bc -l; }

# pipeline N: generates N rows, imports them into a fresh dossier and
# exports them; sets raw_secs, import_secs, import_mb, export_secs,
# export_mb, lint_secs and the files in $work/N/.
pipeline() {
	local n=$1 d="$work/$1"
	mkdir -p "$d"
	"$cli" exemple-liste "$d/liste.xlsx" --lignes "$n" --date 2026-11-22 >/dev/null
	run "lecture brute du classeur ($n lignes)" "$cli" lecture-brute "$d/liste.xlsx"
	raw_secs=$last_secs
	echo
	"$cli" init "$d/bench.certidepot" --emetteur 12ABC345 --contrat MCFCER000123 >/dev/null
	run "import Excel ($n lignes)" "$cli" import-xlsx "$d/bench.certidepot" "$d/liste.xlsx" --json
	import_secs=$last_secs import_mb=$last_mb
	cp "$work/out" "$d/import.json"
	printf '  %7.0f lignes/s\n' "$(ratio "$n" "$import_secs")"
	run "export + validation XSD ($n passages)" "$cli" export "$d/bench.certidepot" -o "$d/depot.xml"
	export_secs=$last_secs export_mb=$last_mb
	echo
	lint_secs=0
	for f in "$d"/depot*.xml; do
		/usr/bin/time -f "%e" -o "$work/time" xmllint --stream --noout --schema "$xsd" "$f" 2>/dev/null
		lint_secs=$(echo "$lint_secs + $(tail -1 "$work/time")" | bc -l)
	done
}

echo "Certidépôt — mesures sur $rows lignes ($(nproc) cœurs)"
echo
pipeline "$rows"
main=$work/$rows
import_secs_main=$import_secs export_secs_main=$export_secs
ready=$(grep -o '"flagged":[0-9]*' "$main/import.json" | head -1 | cut -d: -f2)
files=("$main"/depot*.xml)
printf '%-46s %8.2f s   (%d fichier(s), %s)\n' "xmllint --stream --schema (mêmes fichiers)" "$lint_secs" "${#files[@]}" "$(du -ch "${files[@]}" | tail -1 | cut -f1)"
echo
echo "Rapports (mesurés dans ce même passage) :"
printf '  %-44s %6.2f' "import / lecture brute du classeur" "$(ratio "$import_secs" "$raw_secs")"
verdict "$(ratio "$import_secs" "$raw_secs")" 1.25 "≤ 1,25"
printf '  %-44s %6d Mo' "import : mémoire maximale" "$import_mb"
verdict "$import_mb" 512 "≤ 512 Mo"
printf '  %-44s %6.2f' "export + validation / xmllint --stream" "$(ratio "$export_secs" "$lint_secs")"
verdict "$(ratio "$export_secs" "$lint_secs")" 1.5 "≤ 1,5"
printf '  %-44s %6d Mo' "export : mémoire maximale" "$export_mb"
verdict "$export_mb" 512 "≤ 512 Mo"
whole=$(echo "$import_secs + $export_secs" | bc -l)
printf '  %-44s %6.2f s' "tout le travail (liste → dépôt validé)" "$whole"
verdict "$whole" 16 "≤ 16 s (0,2 × les 81 s du script Python)"
printf '  %-44s %6d\n' "lignes à compléter après l'import" "${ready:-0}"
echo

# An accusé answering every passage of the first file: 1 % rejected, the
# others accepted.
grep -ho '<cpf:idTechnique>[^<]*' "${files[0]}" | cut -d'>' -f2 >"$work/ids"
ko=$((rows / 100))
{
	echo '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
	echo "<rapport><nomFichier>$(basename "${files[0]}")</nomFichier><idFlux>$(sed -n 's|.*<cpf:idFlux>\([^<]*\)<.*|\1|p' "${files[0]}")</idFlux><idTraitement>1</idTraitement>"
	echo "<PassagesKO>"
	head -n "$ko" "$work/ids" | sed 's|.*|<passage><idTechnique>&</idTechnique><messageErreur>Plusieurs titulaires ont été identifiés</messageErreur></passage>|'
	echo "</PassagesKO><PassagesOK>"
	tail -n +"$((ko + 1))" "$work/ids" | sed 's|.*|<idTechnique>&</idTechnique>|'
	echo "</PassagesOK></rapport>"
} >"$work/accuse.xml"
n=$(grep -c '<idTechnique>' "$work/accuse.xml" || true)
run "accusé de traitement ($n identifiants)" "$cli" import-accuse "$main/bench.certidepot" "$work/accuse.xml" --json
verdict "$(echo "$last_secs * $rows / $n" | bc -l)" 2 "≤ 2 s pour $rows identifiants (ramené à $rows)"

# The window: time to open the dossier and fill its first screen.
if command -v xvfb-run >/dev/null; then
	# (Xvfb may report an X error when the app quits: only the figure matters.)
	ms=$({ CERTIDEPOT_MESURE=1 GALLIUM_DRIVER=softpipe xvfb-run -a -s '-screen 0 1280x800x24' \
		bin/certidepot --capture "$work/ouverture.png" "$main/bench.certidepot" 2>&1 || true; } | sed -n 's/^ouverture du dossier : \([0-9]*\) ms$/\1/p')
	secs=$(ratio "${ms:-0}" 1000)
	printf '%-46s %8.2f s' "fenêtre : ouverture du dossier ($rows passages)" "$secs"
	verdict "$secs" 1 "< 1 s"
fi

if [ "${BENCH_GROWTH:-1}" != 0 ]; then
	echo
	echo "Croissance (le temps par ligne ne doit pas croître avec la taille) :"
	for g in 10000 50000 "$rows"; do
		if [ "$g" = "$rows" ]; then
			import_secs=$import_secs_main export_secs=$export_secs_main
		else
			pipeline "$g" >/dev/null
		fi
		printf '  %7d lignes : import %6.2f s (%5.1f µs/ligne), export %6.2f s (%5.1f µs/passage)\n' "$g" "$import_secs" \
			"$(echo "$import_secs * 1000000 / $g" | bc -l)" "$export_secs" "$(echo "$export_secs * 1000000 / $g" | bc -l)"
	done
	# A second list of as many new passages (delivered a year later) into
	# the dossier that already holds the first.
	"$cli" exemple-liste "$work/liste2.xlsx" --lignes "$rows" --date 2027-11-22 >/dev/null
	run "second import ($rows lignes, dossier de $rows)" "$cli" import-xlsx "$main/bench.certidepot" "$work/liste2.xlsx" --json
	second=$last_secs
	echo
	printf '  %-44s %6.2f' "second import / premier import (par ligne)" "$(ratio "$second" "$import_secs_main")"
	verdict "$(ratio "$second" "$import_secs_main")" 1.1 "≤ 1,1 : pas plus lent par ligne"
fi

if [ "${BENCH_GO:-1}" != 0 ]; then
	echo
	echo "Étapes (go test -bench) :"
	# Per row or per passage: each stage of the import and the export.
	"$go" test -run X -bench 'Convert$|ValidatePassage|RenderPassage|EncodeValues|DecodeValues' ./core ./core/store ./core/cdc 2>/dev/null | grep -E '^Benchmark' || true
	# Per 10,000 rows or 50,000 passages: reading, writing, validating.
	"$go" test -run X -bench 'ReadRows|AddNewPassages|Validate50000' -benchtime 3x ./core/excel ./core/store ./core/cdc 2>/dev/null | grep -E '^Benchmark' || true
	# The window on 200,000 passages: saving one, searching, filtering.
	"$go" test -run X -bench 'SaveOnePassage|FilterList' -benchtime 10x ./ui 2>/dev/null | grep -E '^Benchmark' || true
fi
echo
if [ "$misses" -gt 0 ]; then
	echo "$misses objectif(s) manqué(s)."
else
	echo "Tous les objectifs sont atteints."
fi
