package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/certidepot/certidepot/core"
)

// Tx is one user operation on the dossier: everything it does is kept, or
// nothing is.
type Tx struct {
	tx    *sql.Tx
	v     *core.Validator
	now   string
	opt   *core.Options        // validation options, read once per transaction
	stmts map[string]*sql.Stmt // statements prepared once per transaction (imports run them per row)
	// batch is set during an import: the timeline and the import record
	// of the passages it adds are written at once when it finishes.
	batch *importBatch
}

// exec runs a statement prepared once for the transaction.
func (t *Tx) exec(query string, args ...any) (sql.Result, error) {
	st, err := t.prepared(query)
	if err != nil {
		return nil, err
	}
	return st.Exec(args...)
}

// queryRow is exec for a single-row query.
func (t *Tx) queryRow(query string, args ...any) *sql.Row {
	st, err := t.prepared(query)
	if err != nil {
		return t.tx.QueryRow(query, args...) // reports the same error on Scan
	}
	return st.QueryRow(args...)
}

func (t *Tx) prepared(query string) (*sql.Stmt, error) {
	if st, ok := t.stmts[query]; ok {
		return st, nil
	}
	st, err := t.tx.Prepare(query)
	if err != nil {
		return nil, err
	}
	if t.stmts == nil {
		t.stmts = map[string]*sql.Stmt{}
	}
	t.stmts[query] = st
	return st, nil
}

func (t *Tx) closeStatements() {
	for _, st := range t.stmts {
		st.Close()
	}
}

// Update runs fn in a write transaction, committed when fn returns nil.
func (d *DB) Update(ctx context.Context, fn func(*Tx) error) error {
	return d.run(ctx, false, fn)
}

// View runs fn in a read-only transaction.
func (d *DB) View(ctx context.Context, fn func(*Tx) error) error {
	return d.run(ctx, true, fn)
}

func (d *DB) run(ctx context.Context, readOnly bool, fn func(*Tx) error) error {
	tx, err := d.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: readOnly})
	if err != nil {
		return dbError(err)
	}
	t := &Tx{tx: tx, v: d.validator, now: d.now().Format(time.RFC3339)}
	defer t.closeStatements()
	if err := fn(t); err != nil {
		tx.Rollback()
		return err
	}
	if readOnly {
		return tx.Rollback()
	}
	if err := tx.Commit(); err != nil {
		return dbError(err)
	}
	d.checkpoint()
	return nil
}

// dbError turns an error from SQLite or the system into a French message
// that says what to do; SQLite's English text stays in the cause, for
// errors.Is and tests, and never reaches the user.
func dbError(err error) error {
	if err == nil {
		return nil
	}
	var ue *core.UserError
	if errors.As(err, &ue) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	msg := err.Error()
	switch {
	case strings.Contains(msg, "SQLITE_BUSY") || strings.Contains(msg, "database is locked") || strings.Contains(msg, "(5)") || strings.Contains(msg, "(6)"):
		return core.Errorf(err, "le dossier est occupé par une autre fenêtre ou une autre commande (un import ou un dépôt en cours ?) : attendez qu'elle ait fini, puis recommencez")
	case strings.Contains(msg, "readonly") || strings.Contains(msg, "read-only") || strings.Contains(msg, "(8)"):
		return core.Errorf(err, "le dossier est en lecture seule : vérifiez les droits sur le fichier et son dossier, ou copiez-le dans un dossier où vous pouvez écrire")
	case strings.Contains(msg, "disk is full") || strings.Contains(msg, "(13)"):
		return core.Errorf(err, "le disque est plein : libérez de la place, puis recommencez ; rien n'a été enregistré")
	case strings.Contains(msg, "malformed") || strings.Contains(msg, "(11)") || strings.Contains(msg, "not a database") || strings.Contains(msg, "(26)"):
		return core.Errorf(err, "le dossier est endommagé : restaurez une de ses sauvegardes")
	case strings.Contains(msg, "unable to open") || strings.Contains(msg, "(14)"):
		return core.Errorf(err, "le dossier ne peut pas être ouvert : vérifiez qu'il existe et que vous avez le droit de l'écrire")
	case strings.Contains(msg, "disk I/O error") || strings.Contains(msg, "(10)"):
		return core.Errorf(err, "erreur de lecture ou d'écriture du disque : vérifiez le disque, puis recommencez ; rien n'a été enregistré")
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return core.Errorf(err, core.SystemMessage(err))
	}
	return core.Errorf(err, "erreur interne du dossier : l'opération n'a rien enregistré ; recommencez, et si l'erreur persiste, restaurez une sauvegarde")
}

// Setting keys.
const (
	settingEmetteur = "emetteur.idClient"
	settingVersion  = "xsd.version"
)

