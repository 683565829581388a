package main

// FerretDB v1.24 with SQLite creates each collection's `_id` index on the expression
// _ferretdb_sjson->"_id", but looks documents up by `_id` with _ferretdb_sjson->'$._id'. SQLite
// only uses an expression index whose expression matches the query's, so every `_id` lookup,
// update and delete scans its whole table (README, "Database findings"): the inbox, the outbox
// and the deadlines get slower with every document they hold.
//
// The indexer below adds, beside FerretDB's own index, a plain (non-unique) SQLite index on the
// expression the lookups use, to every collection table of every database file in the data
// directory. FerretDB still enforces `_id` uniqueness with its own index and never sees this one
// (its index list comes from its own metadata); dropping a collection drops the table and its
// indexes with it. Nothing of FerretDB is changed: this is what a DBA would do by hand.

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"syscall"
	"time"

	_ "modernc.org/sqlite" // the same SQLite driver FerretDB uses
)

type indexedFile struct {
	db     *sql.DB
	inode  uint64
	tables map[string]bool
}

type idIndexer struct {
	dir   string
	log   *slog.Logger
	files map[string]*indexedFile
}

func newIDIndexer(dir string, log *slog.Logger) *idIndexer {
	return &idIndexer{dir: dir, log: log, files: map[string]*indexedFile{}}
}

// run indexes at once, then every `every`, until ctx is done.
func (x *idIndexer) run(ctx context.Context, every time.Duration) {
	ticker := time.NewTicker(every)
	defer ticker.Stop()
	defer x.closeAll()
	for {
		x.sweep(ctx)
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

func (x *idIndexer) closeAll() {
	for name, file := range x.files {
		_ = file.db.Close()
		delete(x.files, name)
	}
}

func inodeOf(path string) (uint64, bool) {
	info, err := os.Stat(path)
	if err != nil {
		return 0, false
	}
	stat, ok := info.Sys().(*syscall.Stat_t)
	if !ok {
		return 0, false
	}
	return stat.Ino, true
}

func (x *idIndexer) sweep(ctx context.Context) {
	paths, _ := filepath.Glob(filepath.Join(x.dir, "*.sqlite"))
	seen := map[string]bool{}
	for _, path := range paths {
		seen[path] = true
		if err := x.indexFile(ctx, path); err != nil && ctx.Err() == nil {
			x.log.Debug("jiati-ferretdb: _id index not added yet", "file", filepath.Base(path), "error", err)
		}
	}
	// A database that was dropped: let its file go.
	for path, file := range x.files {
		if !seen[path] {
			_ = file.db.Close()
			delete(x.files, path)
		}
	}
}

func (x *idIndexer) indexFile(ctx context.Context, path string) error {
	inode, ok := inodeOf(path)
	if !ok {
		return nil
	}
	file := x.files[path]
	if file != nil && file.inode != inode {
		// Dropped and created again under the same name: start over on the new file.
		_ = file.db.Close()
		file = nil
	}
	if file == nil {
		db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)")
		if err != nil {
			return err
		}
		db.SetMaxOpenConns(1)
		file = &indexedFile{db: db, inode: inode, tables: map[string]bool{}}
		x.files[path] = file
	}

	rows, err := file.db.QueryContext(ctx, `SELECT table_name FROM "_ferretdb_collections"`)
	if err != nil {
		return err // a database with no collection yet has no metadata table
	}
	var tables []string
	for rows.Next() {
		var table string
		if err := rows.Scan(&table); err != nil {
			_ = rows.Close()
			return err
		}
		if !file.tables[table] {
			tables = append(tables, table)
		}
	}
	_ = rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}

	for _, table := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (_ferretdb_sjson->'$._id')`, table+"_jiati_id", table)
		if _, err := file.db.ExecContext(ctx, q); err != nil {
			return err
		}
		file.tables[table] = true
	}
	return nil
}
