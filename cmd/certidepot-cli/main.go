// Command certidepot-cli does Certidépôt's jobs without a window, for
// automation and tests. Its commands, flags, exit codes and JSON fields are
// a stable interface: see README.md.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/certidepot/certidepot/core/dossier"
	"github.com/certidepot/certidepot/core/fault"
)

// Exit codes.
const (
	exitOK      = 0 // done
	exitFlagged = 1 // done, but the data has errors
	exitRefused = 2 // refused: wrong arguments, unreadable or hostile input; nothing changed
)

// command is one sub-command: run returns the exit code, or an error
// (exit 2) whose message is French and says what to do.
type command struct {
	usage string // arguments, after the command name
	help  string // one French sentence
	run   func(env *env, args []string) (int, error)
}

// commands are the sub-commands, by name; each is defined in its file.
var commands = map[string]command{
	"annuler-depot":  cmdAnnulerDepot,
	"annuler-import": cmdAnnulerImport,
	"check":          cmdCheck,
	"colonnes":       cmdColonnes,
	"deposits":       cmdDeposits,
	"effacer-nir":    cmdEffacerNir,
	"exemple":        cmdExemple,
	"exemple-liste":  cmdExempleListe,
	"lecture-brute":  cmdLectureBrute,
	"export":         cmdExport,
	"export-xlsx":    cmdExportXlsx,
	"import-accuse":  cmdImportAccuse,
	"import-xlsx":    cmdImportXlsx,
	"import-xml":     cmdImportXml,
	"init":           cmdInit,
	"lieu":           cmdLieu,
	"passages":       cmdPassages,
	"pays":           cmdPays,
	"relances":       cmdRelances,
	"renvoyer":       cmdRenvoyer,
	"sauvegarder":    cmdSauvegarder,
	"restaurer":      cmdRestaurer,
	"retirer":        cmdRetirer,
	"sauvegardes":    cmdSauvegardes,
	"template":       cmdTemplate,
	"titulaire":      cmdTitulaire,
	"validate":       cmdValidate,
	"version":        cmdVersion,
	"xsd":            cmdXsd,
}

// env is what commands write to; tests give buffers.
type env struct {
	stdout, stderr io.Writer
}

func main() {
	defer func() {
		// A crash message must not carry holder data: say what matters
		// (nothing half-written) and nothing else.
		if r := recover(); r != nil {
			dossier.RemovePrivateTempDir()
			fmt.Fprintln(os.Stderr, "certidepot-cli : erreur interne inattendue. L'opération en cours a été abandonnée sans rien enregistrer (chaque opération est une transaction). Relancez la commande ; si l'erreur persiste, signalez-la sans joindre de données personnelles.")
			os.Exit(exitRefused)
		}
	}()
	fault.List(os.Stderr)
	dossier.RemoveStaleTempDirs()
	dossier.TuneMemory()
	stop := startProfile()
	code := run(&env{stdout: os.Stdout, stderr: os.Stderr}, os.Args[1:])
	stop()
	dossier.RemovePrivateTempDir()
	os.Exit(code)
}

func run(e *env, args []string) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" || args[0] == "aide" {
		usage(e.stdout)
		if len(args) == 0 {
			return exitRefused
		}
		return exitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "certidepot-cli : commande inconnue « %s ». Tapez « certidepot-cli aide » pour la liste des commandes.\n", args[0])
		return exitRefused
	}
	code, err := cmd.run(e, args[1:])
	if errors.Is(err, errHelp) {
		fmt.Fprintf(e.stdout, "Usage : certidepot-cli %s %s\n    %s\nTapez « certidepot-cli aide » pour la liste des commandes.\n", args[0], cmd.usage, cmd.help)
		return exitOK
	}
	if err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintf(e.stderr, "certidepot-cli %s : %s\nUsage : certidepot-cli %s %s\n", args[0], err, args[0], cmd.usage)
		} else {
			fmt.Fprintf(e.stderr, "certidepot-cli %s : %s\n", args[0], err)
		}
		return exitRefused
	}
	return code
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Certidépôt, en ligne de commande : dépôts des passages de certification à la Caisse des Dépôts.")
	fmt.Fprintln(w, "\nCommandes :")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		c := commands[n]
		fmt.Fprintf(w, "  certidepot-cli %s %s\n      %s\n", n, c.usage, c.help)
	}
	fmt.Fprintln(w, "\nCodes de sortie : 0 terminé ; 1 terminé, mais des données ont des erreurs ; 2 refusé, rien n'a été modifié.")
}

// usageError marks a wrong invocation: the usage line is printed after it.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// joinLines is used by commands printing lists.
func joinLines(lines []string) string { return strings.Join(lines, "\n") }