// Setting returns a dossier setting ("" when unset).
func (t *Tx) Setting(key string) (string, error) {
	var v string
	err := t.tx.QueryRow("SELECT value FROM settings WHERE key = ?", key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, dbError(err)
}

// SetSetting stores a dossier setting.
func (t *Tx) SetSetting(key, value string) error {
	_, err := t.tx.Exec("INSERT INTO settings(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value)
	t.opt = nil
	return dbError(err)
}

// Emetteur returns the BCR of the organisation that deposits the files.
func (t *Tx) Emetteur() (string, error) { return t.Setting(settingEmetteur) }

// SetEmetteur validates and stores the emetteur's BCR.
func (t *Tx) SetEmetteur(idClient string) error {
	if issues := core.ValidateScope(core.Values{core.KeyEmetteurID: {Text: idClient}}, core.ScopeEmetteur); len(issues) > 0 {
		return issuesError(issues)
	}
	return t.SetSetting(settingEmetteur, idClient)
}

// Version returns the targeted XSD version (1.1.2 unless changed).
func (t *Tx) Version() (string, error) {
	v, err := t.Setting(settingVersion)
	if v == "" {
		v = core.Version112
	}
	return v, err
}

// SetVersion changes the targeted XSD version.
func (t *Tx) SetVersion(v string) error { return t.SetSetting(settingVersion, v) }

// Options returns the validation options of the dossier (its targeted
// format), read once per transaction.
func (t *Tx) Options() (core.Options, error) {
	if t.opt == nil {
		v, err := t.Version()
		if err != nil {
			return core.Options{}, err
		}
		t.opt = &core.Options{Version: v}
	}
	return *t.opt, nil
}

// IssuesError is returned when values break dictionary rules.
type IssuesError []core.Issue

func (e IssuesError) Error() string {
	msgs := make([]string, len(e))
	for i, is := range e {
		msgs[i] = is.Message
	}
	return strings.Join(msgs, "\n")
}

func issuesError(issues []core.Issue) error { return IssuesError(issues) }

// AddCertificateur validates and records a certificateur.
func (t *Tx) AddCertificateur(c *core.Certificateur) error {
	vs := core.Values{core.KeyCertifID: {Text: c.IDClient}, core.KeyContrat: {Text: c.Contrat}}
	issues := core.ValidateScope(vs, core.ScopeCertificateur)
	if c.Nature != "" {
		if msg := core.CheckValue(core.FieldByKey(core.KeyNatureDeposant), core.Value{Text: c.Nature}); msg != "" {
			issues = append(issues, core.Issue{Field: core.KeyNatureDeposant, Message: core.FieldByKey(core.KeyNatureDeposant).Label + " : " + msg})
		}
	}
	if len(issues) > 0 {
		return issuesError(issues)
	}
	res, err := t.tx.Exec("INSERT INTO certificateurs(id_client, id_contrat, nature) VALUES(?, ?, ?)", c.IDClient, c.Contrat, c.Nature)
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return fmt.Errorf("le certificateur %s existe déjà dans ce dossier", c.IDClient)
		}
		return dbError(err)
	}
	c.ID, err = res.LastInsertId()
	return dbError(err)
}

// Certificateurs lists the dossier's certificateurs.
func (t *Tx) Certificateurs() ([]core.Certificateur, error) {
	rows, err := t.tx.Query("SELECT id, id_client, id_contrat, nature FROM certificateurs ORDER BY id")
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	var out []core.Certificateur
	for rows.Next() {
		var c core.Certificateur
		if err := rows.Scan(&c.ID, &c.IDClient, &c.Contrat, &c.Nature); err != nil {
			return nil, dbError(err)
		}
		out = append(out, c)
	}
	return out, dbError(rows.Err())
}

// EnsureCertification returns the certification with that type and code
// for the certificateur, creating it when needed. The type and code are
// stored as given, even empty: rule violations show on the passages that
// use them.
func (t *Tx) EnsureCertification(c *core.Certification) error {
	err := t.queryRow("SELECT id FROM certifications WHERE certificateur_id = ? AND type = ? AND code = ?",
		c.CertificateurID, c.Type, c.Code).Scan(&c.ID)
	if err == nil {
		if c.Titre != "" {
			_, err = t.tx.Exec("UPDATE certifications SET titre = ? WHERE id = ? AND titre = ''", c.Titre, c.ID)
		}
		return dbError(err)
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return dbError(err)
	}
	res, err := t.tx.Exec("INSERT INTO certifications(certificateur_id, type, code, titre, nature) VALUES(?, ?, ?, ?, ?)",
		c.CertificateurID, c.Type, c.Code, c.Titre, c.Nature)
	if err != nil {
		if strings.Contains(err.Error(), "FOREIGN KEY") {
			return errors.New("certificateur inconnu dans ce dossier")
		}
		return dbError(err)
	}
	c.ID, err = res.LastInsertId()
	return dbError(err)
}

// Certifications lists the dossier's certifications, by id.
func (t *Tx) Certifications() (map[int64]core.Certification, error) {
	rows, err := t.tx.Query("SELECT id, certificateur_id, type, code, titre, nature FROM certifications")
	if err != nil {
		return nil, dbError(err)
	}
	defer rows.Close()
	out := map[int64]core.Certification{}
	for rows.Next() {
		var c core.Certification
		if err := rows.Scan(&c.ID, &c.CertificateurID, &c.Type, &c.Code, &c.Titre, &c.Nature); err != nil {
			return nil, dbError(err)
		}
		out[c.ID] = c
	}
	return out, dbError(rows.Err())
}

