package core

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// DateOrder is how the first two parts of a numeric date are read.
type DateOrder uint8

const (
	// DayFirst: jj/mm/aaaa, the French way and the default.
	DayFirst DateOrder = iota
	// MonthFirst: mm/jj/aaaa, as lists exported from American software.
	MonthFirst
)

// ParseFrenchDate reads a date typed the French way (day first) into
// AAAA-MM-JJ; see ParseDate.
func ParseFrenchDate(t string) (string, bool) { return ParseDate(t, DayFirst) }

// ParseDate reads a date as offices type it into AAAA-MM-JJ:
//   - jj/mm/aaaa, jj/mm/aa, jj-mm-aaaa, jj.mm.aaaa (mm/jj/… with MonthFirst),
//     possibly followed by a time (« 12/05/2024 00:00 »);
//   - aaaa-mm-jj, aaaa/mm/jj, possibly followed by a time;
//   - in words: « 1er février 1990 », « 12 mars 1985 », « 3 sept. 2024 »,
//     « lundi 3 septembre 2024 », « 03-sept-24 », accents optional.
//
// Two-digit years are read as the most recent past year (24 → 2024,
// 96 → 1996). A lone year, a month and a year, a bare number (which is
// not an Excel date once typed as text) or an impossible date (31/02) is
// not a date. Only the result allocates.
func ParseDate(t string, order DateOrder) (string, bool) {
	t = strings.TrimSpace(t)
	if t == "" {
		return "", false
	}
	head, rest := t, ""
	if i := strings.IndexAny(t, " T"); i > 0 {
		head, rest = t[:i], t[i+1:]
	}
	if y, m, d, ok := numericDate(head, order); ok && timeLike(rest) {
		return isoDate(y, m, d)
	}
	if y, m, d, ok := wordDate(t); ok {
		return isoDate(y, m, d)
	}
	return "", false
}

// numericDate reads a/b/c split on « / », « - » or « . »: year first
// (aaaa-mm-jj) or year last, read in order.
func numericDate(s string, order DateOrder) (y, m, d int, ok bool) {
	v, lens, ok := numericParts(s)
	switch {
	case !ok:
	case lens[0] == 4 && lens[1] <= 2 && lens[2] <= 2:
		return v[0], v[1], v[2], true
	case lens[0] <= 2 && lens[1] <= 2 && (lens[2] == 4 || lens[2] == 2):
		y = v[2]
		if lens[2] == 2 {
			y = fullYear(y)
		}
		if order == MonthFirst {
			return y, v[0], v[1], true
		}
		return y, v[1], v[0], true
	}
	return 0, 0, 0, false
}

// numericParts splits s into three runs of 1 to 4 digits.
func numericParts(s string) (v [3]int, lens [3]int, ok bool) {
	n := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] >= '0' && s[i] <= '9' {
			if n == 3 || lens[n] == 4 {
				return v, lens, false
			}
			v[n] = v[n]*10 + int(s[i]-'0')
			lens[n]++
			continue
		}
		if i < len(s) && s[i] != '/' && s[i] != '-' && s[i] != '.' || n == 3 || lens[n] == 0 {
			return v, lens, false
		}
		n++
	}
	return v, lens, n == 3
}

// fullYear reads a two-digit year as the most recent past year.
func fullYear(yy int) int {
	cur := time.Now().Year()
	y := yy + cur/100*100
	if y > cur {
		y -= 100
	}
	return y
}

// timeLike reports whether what follows a date is a time of day (or
// nothing): « 00:00 », « 10:30:00 », « 10h30 », « 00:00:00.000 ».
func timeLike(s string) bool {
	s = strings.TrimSpace(s)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && c != ':' && c != '.' && c != 'h' && c != 'H' && c != 'Z' {
			return false
		}
	}
	return s == "" || s[0] >= '0' && s[0] <= '9'
}

