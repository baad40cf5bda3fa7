package core

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	yy := time.Now().Year() % 100
	next := (yy + 1) % 100
	cases := []struct {
		in    string
		order DateOrder
		want  string // "" = not a date
	}{
		{"12/05/2024", DayFirst, "2024-05-12"},
		{"1/5/2024", DayFirst, "2024-05-01"},
		{"12-05-2024", DayFirst, "2024-05-12"},
		{"12.05.2024", DayFirst, "2024-05-12"},
		{"12/05/96", DayFirst, "1996-05-12"},
		{fmt.Sprintf("01/01/%02d", yy), DayFirst, fmt.Sprintf("%d-01-01", time.Now().Year())},
		{fmt.Sprintf("01/01/%02d", next), DayFirst, fmt.Sprintf("%d-01-01", time.Now().Year()+1-100)},
		{"12/05/2024 00:00", DayFirst, "2024-05-12"},
		{"12/05/2024 10h30", DayFirst, "2024-05-12"},
		{"2024-05-12", DayFirst, "2024-05-12"},
		{"2024-05-12T00:00:00", DayFirst, "2024-05-12"},
		{"2024-05-12 00:00:00.000", DayFirst, "2024-05-12"},
		{"2024/05/12", DayFirst, "2024-05-12"},
		{"2024-05-12", MonthFirst, "2024-05-12"},
		{"05/13/2024", MonthFirst, "2024-05-13"},
		{"05/13/2024", DayFirst, ""},
		{"29/02/2024", DayFirst, "2024-02-29"},
		{"29/02/2023", DayFirst, ""},
		{"31/04/2024", DayFirst, ""},
		{"00/05/2024", DayFirst, ""},
		{"12/05/2024 jury", DayFirst, ""},
		// In words.
		{"1er février 1990", DayFirst, "1990-02-01"},
		{"1ER FEVRIER 1990", DayFirst, "1990-02-01"},
		{"1ᵉʳ février 1990", DayFirst, "1990-02-01"},
		{"premier mai 2001", DayFirst, "2001-05-01"},
		{"12 mars 1985", DayFirst, "1985-03-12"},
		{"12 Mars 1985", MonthFirst, "1985-03-12"},
		{"3 sept. 2024", DayFirst, "2024-09-03"},
		{"3 septembre 2024", DayFirst, "2024-09-03"},
		{"03-sept-24", DayFirst, "2024-09-03"},
		{"15 août 1996", DayFirst, "1996-08-15"},
		{"15 aout 1996", DayFirst, "1996-08-15"},
		{"7 déc. 2023", DayFirst, "2023-12-07"},
		{"7 juil 2023", DayFirst, "2023-07-07"},
		{"lundi 3 juin 2024", DayFirst, "2024-06-03"},
		{"le 3 juin 2024", DayFirst, "2024-06-03"},
		{"Mardi, 4 juin 2024.", DayFirst, "2024-06-04"},
		{"3 jui 2024", DayFirst, ""}, // juin or juillet
		{"31 février 2024", DayFirst, ""},
		{"2er mars 2024", DayFirst, ""},
		{"mai 2024", DayFirst, ""},
		{"12 mars", DayFirst, ""},
		{"12 mars 1985 et 13 mars 1985", DayFirst, ""},
		// A lone year or a bare number is not a date.
		{"1990", DayFirst, ""},
		{"45418", DayFirst, ""},
		{"45418.5", DayFirst, ""},
		{"12/2024", DayFirst, ""},
		{"12/05/202", DayFirst, ""},
		{"", DayFirst, ""},
		{"12//2024", DayFirst, ""},
		{"1/2/3/4", DayFirst, ""},
	}
	for _, c := range cases {
		got, ok := ParseDate(c.in, c.order)
		if ok != (c.want != "") || got != c.want {
			t.Errorf("ParseDate(%q, %d) = %q %v, want %q", c.in, c.order, got, ok, c.want)
		}
	}
}

func TestDetectDateOrder(t *testing.T) {
	cases := []struct {
		name     string
		values   []string
		order    DateOrder
		example  string
		conflict string
		notice   string // part of the notice; "" = no notice
	}{
		{"day first", []string{"03/04/1990", "25/12/1985", "", "2001-01-01"}, DayFirst, "25/12/1985", "", ""},
		{"month first", []string{"03/04/1990", "12/25/1985", "1 mars 1990"}, MonthFirst, "12/25/1985", "", "mois/jour/année (« 12/25/1985 »"},
		{"ambiguous", []string{"03/04/1990", "05/06/85", "01/01/2000"}, DayFirst, "03/04/1990", "", "aucune date ne dit si le jour vient avant le mois (« 03/04/1990 »)"},
		{"both", []string{"13/04/1990", "04/13/1990"}, DayFirst, "13/04/1990", "04/13/1990", "d'autres mois/jour (« 04/13/1990 »)"},
		{"nothing to say", []string{"2024-05-12", "12 mars 1985", "01/01/2000", "1990"}, DayFirst, "", "", ""},
		{"time after the date", []string{"12/25/1985 00:00"}, MonthFirst, "12/25/1985 00:00", "", "mois/jour"},
	}
	for _, c := range cases {
		got := DetectDateOrder(c.values)
		if got.Order != c.order || got.Example != c.example || got.Conflict != c.conflict {
			t.Errorf("%s: %+v", c.name, got)
		}
		n := got.Notice("C (Date de naissance)")
		if (n == "") != (c.notice == "") || !strings.Contains(n, c.notice) || n != "" && !strings.HasPrefix(n, "Colonne C (Date de naissance) : ") {
			t.Errorf("%s: notice %q, want %q", c.name, n, c.notice)
		}
	}
	// The column is then read in the order found.
	col := []string{"03/04/1990", "12/25/1985"}
	order := DetectDateOrder(col).Order
	if d, _ := ParseDate(col[0], order); d != "1990-03-04" {
		t.Errorf("month-first column: %s", d)
	}
}

func BenchmarkParseDate(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for _, s := range []string{"12/05/2024", "2024-05-12", "1er février 1990"} {
			if _, ok := ParseDate(s, DayFirst); !ok {
				b.Fatal(s)
			}
		}
	}
}
