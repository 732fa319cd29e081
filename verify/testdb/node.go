package testdb

import (
	"database/sql"
	"testing"

	"github.com/apimwatch/apimwatch/config"
	"github.com/apimwatch/apimwatch/discovery"
)

// Layout is how a node's UM, REG and AM tables are spread over databases.
type Layout int

const (
	// Shared is WSO2's default: UM and REG in one database (WSO2_SHARED_DB), AM in another;
	// isSeparateRegistryDB is false.
	Shared Layout = iota
	// Separate puts UM, REG and AM each in their own database; isSeparateRegistryDB is true.
	Separate
)

func (l Layout) String() string {
	if l == Separate {
		return "separate"
	}
	return "shared"
}

// Node is a WSO2 node's databases, with the schema created.
type Node struct {
	Layout Layout
	// SeparateRegistryDB is isSeparateRegistryDB for this layout.
	SeparateRegistryDB bool
	// Databases names each role's database; in Shared, UM and REG name the same one.
	Databases map[discovery.Role]string
	// Admin connects to each role's database as the admin, for tests to plant rows; in Shared,
	// UM and REG are the same *sql.DB.
	Admin map[discovery.Role]*sql.DB
	// Configs open each role's database for apimwatch, as a user that may only SELECT.
	Configs map[discovery.Role]config.Database
}

// NewNode creates a node's databases on srv in layout, with the 4.2 schema; everything is
// dropped when the test ends.
func NewNode(t testing.TB, srv *Server, layout Layout) *Node {
	t.Helper()
	return newNode(t, srv, layout, PartAM)
}

// NewNode32 is NewNode with the AM schema of 3.2, as a node not yet migrated has it.
func NewNode32(t testing.TB, srv *Server, layout Layout) *Node {
	t.Helper()
	return newNode(t, srv, layout, PartAM32)
}

func newNode(t testing.TB, srv *Server, layout Layout, amPart string) *Node {
	t.Helper()
	// The roles of each database, and the schema parts it holds.
	type database struct {
		roles []discovery.Role
		parts []string
	}
	databases := []database{
		{[]discovery.Role{discovery.RoleUM, discovery.RoleREG}, []string{PartUM, PartREG}},
		{[]discovery.Role{discovery.RoleAM}, []string{amPart, PartIDN}},
	}
	if layout == Separate {
		databases = []database{
			{[]discovery.Role{discovery.RoleUM}, []string{PartUM}},
			{[]discovery.Role{discovery.RoleREG}, []string{PartREG}},
			{[]discovery.Role{discovery.RoleAM}, []string{amPart, PartIDN}},
		}
	}

	n := &Node{
		Layout: layout, SeparateRegistryDB: layout == Separate,
		Databases: map[discovery.Role]string{}, Admin: map[discovery.Role]*sql.DB{},
		Configs: map[discovery.Role]config.Database{},
	}
	var names []string
	for _, d := range databases {
		name, adminDSN := srv.NewDatabase(t, string(d.roles[0]))
		ApplySchema(t, adminDSN, srv.Vendor, d.parts...)
		admin := OpenAdmin(t, srv.Driver, adminDSN)
		for _, role := range d.roles {
			n.Databases[role], n.Admin[role] = name, admin
		}
		names = append(names, name)
	}
	reader := srv.ReadOnlyUser(t, names...)
	for role, name := range n.Databases {
		n.Configs[role] = srv.Config(name, reader)
	}
	return n
}
