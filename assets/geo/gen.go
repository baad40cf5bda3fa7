//go:build ignore

// gen builds Certidépôt's compact offline geographic dataset from INSEE's
// Code officiel géographique and La Poste's postal codes:
//
//	go generate ./assets/geo   (reads ../shared/reference/insee by default)
//
// Output, tab-separated and gzipped: communes.tsv.gz (code, name, start,
// end, type), pays.tsv.gz (code, short name, long name, start, end,
// parent) and postaux.tsv.gz (postal code, INSEE code).
package main

import (
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	src := "../../../shared/reference/insee"
	if len(os.Args) > 1 {
		src = os.Args[1]
	}
	var communes [][]string
	for _, r := range readCSV(filepath.Join(src, "cog2026/v_commune_depuis_1943.csv")) {
		// TYPECOM, COM, TNCC, NCC, NCCENR, LIBELLE, DATE_DEBUT, DATE_FIN
		communes = append(communes, []string{r[1], r[5], r[6], r[7], r[0]})
	}
	for _, r := range readCSV(filepath.Join(src, "cog2026/v_commune_outremer_depuis_1943.csv")) {
		// NATURE_ZONAGE, COM_COMER, TNCC, NCC, NCCENR, LIBELLE, DATE_DEBUT, DATE_FIN
		communes = append(communes, []string{r[1], r[5], r[6], r[7], "COMER"})
	}
	sort.SliceStable(communes, func(i, j int) bool {
		if communes[i][0] != communes[j][0] {
			return communes[i][0] < communes[j][0]
		}
		return communes[i][2] < communes[j][2]
	})
	write("communes.tsv.gz", communes)

	var pays [][]string
	for _, r := range readCSV(filepath.Join(src, "cog2026/v_pays_et_territoire_depuis_1943.csv")) {
		// COG, CRPAY, LIBCOG, LIBENR, DATE_DEBUT, DATE_FIN
		pays = append(pays, []string{r[0], r[2], r[3], r[4], r[5], r[1]})
	}
	write("pays.tsv.gz", pays)

	seen := map[string]bool{}
	var postaux [][]string
	for _, r := range readCSV(filepath.Join(src, "laposte/base-officielle-codes-postaux.csv")) {
		// code_commune_insee, nom_de_la_commune, code_postal, ...
		k := r[2] + "\t" + r[0]
		if !seen[k] {
			seen[k] = true
			postaux = append(postaux, []string{r[2], r[0]})
		}
	}
	sort.Slice(postaux, func(i, j int) bool { return postaux[i][0]+postaux[i][1] < postaux[j][0]+postaux[j][1] })
	write("postaux.tsv.gz", postaux)
}

func readCSV(path string) [][]string {
	f, err := os.Open(path)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		log.Fatalf("%s: %v", path, err)
	}
	return rows[1:]
}

func write(name string, rows [][]string) {
	f, err := os.Create(name)
	if err != nil {
		log.Fatal(err)
	}
	zw, _ := gzip.NewWriterLevel(f, gzip.BestCompression)
	zw.ModTime = zw.ModTime.UTC() // zero: reproducible output
	var w io.Writer = zw
	for _, r := range rows {
		for i := range r {
			if strings.ContainsAny(r[i], "\t\n") {
				log.Fatalf("%s: separator in %q", name, r[i])
			}
		}
		fmt.Fprintln(w, strings.Join(r, "\t"))
	}
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	f.Close()
}
