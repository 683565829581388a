// Command jiati-ferretdb runs FerretDB v1 with its SQLite backend, embedded as a Go package,
// as the child process of a Jiati server.
//
// Why a wrapper instead of the official `ferretdb` binary:
//   - it listens on 127.0.0.1:0, so the operating system picks a free port atomically and the
//     wrapper prints the address it got ("READY mongodb://127.0.0.1:PORT/") — no port race;
//   - it never outlives its parent: it stops when its standard input reaches end of file (the
//     parent's end of the pipe closes even on `kill -9`), or when it is re-parented;
//   - it builds the SQLite and PostgreSQL handlers only, with telemetry off;
//   - it adds the SQLite index FerretDB's `_id` lookups need (idindex.go), so they stop scanning.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	dir := flag.String("dir", "./data/ferretdb", "directory holding the SQLite database files")
	listen := flag.String("listen", "127.0.0.1:0", "TCP address to listen on (port 0 picks a free one)")
	logLevel := flag.String("log-level", "warn", "debug, info, warn or error")
	watchStdin := flag.Bool("watch-stdin", true, "stop when standard input reaches end of file")
	flag.Parse()

	if err := run(*dir, *listen, *logLevel, *watchStdin); err != nil {
		fmt.Fprintf(os.Stderr, "jiati-ferretdb: %v\n", err)
		os.Exit(1)
	}
}

func run(dir, listen, logLevel string, watchStdin bool) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return fmt.Errorf("cannot create data directory: %w", err)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("bad -log-level %q", logLevel)
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level}))

	f, err := ferretdb.New(&ferretdb.Config{
		Listener:  ferretdb.ListenerConfig{TCP: listen},
		Logger:    logger,
		Handler:   "sqlite",
		SQLiteURL: "file:" + abs + "/",
	})
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	if watchStdin {
		go func() {
			// Any read result — data is ignored — until EOF or an error means the parent is gone.
			_, _ = io.Copy(io.Discard, os.Stdin)
			cancel()
		}()
	}
	parent := os.Getppid()
	go func() {
		for range time.Tick(500 * time.Millisecond) {
			if os.Getppid() != parent {
				cancel()
				return
			}
		}
	}()

	go newIDIndexer(abs, logger).run(ctx, time.Second)

	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = f.Run(ctx)
	}()

	// MongoDBURI waits until the listener is bound, so the port is known.
	fmt.Printf("READY %s\n", f.MongoDBURI())

	<-done
	return nil
}
