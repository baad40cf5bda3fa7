// Package faults is Certidépôt's fault-injection suite. It has no code of
// its own outside its tests: they build certidepot-cli from the tree, run
// it as real processes on real dossiers (SQLite files), spreadsheets and
// XML files, and break those runs the ways a machine breaks them — kill -9
// at random offsets and at chosen instants, a full disk (a small tmpfs),
// two processes on one dossier, cut or corrupted inputs. After each fault
// it checks the invariants:
//
//   - PRAGMA integrity_check is "ok";
//   - every operation is all-or-nothing: the dossier's counts are exactly
//     those before the operation or those after it;
//   - a deposit file exists at its final path if and only if its deposit is
//     recorded (same size and SHA-256);
//   - every backup listed by "sauvegardes" opens, is complete and is
//     readable by its owner only;
//   - no personal data is left outside the dossier and its backups (temp
//     files, partial copies), once the next command has run on the dossier;
//   - every message shown to users is French (no English phrase of the
//     list in french_test.go, no untranslated library message).
//
// It ends with one line per operation: faults injected, invariants held.
//
// Environment:
//
//	CERTIDEPOT_FAULTS=full        full campaign (at least 50 kills per operation)
//	                              and one test per known hole (make faults);
//	                              unset: brief campaign, run by make test
//	CERTIDEPOT_FAULTS_SEED=N      replay a run (its seed is printed first);
//	                              the brief run always uses the same seed
//	CERTIDEPOT_FAULTS_KILLS=N     random kills per operation
//	CERTIDEPOT_FAULTS_CLI=PATH    test this binary instead of building one
//	CERTIDEPOT_FAULTS_KEEP=1      keep the work directories (their path is logged)
//
// Fault points inside transactions use a hook of the binary,
// CERTIDEPOT_FAULT=point[:n] (the process kills itself with SIGKILL the
// n-th time it reaches the point); those cases are skipped when the binary
// does not list its points (CERTIDEPOT_FAULT=points).
package faults