func (t *Tx) certification(id int64) (core.Certification, error) {
	c := core.Certification{ID: id}
	err := t.queryRow("SELECT certificateur_id, type, code, titre, nature FROM certifications WHERE id = ?", id).
		Scan(&c.CertificateurID, &c.Type, &c.Code, &c.Titre, &c.Nature)
	if errors.Is(err, sql.ErrNoRows) {
		return c, errors.New("certification inconnue dans ce dossier")
	}
	return c, dbError(err)
}

// encodeValues stores values as a JSON object, keys in order; nil
// (« donnée non connue ») becomes JSON null, empty values are left out.
// Written by hand: it runs for every row of an import, and encoding/json
// spends most of its time on reflection and sorting for these small maps.
func encodeValues(vs core.Values) string {
	var keysBuf [48]string
	keys := keysBuf[:0]
	for k, v := range vs {
		if v.Nil || v.Text != "" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	b := make([]byte, 0, 32*len(keys)+2)
	b = append(b, '{')
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, k)
		b = append(b, ':')
		if v := vs[k]; v.Nil {
			b = append(b, "null"...)
		} else {
			b = appendJSONString(b, v.Text)
		}
	}
	b = append(b, '}')
	return string(b)
}

// appendJSONString appends s as a JSON string, escaped as encoding/json
// does (HTML characters and U+2028/U+2029 included, invalid UTF-8 as
// U+FFFD), so that both decode and compare alike.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, "\\ufffd"...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// errUnreadable is said of stored data that no longer decodes: the file
// was damaged outside Certidépôt (a disk fault, an edit by another tool).
var errUnreadable = errors.New("des données du dossier sont illisibles (fichier abîmé en dehors de Certidépôt ?) : restaurez une sauvegarde (certidepot-cli sauvegardes, puis restaurer)")

func decodeValues(s string) (core.Values, error) {
	// The dossier's own encoding (encodeValues) is read directly; anything
	// else (an older or hand-made file) through encoding/json.
	if vs, ok := decodeFlat(s); ok {
		return vs, nil
	}
	var m map[string]*string
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		return nil, errUnreadable
	}
	vs := make(core.Values, len(m))
	for k, p := range m {
		if p == nil {
			vs[k] = core.Value{Nil: true}
		} else {
			vs[k] = core.Value{Text: *p}
		}
	}
	return vs, nil
}

// decodeFlat reads {"key":"text"|null,…} whose strings hold no escape:
// what encodeValues writes for nearly every value. ok is false for
// anything else, which the caller reads the slow, general way.
func decodeFlat(s string) (core.Values, bool) {
	if len(s) < 2 || s[0] != '{' || s[len(s)-1] != '}' || strings.IndexByte(s, '\\') >= 0 {
		return nil, false
	}
	vs := make(core.Values, strings.Count(s, ":"))
	i := 1
	if s[i] == '}' {
		return vs, i == len(s)-1
	}
	for {
		key, next, ok := flatString(s, i)
		if !ok || next >= len(s) || s[next] != ':' {
			return nil, false
		}
		i = next + 1
		switch {
		case strings.HasPrefix(s[i:], "null"):
			vs[key] = core.Value{Nil: true}
			i += 4
		default:
			text, next, ok := flatString(s, i)
			if !ok {
				return nil, false
			}
			vs[key] = core.Value{Text: text}
			i = next
		}
		if i >= len(s) {
			return nil, false
		}
		switch s[i] {
		case ',':
			i++
		case '}':
			return vs, i == len(s)-1
		default:
			return nil, false
		}
	}
}

// flatString reads the JSON string starting at s[i] (no escapes).
func flatString(s string, i int) (string, int, bool) {
	if i >= len(s) || s[i] != '"' {
		return "", i, false
	}
	end := strings.IndexByte(s[i+1:], '"')
	if end < 0 {
		return "", i, false
	}
	text := s[i+1 : i+1+end]
	for j := 0; j < len(text); j++ {
		if text[j] < 0x20 {
			return "", i, false
		}
	}
	return text, i + 2 + end, true
}

var bgCtx = context.Background()

// UpdateCertification changes a certification's type, code, title or
// nature; its passages are validated again.
func (t *Tx) UpdateCertification(c core.Certification) error {
	if _, err := t.tx.Exec("UPDATE certifications SET type = ?, code = ?, titre = ?, nature = ? WHERE id = ?", c.Type, c.Code, c.Titre, c.Nature, c.ID); err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return fmt.Errorf("la certification %s %s existe déjà pour ce certificateur", c.Type, c.Code)
		}
		return dbError(err)
	}
	_, err := t.revalidate("p.certification_id = ?", c.ID)
	return err
}
