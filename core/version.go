package core

// AppVersion is Certidépôt's version, printed by the GUI and the CLI.
const AppVersion = "0.1.0"
