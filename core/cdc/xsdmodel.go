package cdc

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
)

// xsdModel is a light reading of an XSD's element declarations, next to
// libxml2's compiled schema: for each element with element content, its
// content model (all, sequence, choice, with minOccurs). libxml2 says
// "Expected is one of ( … )" with every element the content model still
// allows, optional ones included; the model tells which are mandatory.
type xsdModel struct {
	types    map[string]*xnode // complexType by name
	globals  map[string]*xnode // global element by name
	byName   map[string]*xnode // element declaration by local name, element content first
	names    []string          // every element name declared, in document order
	contents map[*xnode]*xsdGroup
}

// xsdGroup is a compositor: all, sequence or choice.
type xsdGroup struct {
	Kind     string
	Min, Max int // Max < 0: unbounded
	Items    []xsdParticle
}

// xsdParticle is an element or a nested compositor.
type xsdParticle struct {
	Elem  string
	Min   int
	Group *xsdGroup
}

type xnode struct {
	Name string // local name in the XSD namespace
	Attr map[string]string
	Kids []*xnode
}

const xsdNS = "http://www.w3.org/2001/XMLSchema"

func parseXSDModel(b []byte) (*xsdModel, error) {
	dec := xml.NewDecoder(bytes.NewReader(b))
	var stack []*xnode
	var root *xnode
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &xnode{Name: t.Name.Local, Attr: map[string]string{}}
			if t.Name.Space != xsdNS {
				n.Name = "" // annotations of other vocabularies
			}
			for _, a := range t.Attr {
				if a.Name.Space == "" {
					n.Attr[a.Name.Local] = a.Value
				}
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.Kids = append(p.Kids, n)
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
	m := &xsdModel{types: map[string]*xnode{}, globals: map[string]*xnode{}, byName: map[string]*xnode{}, contents: map[*xnode]*xsdGroup{}}
	if root == nil {
		return m, nil
	}
	for _, k := range root.Kids {
		switch k.Name {
		case "complexType":
			m.types[k.Attr["name"]] = k
		case "element":
			m.globals[k.Attr["name"]] = k
		}
	}
	var walk func(n *xnode)
	walk = func(n *xnode) {
		if n.Name == "element" && n.Attr["name"] != "" {
			name := n.Attr["name"]
			if prev, ok := m.byName[name]; !ok {
				m.names = append(m.names, name)
				m.byName[name] = n
			} else if m.content(prev) == nil && m.content(n) != nil {
				m.byName[name] = n
			}
		}
		for _, k := range n.Kids {
			walk(k)
		}
	}
	walk(root)
	return m, nil
}

func localPart(qname string) string {
	if i := strings.IndexByte(qname, ':'); i >= 0 {
		return qname[i+1:]
	}
	return qname
}

func occurs(n *xnode, attr string) int {
	v, ok := n.Attr[attr]
	switch {
	case !ok:
		return 1
	case v == "unbounded":
		return -1
	}
	i, err := strconv.Atoi(v)
	if err != nil {
		return 1
	}
	return i
}

// content returns the content model of an element declaration, nil for
// simple content.
func (m *xsdModel) content(decl *xnode) *xsdGroup {
	if g, ok := m.contents[decl]; ok {
		return g
	}
	m.contents[decl] = nil // guards against recursive types
	var ct *xnode
	for _, k := range decl.Kids {
		if k.Name == "complexType" {
			ct = k
		}
	}
	if ct == nil {
		ct = m.types[localPart(decl.Attr["type"])]
	}
	var g *xsdGroup
	if ct != nil {
		for _, k := range ct.Kids {
			if k.Name == "all" || k.Name == "sequence" || k.Name == "choice" {
				g = m.group(k)
				break
			}
		}
	}
	m.contents[decl] = g
	return g
}

func (m *xsdModel) group(n *xnode) *xsdGroup {
	g := &xsdGroup{Kind: n.Name, Min: occurs(n, "minOccurs"), Max: occurs(n, "maxOccurs")}
	for _, k := range n.Kids {
		switch k.Name {
		case "element":
			name := k.Attr["name"]
			if name == "" {
				name = localPart(k.Attr["ref"])
			}
			g.Items = append(g.Items, xsdParticle{Elem: name, Min: occurs(k, "minOccurs")})
		case "all", "sequence", "choice":
			sub := m.group(k)
			g.Items = append(g.Items, xsdParticle{Group: sub, Min: sub.Min})
		}
	}
	return g
}

// baseType returns the XSD built-in type an element's value is of
// ("int", "boolean", "date", "dateTime", "string"…), "" when unknown.
func (m *xsdModel) baseType(name string) string {
	d, ok := m.byName[name]
	if !ok {
		return ""
	}
	if t := d.Attr["type"]; t != "" {
		return localPart(t)
	}
	for _, k := range d.Kids {
		if k.Name == "simpleType" {
			for _, r := range k.Kids {
				if r.Name == "restriction" {
					return localPart(r.Attr["base"])
				}
			}
		}
	}
	return ""
}

// declares reports whether the schema declares an element of that name.
func (m *xsdModel) declares(name string) bool {
	_, ok := m.byName[name]
	return ok
}

// contentOf returns the content model of the element of that name.
func (m *xsdModel) contentOf(name string) *xsdGroup {
	d, ok := m.byName[name]
	if !ok {
		return nil
	}
	return m.content(d)
}

// missing lists what the element named parent lacks, given the distinct
// names of the children it has: each item is one mandatory element, or
// the alternatives of a choice none of which is there.
func (m *xsdModel) missing(parent string, present []string) [][]string {
	g := m.contentOf(parent)
	if g == nil {
		return nil
	}
	has := map[string]bool{}
	for _, p := range present {
		has[p] = true
	}
	return missingIn(g, has, g.Min >= 1)
}

func missingIn(g *xsdGroup, has map[string]bool, required bool) [][]string {
	if !required && !touches(xsdParticle{Group: g}, has) {
		return nil
	}
	if g.Kind == "choice" {
		for _, it := range g.Items {
			if touches(it, has) {
				return missingItem(it, has, true)
			}
		}
		var alts []string
		for _, it := range g.Items {
			if emptiable(it) {
				return nil
			}
			alts = append(alts, firstNames(it)...)
		}
		if len(alts) == 0 {
			return nil
		}
		return [][]string{alts}
	}
	var out [][]string
	for _, it := range g.Items {
		out = append(out, missingItem(it, has, it.Min >= 1)...)
	}
	return out
}

func missingItem(p xsdParticle, has map[string]bool, required bool) [][]string {
	if p.Group != nil {
		return missingIn(p.Group, has, required)
	}
	if required && !has[p.Elem] {
		return [][]string{{p.Elem}}
	}
	return nil
}

func touches(p xsdParticle, has map[string]bool) bool {
	if p.Group == nil {
		return has[p.Elem]
	}
	for _, it := range p.Group.Items {
		if touches(it, has) {
			return true
		}
	}
	return false
}

func emptiable(p xsdParticle) bool {
	if p.Min == 0 {
		return true
	}
	if p.Group == nil {
		return false
	}
	if p.Group.Kind == "choice" {
		for _, it := range p.Group.Items {
			if emptiable(it) {
				return true
			}
		}
		return false
	}
	for _, it := range p.Group.Items {
		if !emptiable(it) {
			return false
		}
	}
	return true
}

// firstNames names what starts a particle: the element itself, or the
// mandatory elements of a group.
func firstNames(p xsdParticle) []string {
	if p.Group == nil {
		return []string{p.Elem}
	}
	var out []string
	for _, it := range p.Group.Items {
		if !emptiable(it) {
			out = append(out, firstNames(it)...)
			if p.Group.Kind != "all" {
				break
			}
		}
	}
	return out
}
