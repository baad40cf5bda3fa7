// Package schemas embeds Certidépôt's own XSD files for the CDC deposit
// format. They are written from the CDC's format facts; core/cdc's tests
// prove they give the official XSD's verdicts.
package schemas

import "embed"

// FS holds certidepot-cdc-<version>.xsd for each supported version.
//
//go:embed *.xsd
var FS embed.FS

// File returns the file name of the schema for an XSD version.
func File(version string) string { return "certidepot-cdc-" + version + ".xsd" }
