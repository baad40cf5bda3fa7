package core

// DefaultValues are the values given to a passage's fields that an import
// does not provide: the usual case of a certifier, shown to the user
// before an import and changeable per dossier. Nillable required fields
// default to "donnée non connue".
func DefaultValues() Values {
	vs := Values{}
	vs.Set("obtentionCertification", "PAR_ADMISSION")
	vs.Set("donneeCertifiee", "true")
	vs.Set(KeyPresenceLangue, "false")
	vs.Set(KeyPresenceNumeriq, "false")
	for _, f := range dictionary {
		if f.Nillable && f.Obligation == ObligatoireSaufNil && (f.Scope == ScopePassage || f.Scope == ScopeHolder) {
			vs.SetNil(f.Key)
		}
	}
	return vs
}

// Describe returns a value as shown to users: the French label of a code,
// "donnée non connue" for nil, Oui/Non for booleans.
func (f *Field) Describe(v Value) string {
	switch {
	case v.Nil:
		return "donnée non connue"
	case f.Kind == KindBool || f.Kind == KindEnum || f.Kind == KindChoice:
		if l := f.EnumLabel(v.Text); l != "" {
			return l
		}
	case f.Kind == KindDate:
		if d, ok := ParseISODate(v.Text); ok {
			return FrenchDate(d)
		}
	}
	return v.Text
}