func isoDate(y, m, d int) (string, bool) {
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) || y < 1 || y > 9999 {
		return "", false
	}
	b := [10]byte{byte('0' + y/1000), byte('0' + y/100%10), byte('0' + y/10%10), byte('0' + y%10), '-',
		byte('0' + m/10), byte('0' + m%10), '-', byte('0' + d/10), byte('0' + d%10)}
	return string(b[:]), true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// MonthNames are the French months, as written; foldedMonths the same
// without accents, as dates in words are matched.
var (
	MonthNames   = [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	foldedMonths = func() (out [12]string) {
		for i, m := range MonthNames {
			out[i] = Fold(m)
		}
		return out
	}()
)

var weekdays = [...]string{"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "lun", "mar", "mer", "jeu", "ven", "sam", "dim"}

// monthOf returns the month a word names: a French month name or its
// beginning, of 3 letters at least, shared by no other month (« sept »,
// « fév », « juil », not « jui »).
func monthOf(w []byte) int {
	if len(w) < 3 {
		return 0
	}
	found := 0
	for i, name := range foldedMonths {
		if strings.HasPrefix(name, string(w)) {
			if found != 0 {
				return 0
			}
			found = i + 1
		}
	}
	return found
}

// dateToken is a run of letters (folded) or of digits.
type dateToken struct {
	digits bool
	n      int // digits count, or letters in word
	value  int
	word   [12]byte
}

// wordDate reads « [jour de la semaine] [le] 1er|12 mars|sept. 1990|90 ».
func wordDate(s string) (y, m, d int, ok bool) {
	var toks [8]dateToken
	n := 0
	cur := -1 // index of the token being built
	for _, r := range s {
		if r < utf8.RuneSelf && r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		switch r {
		case 'é', 'è', 'ê', 'É', 'È', 'Ê', 'ᵉ':
			r = 'e'
		case 'û', 'ù', 'Û':
			r = 'u'
		case 'ô':
			r = 'o'
		case 'à', 'â':
			r = 'a'
		case 'ʳ':
			r = 'r'
		}
		isDigit := r >= '0' && r <= '9'
		isLetter := r >= 'a' && r <= 'z'
		if !isDigit && !isLetter {
			cur = -1
			continue
		}
		if cur < 0 || toks[cur].digits != isDigit {
			if n == len(toks) {
				return 0, 0, 0, false
			}
			toks[n] = dateToken{digits: isDigit}
			cur = n
			n++
		}
		tk := &toks[cur]
		if isDigit {
			if tk.n == 4 {
				return 0, 0, 0, false
			}
			tk.value = tk.value*10 + int(r-'0')
		} else {
			if tk.n == len(tk.word) {
				return 0, 0, 0, false
			}
			tk.word[tk.n] = byte(r)
		}
		tk.n++
	}
	i := 0
	for skip := 0; skip < 2 && i < n && !toks[i].digits; skip++ {
		w := string(toks[i].word[:toks[i].n])
		if w != "le" && !isWeekday(w) {
			break
		}
		i++
	}
	if i >= n {
		return 0, 0, 0, false
	}
	switch tk := toks[i]; {
	case tk.digits && tk.n <= 2:
		d = tk.value
	case !tk.digits && string(tk.word[:tk.n]) == "premier":
		d = 1
	default:
		return 0, 0, 0, false
	}
	i++
	if i < n && !toks[i].digits && d == 1 && string(toks[i].word[:toks[i].n]) == "er" {
		i++
	}
	if i >= n || toks[i].digits {
		return 0, 0, 0, false
	}
	if m = monthOf(toks[i].word[:toks[i].n]); m == 0 {
		return 0, 0, 0, false
	}
	i++
	if i != n-1 || !toks[i].digits {
		return 0, 0, 0, false
	}
	switch toks[i].n {
	case 4:
		y = toks[i].value
	case 2:
		y = fullYear(toks[i].value)
	default:
		return 0, 0, 0, false
	}
	return y, m, d, true
}

func isWeekday(w string) bool {
	for _, d := range weekdays {
		if w == d {
			return true
		}
	}
	return false
}

// DateColumn is what DetectDateOrder found in a column of text dates.
type DateColumn struct {
	// Order is how to read the whole column: MonthFirst only when some
	// value can only be month first and none only day first.
	Order      DateOrder
	DayFirst   int // values readable only day first (13/05/2024)
	MonthFirst int // values readable only month first (05/13/2024)
	Ambiguous  int // values readable both ways (03/04/2024)
	// Example is a value showing the order found (or, when nothing
	// decides, an ambiguous one); Conflict, when both orders occur, a value
	// that contradicts Order.
	Example, Conflict string
}

// DetectDateOrder looks at a column's numeric text dates (jj/mm/aaaa or
// mm/jj/aaaa; ISO dates, dates in words and real Excel dates say nothing
// about the order) and tells how to read the whole column: month first if
// some value has a day part above 12 in second position and none in
// first position, day first otherwise, including when every value reads
// both ways. The importer reads the column in that order and says so once
// (see DateColumn.Notice).
func DetectDateOrder(values []string) DateColumn {
	var c DateColumn
	var firstAmbiguous, firstDay, firstMonth string
	for _, v := range values {
		a, b, ok := dayMonthParts(v)
		if !ok {
			continue
		}
		switch {
		case a > 12 && b >= 1 && b <= 12:
			c.DayFirst++
			if firstDay == "" {
				firstDay = v
			}
		case b > 12 && a >= 1 && a <= 12:
			c.MonthFirst++
			if firstMonth == "" {
				firstMonth = v
			}
		case a >= 1 && a <= 12 && b >= 1 && b <= 12 && a != b:
			c.Ambiguous++
			if firstAmbiguous == "" {
				firstAmbiguous = v
			}
		}
	}
	switch {
	case c.MonthFirst > 0 && c.DayFirst == 0:
		c.Order, c.Example = MonthFirst, firstMonth
	case c.MonthFirst > 0:
		c.Example, c.Conflict = firstDay, firstMonth
	case c.DayFirst > 0:
		c.Example = firstDay
	default:
		c.Example = firstAmbiguous
	}
	return c
}

// dayMonthParts returns the first two parts of a numeric a/b/year date
// (not of a year-first one, which raises no order question).
func dayMonthParts(v string) (a, b int, ok bool) {
	v = strings.TrimSpace(v)
	if i := strings.IndexAny(v, " T"); i > 0 {
		v = v[:i]
	}
	p, lens, ok := numericParts(v)
	if !ok || lens[0] > 2 || lens[1] > 2 || lens[2] != 2 && lens[2] != 4 {
		return 0, 0, false
	}
	return p[0], p[1], true
}

// Notice says in French how the column was read, once, for the import
// summary; "" when there is nothing to say (dates read day first with a
// value proving it, or no numeric date). column designates the column,
// e.g. « D (Date de naissance) ».
func (c DateColumn) Notice(column string) string {
	switch {
	case c.Order == MonthFirst:
		return fmt.Sprintf("Colonne %s : les dates sont écrites mois/jour/année (« %s » ne se lit pas autrement) ; toute la colonne est lue ainsi.", column, c.Example)
	case c.Conflict != "":
		return fmt.Sprintf("Colonne %s : des dates sont écrites jour/mois (« %s »), d'autres mois/jour (« %s ») : la colonne est lue jour/mois/année et les dates impossibles ainsi sont signalées.", column, c.Example, c.Conflict)
	case c.DayFirst == 0 && c.Ambiguous > 0:
		return fmt.Sprintf("Colonne %s : aucune date ne dit si le jour vient avant le mois (« %s ») ; la colonne est lue jour/mois/année, à la française.", column, c.Example)
	}
	return ""
}
